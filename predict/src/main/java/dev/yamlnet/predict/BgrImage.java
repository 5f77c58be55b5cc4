package dev.yamlnet.predict;

/**
 * A decoded picture as OpenCV's {@code cv2.imread(path, IMREAD_COLOR)} gives it to Ultralytics: 8-bit, three
 * channels in B, G, R order, row-major {@code [height][width][3]} (HWC). Grayscale pictures have B = G = R; alpha is
 * dropped, not composited.
 */
public final class BgrImage {
    private final int width;
    private final int height;
    private final byte[] bgr;

    /**
     * @param bgr {@code height * width * 3} bytes, HWC, B G R; not copied: the caller hands it over
     * @throws IllegalArgumentException when the length does not match
     */
    public BgrImage(int width, int height, byte[] bgr) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 != bgr.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR picture needs "
                    + (long) width * height * 3 + " bytes, got " + bgr.length);
        }
        this.width = width;
        this.height = height;
        this.bgr = bgr;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixels, HWC, B G R, unsigned bytes. The array is shared, not copied: do not modify it. */
    public byte[] bgr() {
        return bgr;
    }

    /** Channel {@code c} (0 = B, 1 = G, 2 = R) of pixel ({@code x}, {@code y}), 0-255. */
    public int get(int x, int y, int c) {
        return bgr[(y * width + x) * 3 + c] & 0xFF;
    }
}
