package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Ultralytics' {@code C3k2(c1, c2, n, c3k, e, attn, g, shortcut)} (YOLO11): C2f's outer convolutions
 * ({@code cv1} to {@code 2c}, {@code c = int(c2 * e)}, split in halves; {@code cv2} fusing all
 * {@code (2 + n) c} maps) with {@code n} inner blocks chained on the second half, an
 * {@code nn.ModuleList} named {@code m.0} ... Each inner block is, in Ultralytics' order of
 * precedence: with {@code attn} a {@code Bottleneck(c, c, shortcut, g)} followed by a
 * {@code PSABlock(c, 0.5, max(c / 64, 1))} ({@code m.i.0}, {@code m.i.1}); with {@code c3k} a
 * {@code C3k(c, c, 2, shortcut, g)}; otherwise a {@code Bottleneck(c, c, shortcut, g)} (3x3 kernels,
 * hidden width {@code c / 2}).
 */
public final class C3k2Block extends SplitChainBlock {
    public C3k2Block(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut) {
        super(c1, c2, checked(c1, c2, n, e), inner((int) (c2 * e), n, c3k, attn, g, shortcut));
    }

    /** {@code int(c2 * e)} after the checks, in their original order. */
    private static int checked(int c1, int c2, int n, double e) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        Blocks.requirePositive("repeats", n);
        return c;
    }

    private static List<YoloBlock> inner(int c, int n, boolean c3k, boolean attn, int g, boolean shortcut) {
        List<YoloBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (attn) {
                out.add(ChainBlock.of(
                        new BottleneckBlock(c, c, shortcut, g, 3, 3, 0.5),
                        new PsaBlock(c, 0.5, Math.max(c / 64, 1), true)));
            } else if (c3k) {
                out.add(new C3Block(c, c, 2, shortcut, g, 0.5, 3, 3));
            } else {
                out.add(new BottleneckBlock(c, c, shortcut, g, 3, 3, 0.5));
            }
        }
        return out;
    }
}
