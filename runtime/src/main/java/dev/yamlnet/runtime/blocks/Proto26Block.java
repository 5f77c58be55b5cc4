package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code Proto26(ch, c_, c2, nc)} (YOLO26's prototype generator): every level after the
 * first is refined by a 1x1 Conv to {@code ch[0]} channels ({@code feat_refine.i}), upsampled by
 * nearest neighbour to the first level's size and added to it; {@code feat_fuse} (3x3 Conv to
 * {@code c_}) then feeds Proto's stack ({@link ProtoBlock}: 3x3 Conv, 2x2 transposed convolution,
 * 3x3 Conv, 1x1 Conv to {@code c2} masks at twice the first level's size). {@code semseg} (two 3x3
 * Convs and a 1x1 {@code Conv2d} to {@code nc}) only runs in training; it is held for its weights.
 */
public final class Proto26Block extends YoloBlock {
    private final ProtoBlock stack;
    private final List<ConvBlock> refine = new ArrayList<>();
    private final ConvBlock fuse;
    private final ChainBlock semseg;
    private final int masks;

    public Proto26Block(int[] ch, int hidden, int masks, int nc) {
        this.masks = masks;
        stack = addChildBlock("stack", new ProtoBlock(hidden, hidden, masks));
        for (int i = 1; i < ch.length; i++) {
            refine.add(addChildBlock("feat_refine_" + i, DetectBlock.conv(ch[i], ch[0], 1, 1)));
        }
        fuse = addChildBlock("feat_fuse", DetectBlock.conv(ch[0], hidden, 3, 1));
        semseg = addChildBlock(
                "semseg",
                ChainBlock.of(
                        DetectBlock.conv(ch[0], hidden, 3, 1),
                        DetectBlock.conv(hidden, hidden, 3, 1),
                        DetectBlock.plain(hidden, nc)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < refine.size(); i++) {
            refine.get(i).initialize(manager, dataType, inputShapes[i + 1]);
        }
        fuse.initialize(manager, dataType, inputShapes[0]);
        semseg.initialize(manager, dataType, inputShapes[0]);
        stack.initialize(manager, dataType, fuse.getOutputShapes(new Shape[] {inputShapes[0]}));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray feat = inputs.get(0);
        for (int i = 0; i < refine.size(); i++) {
            NDArray up = refine.get(i)
                    .forward(ps, new NDList(inputs.get(i + 1)), training, params)
                    .singletonOrThrow();
            long fh = feat.getShape().get(2) / up.getShape().get(2);
            long fw = feat.getShape().get(3) / up.getShape().get(3);
            up = up.repeat(2, fh).repeat(3, fw);
            feat = feat.add(up);
        }
        NDList fused = fuse.forward(ps, new NDList(feat), training, params);
        return stack.forward(ps, fused, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), masks, 2 * in.get(2), 2 * in.get(3))};
    }

    /** Ultralytics' order: the stack's {@code cv1, upsample, cv2, cv3}, then {@code feat_refine}, {@code feat_fuse}, {@code semseg}. */
    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        stack.collectParameters(prefix, out);
        for (int i = 0; i < refine.size(); i++) {
            collectChild(refine.get(i), prefix, "feat_refine." + i, out);
        }
        collectChild(fuse, prefix, "feat_fuse", out);
        collectChild(semseg, prefix, "semseg", out);
    }
}
