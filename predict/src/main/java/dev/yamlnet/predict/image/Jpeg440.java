package dev.yamlnet.predict.image;

import dev.yamlnet.predict.BgrImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * JPEGs whose chroma is halved vertically only ("4:4:0", what rotating a 4:2:2 JPEG by 90 degrees gives). The
 * libjpeg-turbo behind OpenCV upsamples that chroma with a triangle filter ({@code h1v2_fancy_upsample}); the
 * libjpeg 6b bundled with most JDKs repeats each chroma row instead, which puts colours up to 18 levels off
 * (measured on a 243x171 picture). Debian's JDK links the system libjpeg-turbo and needs nothing; on other runtimes
 * this class takes the YCbCr samples ImageIO decodes without colour conversion, redoes the upsampling as
 * libjpeg-turbo does it and converts to B G R with libjpeg's integer tables. Which runtime it is, a small embedded
 * 4:4:0 probe tells, once.
 */
final class Jpeg440 {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];
    private static volatile Boolean replicates;

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private Jpeg440() {}

    private static int fix(double v) {
        return (int) (v * (1L << SCALEBITS) + 0.5);
    }

    /**
     * Whether the picture is a three-component YCbCr JPEG with both chroma components at full width and half
     * height of the luma, read from its SOF segment.
     */
    static boolean isH1V2(byte[] b) {
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                return false;
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
                return false;
            }
            int len = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                int p = pos + 4;
                if (p + 6 + 9 > b.length || (b[p + 5] & 0xFF) != 3) {
                    return false;
                }
                int[] h = new int[3];
                int[] v = new int[3];
                int[] id = new int[3];
                for (int c = 0; c < 3; c++) {
                    id[c] = b[p + 6 + c * 3] & 0xFF;
                    h[c] = (b[p + 7 + c * 3] & 0xFF) >> 4;
                    v[c] = b[p + 7 + c * 3] & 0x0F;
                }
                if (id[0] == 'R' && id[1] == 'G' && id[2] == 'B') {
                    return false;
                }
                int hmax = Math.max(h[0], Math.max(h[1], h[2]));
                int vmax = Math.max(v[0], Math.max(v[1], v[2]));
                return h[0] == hmax
                        && v[0] == vmax
                        && h[1] == hmax
                        && h[2] == hmax
                        && v[1] * 2 == vmax
                        && v[2] * 2 == vmax;
            }
            pos += 2 + len;
        }
        return false;
    }

    /** Whether this runtime's JPEG decoder repeats chroma rows of 4:4:0 pictures (libjpeg 6b) instead of filtering. */
    static boolean runtimeReplicates() {
        Boolean r = replicates;
        if (r == null) {
            r = probe();
            replicates = r;
        }
        return r;
    }

    private static boolean probe() {
        try (InputStream in = Jpeg440.class.getResourceAsStream("probe-440.jpg")) {
            if (in == null) {
                return false;
            }
            Raster raster = rawYcc(in.readAllBytes());
            for (int y = 0; y + 1 < raster.getHeight(); y += 2) {
                for (int x = 0; x < raster.getWidth(); x++) {
                    for (int band = 1; band < 3; band++) {
                        if (raster.getSample(x, y, band) != raster.getSample(x, y + 1, band)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Raster rawYcc(byte[] bytes) throws IOException {
        ImageReader reader = Pictures.jdkReader("jpeg");
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return reader.readRaster(0, null);
        } finally {
            reader.dispose();
        }
    }

    /** The picture decoded from ImageIO's replicated YCbCr samples as libjpeg-turbo would have upsampled them. */
    static BgrImage decode(ImageReader reader) throws IOException {
        Raster raster = reader.readRaster(0, null);
        int w = raster.getWidth();
        int h = raster.getHeight();
        int rows = (h + 1) / 2;
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        int[][] cb = new int[rows][];
        int[][] cr = new int[rows][];
        for (int r = 0; r < rows; r++) {
            cb[r] = raster.getSamples(x0, y0 + 2 * r, w, 1, 1, (int[]) null);
            cr[r] = raster.getSamples(x0, y0 + 2 * r, w, 1, 2, (int[]) null);
        }
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] luma = new int[w];
        for (int y = 0; y < h; y++) {
            int r = y / 2;
            boolean upper = y % 2 == 0;
            int other = upper ? Math.max(r - 1, 0) : Math.min(r + 1, rows - 1);
            int bias = upper ? 1 : 2;
            raster.getSamples(x0, y0 + y, w, 1, 0, luma);
            for (int x = 0; x < w; x++) {
                int u = (cb[r][x] * 3 + cb[other][x] + bias) >> 2;
                int v = (cr[r][x] * 3 + cr[other][x] + bias) >> 2;
                int l = luma[x];
                int i = (y * w + x) * 3;
                out[i] = clamp(l + CB_B[u]);
                out[i + 1] = clamp(l + ((CB_G[u] + CR_G[v]) >> SCALEBITS));
                out[i + 2] = clamp(l + CR_R[v]);
            }
        }
        return new BgrImage(w, h, out);
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
