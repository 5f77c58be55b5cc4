package dev.yamlnet.predict.image;

import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation tag, found where OpenCV 4.6 looks for it: the first APP1 segment of a JPEG, the {@code
 * eXIf} chunk of a PNG; only IFD0 is read. Anything malformed reads as orientation 1 (OpenCV ignores EXIF it cannot
 * parse); nothing here throws on bad input except through a runtime exception the caller turns into 1.
 */
final class Exif {
    private static final int ORIENTATION = 0x0112;

    private Exif() {}

    static int jpegOrientation(byte[] b) {
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                return 1;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return 1;
            }
            int len = u16be(b, pos + 2);
            if (len < 2 || pos + 2 + len > b.length) {
                return 1;
            }
            if (marker == 0xE1) {
                int start = pos + 4;
                int n = len - 2;
                if (n >= 6 && new String(b, start, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    return tiffOrientation(b, start + 6, start + n);
                }
                return 1;
            }
            pos += 2 + len;
        }
        return 1;
    }

    /** The colour transform of the JPEG's Adobe APP14 segment (0 none, 1 YCbCr, 2 YCCK), or -1 without one. */
    static int jpegAdobeTransform(byte[] b) {
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return -1;
            }
            int len = u16be(b, pos + 2);
            if (len < 2 || pos + 2 + len > b.length) {
                return -1;
            }
            if (marker == 0xEE && len >= 14 && new String(b, pos + 4, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
                return b[pos + 4 + 11] & 0xFF;
            }
            pos += 2 + len;
        }
        return -1;
    }

    /** Whether an end-of-image marker follows the first scan (a truncated JPEG has none). */
    static boolean jpegHasEnd(byte[] b) {
        int pos = 2;
        int sos = -1;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                break;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2;
                continue;
            }
            if (marker == 0xDA) {
                sos = pos;
                break;
            }
            pos += 2 + u16be(b, pos + 2);
        }
        if (sos < 0) {
            return false;
        }
        for (int i = b.length - 2; i > sos; i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    static int pngOrientation(byte[] b) {
        int pos = 8;
        while (pos + 12 <= b.length) {
            long len = u32be(b, pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (len > b.length - pos - 12L) {
                return 1;
            }
            int start = pos + 8;
            int end = start + (int) len;
            if (type.equals("eXIf")) {
                if (len >= 6 && new String(b, start, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    start += 6;
                }
                return tiffOrientation(b, start, end);
            }
            if (type.equals("IEND")) {
                return 1;
            }
            pos = end + 4;
        }
        return 1;
    }

    /** The orientation in the IFD0 of the TIFF structure in {@code b[start, end)}, or 1. */
    static int tiffOrientation(byte[] b, int start, int end) {
        if (end - start < 8) {
            return 1;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, start + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2L) {
            return 1;
        }
        int p = start + (int) ifd;
        int count = u16(b, p, little);
        p += 2;
        for (int i = 0; i < count && p + 12 <= end; i++, p += 12) {
            if (u16(b, p, little) == ORIENTATION) {
                int v = u16(b, p + 8, little);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16be(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static long u32be(byte[] b, int p) {
        return ((long) u16be(b, p) << 16) | u16be(b, p + 2);
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) : u16be(b, p);
    }

    private static long u32(byte[] b, int p, boolean little) {
        return little
                ? ((long) u16(b, p + 2, true) << 16) | u16(b, p, true)
                : ((long) u16be(b, p) << 16) | u16be(b, p + 2);
    }
}
