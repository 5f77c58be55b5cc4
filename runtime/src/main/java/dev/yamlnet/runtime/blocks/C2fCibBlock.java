package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Ultralytics' {@code C2fCIB(c1, c2, n, shortcut, lk, g, e)} (YOLOv10): the C2f layout with
 * {@code n} {@link CibBlock}s {@code CIB(c, c, shortcut, e=1.0, lk)} ({@code c = int(c2 * e)}) as its
 * inner blocks; {@code g} is unused, as in Ultralytics.
 */
public final class C2fCibBlock extends SplitChainBlock {
    public C2fCibBlock(int c1, int c2, int n, boolean shortcut, boolean lk, int g, double e) {
        super(c1, c2, (int) (c2 * e), inner((int) (c2 * e), n, shortcut, lk));
    }

    private static List<YoloBlock> inner(int c, int n, boolean shortcut, boolean lk) {
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        Blocks.requirePositive("repeats", n);
        List<YoloBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CibBlock(c, c, shortcut, 1.0, lk));
        }
        return out;
    }
}
