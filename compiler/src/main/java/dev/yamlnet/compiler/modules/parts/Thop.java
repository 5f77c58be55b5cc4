package dev.yamlnet.compiler.modules.parts;

/**
 * The multiply-accumulate rules of thop 2.1.6, which Ultralytics 8.4.117 uses for GFLOPs. Every
 * function returns MACs for one call; functional operations (matmul, cat, interpolate, decode) are
 * free in thop and have no function here.
 */
public final class Thop {
    private Thop() {}

    /** {@code nn.Conv2d}: output elements times (in/groups) times kernel area; bias ignored. */
    public static long conv2d(long cin, long cout, int kh, int kw, int groups, long hOut, long wOut) {
        return cout * hOut * wOut * (cin / groups) * kh * kw;
    }

    /** {@code nn.ConvTranspose2d}: input elements times (out/groups) times kernel area. */
    public static long convTranspose2d(long cin, long cout, int kh, int kw, int groups, long hIn, long wIn) {
        return cin * hIn * wIn * (cout / groups) * kh * kw;
    }

    /** Affine BatchNorm/LayerNorm: 4 per input element. */
    public static long norm(long elements) {
        return 4 * elements;
    }

    /** {@code nn.Linear}: in_features per output element. */
    public static long linear(long inFeatures, long outElements) {
        return inFeatures * outElements;
    }

    /** {@code nn.AdaptiveAvgPool2d}: (input area per output cell + 1) per output element. */
    public static long adaptiveAvgPool(long channels, long hIn, long wIn, long hOut, long wOut) {
        double kernel = ((double) hIn / hOut) * ((double) wIn / wOut);
        return (long) ((kernel + 1) * (channels * hOut * wOut));
    }

    /** {@code nn.Softmax} module over rows of {@code features} elements. */
    public static long softmax(long rows, long features) {
        return rows * (3 * features - 1);
    }
}
