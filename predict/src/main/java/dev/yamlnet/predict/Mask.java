package dev.yamlnet.predict;

import java.util.Arrays;

/**
 * A binary instance mask, row-major, one byte per pixel (1 inside the object, 0 outside), at the size it was made
 * for: the original picture for {@link Detection#mask()}.
 */
public final class Mask {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * A mask of {@code width * height} pixels.
     *
     * @param pixels row-major, 0 or 1; copied
     * @throws IllegalArgumentException when the length does not match or a value is not 0 or 1
     */
    public Mask(int width, int height, byte[] pixels) {
        if (width < 0 || height < 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("mask of " + width + "x" + height + " needs " + (long) width * height
                    + " pixels, got " + pixels.length);
        }
        for (byte b : pixels) {
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("mask pixels are 0 or 1, got " + b);
            }
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels.clone();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Whether pixel ({@code x}, {@code y}) belongs to the object. */
    public boolean get(int x, int y) {
        return pixels[y * width + x] != 0;
    }

    /** The number of object pixels. */
    public int area() {
        int n = 0;
        for (byte b : pixels) {
            n += b;
        }
        return n;
    }

    /** A copy of the pixels, row-major. */
    public byte[] pixels() {
        return pixels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", area " + area() + "]";
    }
}
