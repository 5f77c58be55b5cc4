package dev.yamlnet.compiler.modules;

import java.util.Locale;

/**
 * The memory one attention block's logits take for one image: {@code heads} maps of
 * {@code positions x positions} float32 values, {@code positions} being the feature map's
 * {@code H * W}. Attention is quadratic in the map's area, which makes this the figure to watch.
 *
 * @param heads attention heads
 * @param positions positions attended over ({@code H * W} of the feature map)
 */
public record AttentionMemory(int heads, long positions) {
    /** Bytes of one float32 logit. */
    public static final int BYTES_PER_VALUE = 4;

    /** The logits' bytes: {@code heads * positions^2 * 4}. */
    public long bytes() {
        return (long) heads * positions * positions * BYTES_PER_VALUE;
    }

    /** {@code 625.0 KiB per image}: the figure a graph node shows. */
    public String perImage() {
        return humanBytes(bytes()) + " per image";
    }

    /** {@code 625.0 KiB per image and inner block (4 heads x 400^2 float32 logits)}: the summary's text. */
    public String perImageAndBlock() {
        return humanBytes(bytes()) + " per image and inner block (" + heads + " heads x " + positions
                + "^2 float32 logits)";
    }

    /** Human-readable bytes: KiB, MiB or GiB with one decimal. */
    public static String humanBytes(long bytes) {
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
