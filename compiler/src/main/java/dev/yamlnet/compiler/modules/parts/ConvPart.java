package dev.yamlnet.compiler.modules.parts;

import dev.yamlnet.core.ShapeMath;

/**
 * Ultralytics' {@code Conv}: a bias-free {@code Conv2d} with "same" padding by default, a
 * BatchNorm, and an activation (the model-wide default SiLU, or a private Identity when
 * {@code act=False}). The building block of nearly every module; its counts compose.
 */
public record ConvPart(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, int d, boolean act) {

    /** {@code Conv(c1, c2, k, s)} with automatic padding, groups 1, dilation 1, default activation. */
    public static ConvPart of(int c1, int c2, int k, int s) {
        return of(c1, c2, k, s, 1, true);
    }

    public static ConvPart of(int c1, int c2, int k, int s, int g, boolean act) {
        int p = ShapeMath.autopad(k, 1);
        return new ConvPart(c1, c2, k, k, s, p, p, g, 1, act);
    }

    /** Weights plus BatchNorm gamma and beta. */
    public long params() {
        return (long) c2 * (c1 / g) * kh * kw + 2L * c2;
    }

    /** conv and bn, plus a private Identity when the activation is off. */
    public int leaves() {
        return act ? 2 : 3;
    }

    public long outHeight(long h) {
        return ShapeMath.convOut(h, kh, s, ph, d);
    }

    public long outWidth(long w) {
        return ShapeMath.convOut(w, kw, s, pw, d);
    }

    /** MACs for an input of {@code h x w}: convolution plus BatchNorm. */
    public long macs(long h, long w) {
        long ho = outHeight(h);
        long wo = outWidth(w);
        return Thop.conv2d(c1, c2, kh, kw, g, ho, wo) + Thop.norm((long) c2 * ho * wo);
    }
}
