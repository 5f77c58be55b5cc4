package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * PyTorch's {@code nn.Upsample} in {@code nearest} mode, by a scale factor ({@code floor(H * f)}) or
 * to a fixed size. Runs torch's own {@code interpolate(mode="nearest")}, so results are bit-identical.
 * Other modes are not supported yet.
 */
public final class UpsampleBlock extends YoloBlock {
    private final double scale;
    private final int height;
    private final int width;

    private UpsampleBlock(Builder b) {
        this.scale = b.scale;
        this.height = b.height;
        this.width = b.width;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape out = getOutputShapes(new Shape[] {x.getShape()})[0];
        return new NDList(x.getNDArrayInternal().interpolation(new long[] {out.get(2), out.get(3)}, 0, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = height > 0 ? height : (long) Math.floor(in.get(2) * scale);
        long w = width > 0 ? width : (long) Math.floor(in.get(3) * scale);
        return new Shape[] {new Shape(in.get(0), in.get(1), h, w)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        // no tensors
    }

    /** Builds an {@link UpsampleBlock}: exactly one of {@code optScale} and {@code optSize}. */
    public static final class Builder {
        private double scale;
        private int height;
        private int width;

        private Builder() {}

        /** Multiplier of height and width (e.g. 2). */
        public Builder optScale(double factor) {
            this.scale = factor;
            return this;
        }

        /** Fixed output size. */
        public Builder optSize(int h, int w) {
            this.height = h;
            this.width = w;
            return this;
        }

        public UpsampleBlock build() {
            if ((scale > 0) == (height > 0 && width > 0)) {
                throw new IllegalArgumentException("give either a positive scale factor or a positive size, not both");
            }
            return new UpsampleBlock(this);
        }
    }
}
