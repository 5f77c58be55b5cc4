package dev.yamlnet.predict.post;

import dev.yamlnet.predict.Mask;
import java.util.Arrays;

/**
 * Run-length encoding of binary masks.
 *
 * <p>{@link #encode} gives COCO's uncompressed {@code counts}: the mask read column by column (column-major, index
 * {@code col * height + row}), the lengths of the alternating runs, starting with a run of zeros (0 when the first
 * pixel is set); the counts sum to {@code width * height}. {@link #encodeRowMajor} reads the mask row by row
 * instead (index {@code row * width + col}), the order the Ultralytics reference files use.
 */
public final class MaskRle {

    private MaskRle() {}

    /** COCO-style column-major counts, starting with zeros. */
    public static int[] encode(Mask mask) {
        return runs(mask.pixels(), mask.width(), mask.height(), true);
    }

    /** Row-major counts, starting with zeros. */
    public static int[] encodeRowMajor(Mask mask) {
        return runs(mask.pixels(), mask.width(), mask.height(), false);
    }

    /**
     * The mask of COCO-style column-major counts.
     *
     * @throws IllegalArgumentException when a count is negative or the counts do not sum to {@code width * height}
     */
    public static Mask decode(int[] counts, int width, int height) {
        return new Mask(width, height, pixels(counts, width, height, true));
    }

    /** The mask of row-major counts. */
    public static Mask decodeRowMajor(int[] counts, int width, int height) {
        return new Mask(width, height, pixels(counts, width, height, false));
    }

    private static int[] runs(byte[] px, int width, int height, boolean columnMajor) {
        int n = width * height;
        int[] counts = new int[n + 1];
        int k = 0;
        int current = 0;
        int run = 0;
        for (int i = 0; i < n; i++) {
            int v = columnMajor ? px[(i % height) * width + i / height] : px[i];
            if (v != current) {
                counts[k++] = run;
                run = 0;
                current = v;
            }
            run++;
        }
        counts[k++] = run;
        return Arrays.copyOf(counts, k);
    }

    private static byte[] pixels(int[] counts, int width, int height, boolean columnMajor) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("mask size must not be negative: " + width + "x" + height);
        }
        long n = (long) width * height;
        long sum = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("run lengths must not be negative, got " + c);
            }
            sum += c;
        }
        if (sum != n) {
            throw new IllegalArgumentException(
                    "run lengths sum to " + sum + " but a " + width + "x" + height + " mask has " + n + " pixels");
        }
        byte[] px = new byte[(int) n];
        int i = 0;
        byte v = 0;
        for (int c : counts) {
            for (int j = 0; j < c; j++, i++) {
                if (v != 0) {
                    px[columnMajor ? (i % height) * width + i / height : i] = 1;
                }
            }
            v = (byte) (1 - v);
        }
        return px;
    }
}
