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
 * Ultralytics' {@code Segment} head: {@link DetectBlock} plus {@code nm} mask coefficients per anchor
 * ({@code cv4.i}) and a {@link ProtoBlock} on the first level ({@code proto}).
 *
 * <p>Eval output, as Ultralytics' {@code (y, proto)}: two arrays, {@code [B, 4 + nc + nm, A]} (decoded
 * boxes, class scores, raw mask coefficients) and the prototypes {@code [B, nm, 2 H0, 2 W0]}. In
 * training mode: box logits, class logits, mask coefficients and the prototypes.
 */
public final class SegmentBlock extends DetectBlock {
    private final ProtoBlock proto;

    private SegmentBlock(Builder head, int masks, int protoChannels) {
        super(head, masks);
        proto = addChildBlock("proto", new ProtoBlock(head.firstChannels(), protoChannels, masks));
    }

    /** {@code Segment(nc, nm, npr, ...)} over the levels {@code head} describes. */
    public static SegmentBlock of(Builder head, int masks, int protoChannels) {
        Blocks.requirePositive("masks", masks);
        return new SegmentBlock(head, masks, protoChannels);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        proto.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    protected NDList finish(
            NDList outputs, NDList feats, ParameterStore ps, boolean training, PairList<String, Object> params) {
        NDList out = new NDList(outputs);
        out.addAll(proto.forward(ps, new NDList(feats.get(0)), training, params));
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            super.getOutputShapes(inputShapes)[0], proto.getOutputShapes(new Shape[] {inputShapes[0]})[0]
        };
    }

    @Override
    protected void collectTaskParameters(String prefix, Map<String, Parameter> out) {
        collectChild(proto, prefix, "proto", out);
    }
}
