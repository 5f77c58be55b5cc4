package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code SPP(c1, c2, k=(5, 9, 13))} (YOLOv3/v5 spatial pyramid pooling): {@code cv1}
 * (1x1 Conv, {@code c1 -> c1 / 2}), parallel max-pools of each kernel k (stride 1, padding k / 2,
 * no parameters: Ultralytics' {@code m.0}, {@code m.1}, ... have no tensors) on {@code cv1}'s output,
 * and {@code cv2} (1x1 Conv) over {@code [x, m0(x), m1(x), ...]}.
 */
public final class SppBlock extends YoloBlock {
    private final int c2;
    private final int[] kernels;
    private final ConvBlock cv1;
    private final ConvBlock cv2;

    public SppBlock(int c1, int c2, int[] kernels) {
        int c = c1 / 2;
        Blocks.requirePositive("SPP hidden width c1 / 2", c);
        for (int k : kernels) {
            if (k <= 0 || k % 2 == 0) {
                throw new IllegalArgumentException("SPP kernels must be odd and positive, got " + k);
            }
        }
        this.c2 = c2;
        this.kernels = kernels.clone();
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock(
                "cv2",
                ConvBlock.builder().setChannels(c * (kernels.length + 1), c2).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = cv1.forward(ps, inputs, training, params).singletonOrThrow();
        NDList ys = new NDList(x);
        Shape stride = new Shape(1, 1);
        for (int k : kernels) {
            ys.add(Pool.maxPool2d(x, new Shape(k, k), stride, new Shape(k / 2, k / 2), false));
        }
        return cv2.forward(ps, new NDList(NDArrays.concat(ys, 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
    }
}
