package dev.yamlnet.core;

/**
 * Integer arithmetic of feature-map shapes, shared by the compiler's shape rules and the runtime
 * blocks so that the two can never disagree. Pure functions, no engine types.
 *
 * <p>Conventions follow PyTorch: {@code out = floor((in + 2p - d(k-1) - 1) / s) + 1} for a
 * convolution or pooling window, and Ultralytics' {@code autopad}, which pads {@code d(k-1)+1}
 * integer-divided by two so that an odd kernel with stride 1 keeps the size.
 */
public final class ShapeMath {
    private ShapeMath() {}

    /** Ultralytics' {@code autopad(k, p=None, d)}: the "same" padding for one dimension. */
    public static int autopad(int kernel, int dilation) {
        int effective = dilation > 1 ? dilation * (kernel - 1) + 1 : kernel;
        return effective / 2;
    }

    /**
     * Output size of a convolution or pooling window along one dimension; may be zero or negative
     * when the input is too small, which callers report as an error.
     */
    public static long convOut(long in, int kernel, int stride, int padding, int dilation) {
        return Math.floorDiv(in + 2L * padding - (long) dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** Output size of a transposed convolution along one dimension (output padding 0). */
    public static long convTransposeOut(long in, int kernel, int stride, int padding) {
        return (in - 1) * stride - 2L * padding + kernel;
    }

    /** Output size of a max-pool window with {@code ceil_mode}. */
    public static long poolOutCeil(long in, int kernel, int stride, int padding) {
        long out = Math.floorDiv(in + 2L * padding - kernel + stride - 1, stride) + 1;
        // PyTorch: the last window must start inside the input or left padding
        if ((out - 1) * stride >= in + padding) {
            out--;
        }
        return out;
    }

    /**
     * Ultralytics' {@code make_divisible(x, divisor)}: the smallest multiple of {@code divisor}
     * that is not below {@code x}, computed on the floating value as Python does.
     */
    public static int makeDivisible(double x, int divisor) {
        return (int) (Math.ceil(x / divisor) * divisor);
    }

    /** Python's {@code round()} for the repeat count: round half to even. */
    public static long roundHalfEven(double x) {
        return (long) Math.rint(x);
    }
}
