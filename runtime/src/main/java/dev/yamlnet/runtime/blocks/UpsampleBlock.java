package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.runtime.NativeArrays;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code nn.Upsample(size, scale_factor, mode)} ({@code align_corners} unset, so false), by a
 * scale factor ({@code floor(H * f)}) or to a fixed size, in the modes {@code nearest},
 * {@code nearest-exact}, {@code bilinear}, {@code bicubic} and {@code area}.
 *
 * <p>{@code nearest} at an integer factor or to a size runs torch's own {@code interpolate}
 * (bit-identical). Everything else is computed as two small interpolation matrices, one per axis
 * ({@code y = A_h x A_w^T}), built with PyTorch's CPU index and weight formulas: source coordinate
 * {@code scale * (dst + 0.5) - 0.5} with {@code scale = 1 / f} when a factor is given (as
 * {@code nn.Upsample} passes it) and {@code in / out} otherwise, computed in float as torch does;
 * bilinear clamps it at 0; bicubic uses Keys' kernel with {@code A = -0.75} and border-clamped taps;
 * {@code nearest-exact} takes {@code floor((dst + 0.5) * scale)}; {@code area} is adaptive average
 * pooling (windows {@code floor(i * in / out)} to {@code ceil((i + 1) * in / out)}). DJL's own
 * interpolation cannot be used for these: its bicubic differs from torch's and it always sizes by
 * {@code in / out}.
 */
public final class UpsampleBlock extends YoloBlock {
    /** The interpolation modes of {@code nn.Upsample} for 4-D input. */
    public static final List<String> MODES = List.of("nearest", "nearest-exact", "bilinear", "bicubic", "area");

    private static final float CUBIC_A = -0.75f;

    private final double scale;
    private final int height;
    private final int width;
    private final String mode;

    private UpsampleBlock(Builder b) {
        this.scale = b.scale;
        this.height = b.height;
        this.width = b.width;
        this.mode = b.mode;
    }

    /** The interpolation mode. */
    public String mode() {
        return mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape in = x.getShape();
        Shape out = getOutputShapes(new Shape[] {in})[0];
        boolean integerFactor = scale > 0 && scale == Math.rint(scale);
        if (mode.equals("nearest") && (scale <= 0 || integerFactor)) {
            return new NDList(x.getNDArrayInternal().interpolation(new long[] {out.get(2), out.get(3)}, 0, false));
        }
        int h = (int) in.get(2);
        int w = (int) in.get(3);
        int oh = (int) out.get(2);
        int ow = (int) out.get(3);
        NDArray ah = NativeArrays.floats(x.getManager(), matrix(h, oh), oh, h);
        NDArray awT = NativeArrays.floats(x.getManager(), matrix(w, ow), ow, w).transpose();
        return new NDList(ah.matMul(x.matMul(awT)));
    }

    /**
     * The {@code (out, in)} matrix of one axis: row {@code i} holds the weights of output element
     * {@code i} over the input elements, by PyTorch's CPU formulas for this block's mode.
     */
    float[] matrix(int in, int out) {
        float[] m = new float[out * in];
        float s = scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        for (int i = 0; i < out; i++) {
            int row = i * in;
            switch (mode) {
                case "nearest":
                    m[row + Math.min((int) Math.floor(i * s), in - 1)] = 1;
                    break;
                case "nearest-exact":
                    m[row + Math.min((int) Math.floor((i + 0.5f) * s), in - 1)] = 1;
                    break;
                case "bilinear": {
                    float real = Math.max(s * (i + 0.5f) - 0.5f, 0f);
                    int i0 = Math.min((int) real, in - 1);
                    float l1 = Math.min(Math.max(real - i0, 0f), 1f);
                    int i1 = i0 + (i0 < in - 1 ? 1 : 0);
                    m[row + i0] += 1f - l1;
                    m[row + i1] += l1;
                    break;
                }
                case "bicubic": {
                    float real = s * (i + 0.5f) - 0.5f;
                    int i0 = (int) Math.floor(real);
                    float t = real - i0;
                    float[] c = {cubic2(t + 1f), cubic1(t), cubic1(1f - t), cubic2(2f - t)};
                    for (int k = 0; k < 4; k++) {
                        m[row + Math.min(Math.max(i0 - 1 + k, 0), in - 1)] += c[k];
                    }
                    break;
                }
                case "area":
                default: {
                    int start = (int) Math.floorDiv((long) i * in, out);
                    int end = (int) Math.floorDiv((long) (i + 1) * in + out - 1, out);
                    for (int j = start; j < end; j++) {
                        m[row + j] = 1f / (end - start);
                    }
                    break;
                }
            }
        }
        return m;
    }

    /** Keys' cubic kernel for {@code |x| <= 1}. */
    private static float cubic1(float x) {
        return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
    }

    /** Keys' cubic kernel for {@code 1 < |x| < 2}. */
    private static float cubic2(float x) {
        return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
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
        private String mode = "nearest";

        private Builder() {}

        /** Interpolation mode, one of {@link #MODES}; default {@code nearest}. */
        public Builder optMode(String m) {
            this.mode = m;
            return this;
        }

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
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("unknown upsampling mode '" + mode + "', expected one of " + MODES);
            }
            return new UpsampleBlock(this);
        }
    }
}
