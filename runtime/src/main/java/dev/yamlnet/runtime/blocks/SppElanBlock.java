package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code SPPELAN(c1, c2, c3, k)} (YOLOv9): {@code cv1} (1x1, {@code c1 -> c3}), three
 * chained {@code k x k} max-pools (stride 1, padding {@code k / 2}; modules {@code cv2} to
 * {@code cv4}, no tensors), {@code cv5} (1x1) over the four maps ({@code 4 c3 -> c2}).
 */
public final class SppElanBlock extends YoloBlock {
    private final int c2;
    private final int k;
    private final ConvBlock cv1;
    private final ConvBlock cv5;

    public SppElanBlock(int c1, int c2, int c3, int k) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("c3", c3);
        this.c2 = c2;
        this.k = k;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c3).build());
        cv5 = addChildBlock("cv5", ConvBlock.builder().setChannels(4 * c3, c2).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList ys = new NDList(cv1.forward(ps, inputs, training, params).singletonOrThrow());
        for (int i = 0; i < 3; i++) {
            ys.add(Pool.maxPool2d(
                    ys.get(ys.size() - 1), new Shape(k, k), new Shape(1, 1), new Shape(k / 2, k / 2), false));
        }
        return cv5.forward(ps, new NDList(NDArrays.concat(ys, 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv5, prefix, "cv5", out);
    }
}
