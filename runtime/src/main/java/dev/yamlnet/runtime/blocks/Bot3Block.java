package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BoT3(c1, c2, n, e, e2, w, h)}, as the BoT3 reference implementation defines it: a
 * C3-style block whose inner blocks are bottleneck transformers. {@code cv1} and {@code cv2} (1x1
 * Convs) take {@code c = int(c2 * e)} channels each, {@code m} ({@code m.0} ...) runs {@code n}
 * {@link BottleneckTransformerBlock}s on {@code cv1}'s output, and {@code cv3} (1x1) fuses
 * {@code [m(cv1(x)), cv2(x)]}: the attention branch comes first. Spatial size is kept; with
 * {@code w, h > 0} the attention's position tables bind the block to a map of {@code w} rows and
 * {@code h} columns.
 */
public final class Bot3Block extends CspBlock {
    /** Attention heads, fixed by the reference. */
    public static final int HEADS = 4;

    /**
     * @param e hidden width ratio, {@code int(c2 * e)} a multiple of {@link #HEADS}
     * @param e2 expansion of the inner blocks; only 1 runs in the reference
     */
    public Bot3Block(int c1, int c2, int n, double e, int e2, int w, int h) {
        super(c1, c2, checked(c1, c2, n, e, e2), transformers((int) (c2 * e), n, w, h));
    }

    /** The checks in the reference's order, then the hidden width. */
    private static int checked(int c1, int c2, int n, double e, int e2) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("output channels", c2);
        Blocks.requirePositive("repeats", n);
        if (e2 != 1) {
            throw new IllegalArgumentException("BoT3's expansion e2 must be 1, got " + e2);
        }
        return hiddenWidth(c1, c2, n, e);
    }

    private static List<BottleneckTransformerBlock> transformers(int c, int n, int w, int h) {
        List<BottleneckTransformerBlock> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            blocks.add(new BottleneckTransformerBlock(c, HEADS, w, h));
        }
        return blocks;
    }

    /** The inner blocks {@code m.0}, {@code m.1}, ... */
    public List<BottleneckTransformerBlock> inner() {
        List<BottleneckTransformerBlock> out = new ArrayList<>();
        innerBlocks().forEach(b -> out.add((BottleneckTransformerBlock) b));
        return out;
    }
}
