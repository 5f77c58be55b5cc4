package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.ShapeMath;
import java.util.Map;

/**
 * Ultralytics' YOLOv9 downsamplers, both starting with {@code avg_pool2d(x, 2, 1, 0)} (one pixel
 * smaller): {@code AConv(c1, c2)} then a 3x3 stride-2 Conv ({@code cv1}); {@code ADown(c1, c2)}
 * splits the channels in halves, the first through a 3x3 stride-2 Conv ({@code cv1}), the second
 * through {@code max_pool2d(3, 2, 1)} and a 1x1 Conv ({@code cv2}), and concatenates them.
 */
public final class ADownBlock extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;

    private ADownBlock(int c1, int c2, boolean split) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("output channels", c2);
        this.c2 = c2;
        int in = split ? c1 / 2 : c1;
        int out = split ? c2 / 2 : c2;
        cv1 = addChildBlock(
                "cv1",
                ConvBlock.builder()
                        .setChannels(in, out)
                        .optKernel(3)
                        .optStride(2)
                        .optPadding(1)
                        .build());
        cv2 = split
                ? addChildBlock("cv2", ConvBlock.builder().setChannels(in, out).build())
                : null;
    }

    /** {@code AConv(c1, c2)}. */
    public static ADownBlock aConv(int c1, int c2) {
        return new ADownBlock(c1, c2, false);
    }

    /** {@code ADown(c1, c2)}. */
    public static ADownBlock aDown(int c1, int c2) {
        return new ADownBlock(c1, c2, true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Pool.avgPool2d(
                inputs.singletonOrThrow(), new Shape(2, 2), new Shape(1, 1), new Shape(0, 0), false, true);
        if (cv2 == null) {
            return cv1.forward(ps, new NDList(x), training, params);
        }
        NDList halves = x.split(2, 1);
        NDArray a = cv1.forward(ps, new NDList(halves.get(0)), training, params).singletonOrThrow();
        NDArray p = Pool.maxPool2d(halves.get(1), new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        NDArray b = cv2.forward(ps, new NDList(p), training, params).singletonOrThrow();
        return new NDList(NDArrays.concat(new NDList(a, b), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = ShapeMath.convOut(in.get(2) - 1, 3, 2, 1, 1);
        long w = ShapeMath.convOut(in.get(3) - 1, 3, 2, 1, 1);
        return new Shape[] {new Shape(in.get(0), c2, h, w)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        if (cv2 != null) {
            collectChild(cv2, prefix, "cv2", out);
        }
    }
}
