package dev.yamlnet.predict.image;

/** A check the JDK's BMP reader does not make: an uncompressed BMP must hold all its rows (OpenCV refuses it). */
final class Bmp {
    private Bmp() {}

    /** The width and height the header declares (the height without its sign), read before ImageIO sees it. */
    static int[] dimensions(byte[] b, String name) throws PictureException {
        if (b.length < 26) {
            throw new PictureException(name + ": the BMP header is incomplete (" + b.length + " bytes)");
        }
        long headerSize = u32(b, 14);
        if (headerSize == 12) {
            return new int[] {u16(b, 18), u16(b, 20)};
        }
        if (headerSize < 40) {
            throw new PictureException(name + ": unknown BMP header of " + headerSize + " bytes");
        }
        long w = (int) u32(b, 18);
        long h = Math.abs((long) (int) u32(b, 22));
        return new int[] {(int) Math.min(w, Integer.MAX_VALUE), (int) Math.min(h, Integer.MAX_VALUE)};
    }

    static void checkComplete(byte[] b, String name, int width, int height) throws PictureException {
        if (b.length < 30) {
            throw new PictureException(name + ": the BMP header is incomplete (" + b.length + " bytes)");
        }
        long offset = u32(b, 10);
        long headerSize = u32(b, 14);
        int bits;
        long compression = 0;
        if (headerSize == 12) {
            bits = u16(b, 24);
        } else if (headerSize >= 40 && b.length >= 34) {
            bits = u16(b, 28);
            compression = u32(b, 30);
        } else {
            throw new PictureException(name + ": unknown BMP header of " + headerSize + " bytes");
        }
        if (compression != 0 && compression != 3) {
            return; // run-length data: the reader itself finds the end
        }
        long rowBytes = ((long) width * bits + 31) / 32 * 4;
        long needed = offset + rowBytes * Math.abs((long) height);
        if (needed > b.length) {
            throw new PictureException(name + ": the BMP pixel data ends too early (" + b.length + " of " + needed
                    + " bytes): truncated file?");
        }
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    private static long u32(byte[] b, int p) {
        return ((long) u16(b, p + 2) << 16) | u16(b, p);
    }
}
