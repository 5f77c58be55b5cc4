package dev.yamlnet.predict.image;

import java.util.zip.CRC32;

/**
 * Checks libpng makes and the JDK's PNG reader does not: OpenCV refuses a PNG whose critical chunks (IHDR, PLTE,
 * IDAT, IEND) fail their CRC, or that ends before a complete IEND chunk.
 */
final class Png {
    private Png() {}

    static void checkComplete(byte[] b, String name) throws PictureException {
        int pos = 8;
        CRC32 crc = new CRC32();
        while (pos + 12 <= b.length) {
            long len = ((long) (b[pos] & 0xFF) << 24)
                    | ((b[pos + 1] & 0xFF) << 16)
                    | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            if (len > b.length - pos - 12L) {
                throw new PictureException(name + ": the PNG data ends inside a chunk: truncated file?");
            }
            int n = (int) len;
            boolean critical = (b[pos + 4] & 0x20) == 0;
            if (critical) {
                crc.reset();
                crc.update(b, pos + 4, 4 + n);
                long stored = ((long) (b[pos + 8 + n] & 0xFF) << 24)
                        | ((b[pos + 9 + n] & 0xFF) << 16)
                        | ((b[pos + 10 + n] & 0xFF) << 8)
                        | (b[pos + 11 + n] & 0xFF);
                if (crc.getValue() != stored) {
                    String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                    throw new PictureException(name + ": damaged PNG data (CRC error in the " + type.strip()
                            + " chunk at byte " + pos + ")");
                }
            }
            if (b[pos + 4] == 'I' && b[pos + 5] == 'E' && b[pos + 6] == 'N' && b[pos + 7] == 'D') {
                return;
            }
            pos += 12 + n;
        }
        throw new PictureException(name + ": the PNG data ends before its IEND chunk: truncated file?");
    }
}
