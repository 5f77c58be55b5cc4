package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code Segment26} (YOLO26): {@link DetectBlock} plus {@code nm} mask coefficients per
 * anchor ({@code cv4.i}, and {@code one2one_cv4.i} when end-to-end) and a {@link Proto26Block} over
 * all levels ({@code proto}).
 *
 * <p>Eval output, end-to-end: {@code [B, k, 6 + nm]} (box x1, y1, x2, y2, score, class, mask
 * coefficients), the prototypes {@code [B, nm, 2 H0, 2 W0]}, then the pre-top-k
 * {@code [B, 4 + nc + nm, A]}; otherwise Segment's pair {@code [B, 4 + nc + nm, A]} and prototypes.
 */
public final class Segment26Block extends DetectBlock {
    private final Proto26Block proto;

    private Segment26Block(Builder head, int masks, int protoChannels, int[] channels, int nc) {
        super(head, masks);
        proto = addChildBlock("proto", new Proto26Block(channels, protoChannels, masks, nc));
    }

    /** {@code Segment26(nc, nm, npr, ...)} over the levels {@code head} describes. */
    public static Segment26Block of(Builder head, int masks, int protoChannels, int[] channels, int nc) {
        Blocks.requirePositive("masks", masks);
        Blocks.requirePositive("prototype channels", protoChannels);
        return new Segment26Block(head, masks, protoChannels, channels, nc);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        proto.initialize(manager, dataType, inputShapes);
    }

    @Override
    protected NDList finish(
            NDList outputs, NDList feats, ParameterStore ps, boolean training, PairList<String, Object> params) {
        NDList out = new NDList(outputs);
        out.addAll(proto.forward(ps, feats, training, params));
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] head = super.getOutputShapes(inputShapes);
        Shape protos = proto.getOutputShapes(inputShapes)[0];
        return end2end ? new Shape[] {head[0], protos, head[1]} : new Shape[] {head[0], protos};
    }

    @Override
    protected void collectTaskParameters(String prefix, Map<String, Parameter> out) {
        collectChild(proto, prefix, "proto", out);
    }
}
