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
 * Ultralytics' {@code SPPF} (8.4 form): {@code cv1} (1x1, no activation) to {@code c1 / 2} channels,
 * {@code n} chained k x k max-pools (stride 1, padding k / 2), {@code cv2} (1x1) over the
 * {@code n + 1} maps, plus the input when {@code shortcut} and {@code c1 == c2}.
 */
public final class SppfBlock extends YoloBlock {
    private final int c2;
    private final int k;
    private final int n;
    private final boolean add;
    private final ConvBlock cv1;
    private final ConvBlock cv2;

    private SppfBlock(Builder b) {
        int c = b.c1 / 2;
        this.c2 = b.c2;
        this.k = b.k;
        this.n = b.n;
        this.add = b.shortcut && b.c1 == b.c2;
        cv1 = addChildBlock(
                "cv1",
                ConvBlock.builder().setChannels(b.c1, c).optActivation(false).build());
        cv2 = addChildBlock(
                "cv2", ConvBlock.builder().setChannels(c * (n + 1), b.c2).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList ys = new NDList(cv1.forward(ps, inputs, training, params).singletonOrThrow());
        Shape kernel = new Shape(k, k);
        Shape stride = new Shape(1, 1);
        Shape pad = new Shape(k / 2, k / 2);
        for (int i = 0; i < n; i++) {
            ys.add(Pool.maxPool2d(ys.get(ys.size() - 1), kernel, stride, pad, false));
        }
        NDArray y = cv2.forward(ps, new NDList(NDArrays.concat(ys, 1)), training, params)
                .singletonOrThrow();
        return new NDList(add ? y.add(inputs.singletonOrThrow()) : y);
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

    /** Builds an {@link SppfBlock}: {@code setChannels} required; k 5, n 3, no shortcut by default. */
    public static final class Builder {
        private int c1;
        private int c2;
        private int k = 5;
        private int n = 3;
        private boolean shortcut;

        private Builder() {}

        public Builder setChannels(int in, int out) {
            this.c1 = in;
            this.c2 = out;
            return this;
        }

        /** Max-pool kernel (odd). */
        public Builder optKernel(int kernel) {
            this.k = kernel;
            return this;
        }

        /** Number of chained max-pools. */
        public Builder optPools(int pools) {
            this.n = pools;
            return this;
        }

        public Builder optShortcut(boolean s) {
            this.shortcut = s;
            return this;
        }

        public SppfBlock build() {
            Blocks.requirePositive("input channels / 2", c1 / 2);
            Blocks.requirePositive("output channels", c2);
            Blocks.requirePositive("pools", n);
            if (k <= 0 || k % 2 == 0) {
                throw new IllegalArgumentException("SPPF kernel must be odd and positive, got " + k);
            }
            return new SppfBlock(this);
        }
    }
}
