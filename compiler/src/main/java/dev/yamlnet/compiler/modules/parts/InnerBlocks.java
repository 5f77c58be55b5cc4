package dev.yamlnet.compiler.modules.parts;

import java.util.ArrayList;
import java.util.List;

/**
 * The inner blocks Ultralytics builds inside CSP modules, as the Conv parts they contain. All of
 * them keep the spatial size, so their convolutions run at the enclosing block's input size.
 */
public final class InnerBlocks {
    private InnerBlocks() {}

    /**
     * {@code Bottleneck(c1, c2, shortcut, g, k=(k0, k1), e)}: {@code c_ = int(c2 * e)},
     * {@code Conv(c1, c_, k0)} then {@code Conv(c_, c2, k1, g=g)}. Kernels are {@code [h, w]}.
     */
    public static List<ConvPart> bottleneck(int c1, int c2, int g, int[] k0, int[] k1, double e) {
        int c = (int) (c2 * e);
        return List.of(conv(c1, c, k0, 1), conv(c, c2, k1, g));
    }

    /** {@code C3k(c1, c2, n, shortcut, g, e=0.5, k=3)}: a C3 whose bottlenecks use k x k kernels. */
    public static List<ConvPart> c3k(int c1, int c2, int n, int g, int k) {
        int c = (int) (c2 * 0.5);
        List<ConvPart> out = new ArrayList<>(
                List.of(ConvPart.of(c1, c, 1, 1), ConvPart.of(c1, c, 1, 1), ConvPart.of(2 * c, c2, 1, 1)));
        for (int i = 0; i < n; i++) {
            out.addAll(bottleneck(c, c, g, new int[] {k, k}, new int[] {k, k}, 1.0));
        }
        return out;
    }

    /**
     * {@code GhostConv(c1, c2, k=1, s=1, g=1, act)} at stride 1: {@code c_ = c2 // 2},
     * {@code Conv(c1, c_, k, g=g)} and the cheap depthwise {@code Conv(c_, c_, 5, g=c_)}.
     */
    public static List<ConvPart> ghostConv(int c1, int c2, int k, int s, int g, boolean act) {
        int c = c2 / 2;
        return List.of(ConvPart.of(c1, c, k, s, g, act), ConvPart.of(c, c, 5, 1, c, act));
    }

    /**
     * {@code GhostBottleneck(c, c, k=3, s=1)}: {@code GhostConv(c, c/2, 1)} and a linear
     * {@code GhostConv(c/2, c, 1)}; its middle conv and its shortcut are Identities (2 leaves).
     */
    public static List<ConvPart> ghostBottleneck(int c) {
        List<ConvPart> out = new ArrayList<>(ghostConv(c, c / 2, 1, 1, 1, true));
        out.addAll(ghostConv(c / 2, c, 1, 1, 1, false));
        return out;
    }

    /** A Conv with "same" padding for an {@code [h, w]} kernel. */
    public static ConvPart conv(int c1, int c2, int[] k, int g) {
        return new ConvPart(c1, c2, k[0], k[1], 1, k[0] / 2, k[1] / 2, g, 1, true);
    }
}
