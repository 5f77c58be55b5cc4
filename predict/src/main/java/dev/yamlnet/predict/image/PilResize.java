package dev.yamlnet.predict.image;

/**
 * Pillow 9.4's {@code Image.resize(size, Image.BILINEAR)} for an 8-bit RGB picture, computed as Pillow computes it
 * (what torchvision's {@code Resize} runs on a PIL picture, so what Ultralytics' classify transforms run).
 *
 * <p>Pillow's bilinear filter is a triangle whose support grows with the reduction factor (antialiased when
 * down-scaling): per output index {@code i}, {@code scale = in / out}, {@code fs = max(scale, 1)}, {@code center =
 * (i + 0.5) * scale}, the taps run from {@code (int) (center - fs + 0.5)} (at least 0) to {@code (int) (center +
 * fs + 0.5)} (at most {@code in}), each weighted {@code max(0, 1 - |(j - center + 0.5) / fs|)} and divided by
 * their sum, all in double. The weights become 22-bit fixed point, {@code (int) (w * 2^22 + 0.5)} (away from zero
 * for negative ones). The horizontal pass runs first over the rows the vertical pass needs and stores bytes; each
 * sum starts at {@code 2^21} and is shifted right by 22 and clamped to 0-255. The vertical pass then works the same
 * way on those bytes. A pass whose size does not change is skipped.
 */
public final class PilResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {}

    /** Interleaved 8-bit {@code cn}-channel pixels of {@code sw x sh}, resized to {@code dw x dh}. */
    static byte[] bilinear(byte[] src, int sw, int sh, int cn, int dw, int dh) {
        if (sw == dw && sh == dh) {
            return src.clone();
        }
        Coefficients horiz = coefficients(sw, dw);
        Coefficients vert = coefficients(sh, dh);
        byte[] cur = src;
        int curW = sw;
        int rowOffset = 0;
        if (dw != sw) {
            int first = vert.bounds[0];
            int last = vert.bounds[(dh - 1) * 2] + vert.bounds[(dh - 1) * 2 + 1];
            int rows = last - first;
            byte[] tmp = new byte[dw * rows * cn];
            for (int y = 0; y < rows; y++) {
                int sBase = (y + first) * sw * cn;
                for (int x = 0; x < dw; x++) {
                    int xmin = horiz.bounds[x * 2];
                    int n = horiz.bounds[x * 2 + 1];
                    int kBase = x * horiz.ksize;
                    for (int c = 0; c < cn; c++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        for (int j = 0; j < n; j++) {
                            ss += (src[sBase + (xmin + j) * cn + c] & 0xFF) * horiz.k[kBase + j];
                        }
                        tmp[(y * dw + x) * cn + c] = clip8(ss);
                    }
                }
            }
            cur = tmp;
            curW = dw;
            rowOffset = first;
        }
        if (dh == sh) {
            return cur;
        }
        byte[] out = new byte[curW * dh * cn];
        for (int y = 0; y < dh; y++) {
            int ymin = vert.bounds[y * 2] - rowOffset;
            int n = vert.bounds[y * 2 + 1];
            int kBase = y * vert.ksize;
            for (int x = 0; x < curW; x++) {
                for (int c = 0; c < cn; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int j = 0; j < n; j++) {
                        ss += (cur[((ymin + j) * curW + x) * cn + c] & 0xFF) * vert.k[kBase + j];
                    }
                    out[(y * curW + x) * cn + c] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private record Coefficients(int ksize, int[] bounds, int[] k) {}

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = 1.0 * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2];
        int[] k = new int[outSize * ksize];
        double[] w = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterscale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double t = Math.abs((x + xmin - center + 0.5) * ss);
                double v = t < 1.0 ? 1.0 - t : 0.0;
                w[x] = v;
                ww += v;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? w[x] / ww : w[x];
                k[xx * ksize + x] =
                        v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return new Coefficients(ksize, bounds, k);
    }
}
