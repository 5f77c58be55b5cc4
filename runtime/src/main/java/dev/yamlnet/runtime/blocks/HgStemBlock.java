package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.Activation;
import dev.yamlnet.core.ShapeMath;
import java.util.Map;

/**
 * Ultralytics' {@code HGStem(c1, cm, c2)} (PP-HGNetV2's stem): {@code stem1} 3x3 stride 2 to
 * {@code cm}; its output padded by one column right and one row bottom feeds a 2x2 max-pool
 * (stride 1, ceil mode) and {@code stem2a} (2x2 to {@code cm/2}), padded again, then {@code stem2b}
 * (2x2 back to {@code cm}); the two are concatenated (pool first), {@code stem3} 3x3 stride 2 to
 * {@code cm} and {@code stem4} 1x1 to {@code c2}. Every conv has its own ReLU.
 */
public final class HgStemBlock extends YoloBlock {
    private final int c2;
    private final ConvBlock stem1;
    private final ConvBlock stem2a;
    private final ConvBlock stem2b;
    private final ConvBlock stem3;
    private final ConvBlock stem4;

    public HgStemBlock(int c1, int cm, int c2) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden channels / 2", cm / 2);
        Blocks.requirePositive("output channels", c2);
        this.c2 = c2;
        stem1 = addChildBlock("stem1", relu(c1, cm, 3, 2, 1));
        stem2a = addChildBlock("stem2a", relu(cm, cm / 2, 2, 1, 0));
        stem2b = addChildBlock("stem2b", relu(cm / 2, cm, 2, 1, 0));
        stem3 = addChildBlock("stem3", relu(2 * cm, cm, 3, 2, 1));
        stem4 = addChildBlock("stem4", relu(cm, c2, 1, 1, 0));
    }

    private static ConvBlock relu(int in, int out, int k, int s, int p) {
        return ConvBlock.builder()
                .setChannels(in, out)
                .optKernel(k)
                .optStride(s)
                .optPadding(p)
                .optActivation(Activation.parse("nn.ReLU()"))
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = stem1.forward(ps, inputs, training, params).singletonOrThrow();
        x = x.pad(new Shape(0, 1, 0, 1), 0);
        NDArray x2 = stem2a.forward(ps, new NDList(x), training, params).singletonOrThrow();
        x2 = x2.pad(new Shape(0, 1, 0, 1), 0);
        x2 = stem2b.forward(ps, new NDList(x2), training, params).singletonOrThrow();
        NDArray x1 = Pool.maxPool2d(x, new Shape(2, 2), new Shape(1, 1), new Shape(0, 0), true);
        NDArray y = NDArrays.concat(new NDList(x1, x2), 1);
        y = stem3.forward(ps, new NDList(y), training, params).singletonOrThrow();
        return stem4.forward(ps, new NDList(y), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = ShapeMath.convOut(ShapeMath.convOut(in.get(2), 3, 2, 1, 1), 3, 2, 1, 1);
        long w = ShapeMath.convOut(ShapeMath.convOut(in.get(3), 3, 2, 1, 1), 3, 2, 1, 1);
        return new Shape[] {new Shape(in.get(0), c2, h, w)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(stem1, prefix, "stem1", out);
        collectChild(stem2a, prefix, "stem2a", out);
        collectChild(stem2b, prefix, "stem2b", out);
        collectChild(stem3, prefix, "stem3", out);
        collectChild(stem4, prefix, "stem4", out);
    }
}
