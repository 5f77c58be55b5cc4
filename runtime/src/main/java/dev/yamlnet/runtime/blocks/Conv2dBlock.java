package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.ShapeMath;
import java.util.Map;

/**
 * PyTorch's plain {@code nn.Conv2d} with bias (square kernel, no normalisation, no activation), as
 * the detection heads end each branch with it. State-dict names: {@code weight}, {@code bias}.
 */
public final class Conv2dBlock extends YoloBlock {
    private final int c1;
    private final int c2;
    private final int k;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    private Conv2dBlock(Builder b) {
        this.c1 = b.c1;
        this.c2 = b.c2;
        this.k = b.k;
        this.stride = b.stride;
        this.padding = b.padding;
        weight = convWeight("weight", c2, c1, k, k);
        bias = param("bias", Parameter.Type.BIAS, new Shape(c2), TorchInit.bias((long) c1 * k * k));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return Conv2d.conv2d(
                x,
                ps.getValue(weight, x.getDevice(), training),
                ps.getValue(bias, x.getDevice(), training),
                new Shape(stride, stride),
                new Shape(padding, padding),
                new Shape(1, 1),
                1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(
                    in.get(0),
                    c2,
                    ShapeMath.convOut(in.get(2), k, stride, padding, 1),
                    ShapeMath.convOut(in.get(3), k, stride, padding, 1))
        };
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "weight", weight);
        out.put(prefix + "bias", bias);
    }

    @Override
    public String toString() {
        return "Conv2d(" + c1 + ", " + c2 + ", k=" + k + ", s=" + stride + ", p=" + padding + ")";
    }

    /** Builds a {@link Conv2dBlock}; {@code setChannels} is required. */
    public static final class Builder {
        private int c1;
        private int c2;
        private int k = 1;
        private int stride = 1;
        private int padding;

        private Builder() {}

        public Builder setChannels(int in, int out) {
            this.c1 = in;
            this.c2 = out;
            return this;
        }

        public Builder optKernel(int kernel) {
            this.k = kernel;
            return this;
        }

        public Builder optStride(int s) {
            this.stride = s;
            return this;
        }

        public Builder optPadding(int p) {
            this.padding = p;
            return this;
        }

        public Conv2dBlock build() {
            Blocks.requirePositive("input channels", c1);
            Blocks.requirePositive("output channels", c2);
            Blocks.requirePositive("kernel", k);
            Blocks.requirePositive("stride", stride);
            return new Conv2dBlock(this);
        }
    }
}
