package dev.yamlnet.predict.image;

import dev.yamlnet.predict.BgrImage;

/**
 * {@code cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)} for 8-bit three-channel pictures, computed as
 * OpenCV 4.6 computes it on x86-64 (no IPP, no custom HAL: what Debian's {@code python3-opencv} runs), so that the
 * bytes come out identical.
 *
 * <p>What OpenCV does, and this class repeats:
 *
 * <ul>
 *   <li>An exact halving of both sides ({@code 1 / scale} is the integer 2 on both axes) is not bilinear at all:
 *       OpenCV switches to its fast area average, {@code (a + b + c + d + 2) >> 2} over each 2x2 block.
 *   <li>Otherwise a separable bilinear filter in fixed point. Per destination column {@code dx}:
 *       {@code fx = (float) ((dx + 0.5) * scale - 0.5)} (scale = source / destination size, in double),
 *       {@code sx = floor(fx)}, {@code fx -= sx} in float; columns left of the picture take {@code sx = 0, fx =
 *       0}, columns at or beyond the last source column take {@code sx = w - 1, fx = 0}. The weights are
 *       {@code rint((1 - fx) * 2048)} and {@code rint(fx * 2048)} (11 fractional bits, rounding half to even as
 *       {@code saturate_cast<short>} does). Rows are weighted the same way, with row indices clamped to the
 *       picture.
 *   <li>The horizontal pass keeps {@code int} sums {@code s = a * w0 + b * w1} (a column at the right border is
 *       {@code a * 2048}).
 *   <li>The vertical pass rounds as OpenCV's SIMD code does, {@code (((s0 >> 4) * b0 >> 16) + ((s1 >> 4) * b1 >>
 *       16) + 2) >> 2}, clamped to 0-255, for every byte of the row: the {@code uchar} specialisation of {@code
 *       VResizeLinear} repeats that formula for the bytes the vector loop leaves over (not the plain {@code (s0 *
 *       b0 + s1 * b1 + 2^21) >> 22}, which differs by one now and then).
 * </ul>
 */
public final class CvResize {
    static final int COEF_BITS = 11;
    static final int COEF_SCALE = 1 << COEF_BITS;

    private CvResize() {}

    /**
     * The picture resized to {@code newWidth x newHeight} as {@code cv2.resize(..., INTER_LINEAR)}; the picture
     * itself when the size does not change (Ultralytics skips the call then).
     */
    public static BgrImage linear(BgrImage src, int newWidth, int newHeight) {
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resize to " + newWidth + "x" + newHeight);
        }
        if (newWidth == src.width() && newHeight == src.height()) {
            return src;
        }
        byte[] out = linear(src.bgr(), src.width(), src.height(), 3, newWidth, newHeight);
        return new BgrImage(newWidth, newHeight, out);
    }

    /** The same on raw interleaved 8-bit pixels with {@code cn} channels. */
    static byte[] linear(byte[] src, int sw, int sh, int cn, int dw, int dh) {
        double invScaleX = (double) dw / sw;
        double invScaleY = (double) dh / sh;
        double scaleX = 1.0 / invScaleX;
        double scaleY = 1.0 / invScaleY;
        int iscaleX = saturateInt(scaleX);
        int iscaleY = saturateInt(scaleY);
        boolean areaFast = Math.abs(scaleX - iscaleX) < Math.ulp(1.0) && Math.abs(scaleY - iscaleY) < Math.ulp(1.0);
        if (areaFast && iscaleX == 2 && iscaleY == 2) {
            return halve(src, sw, sh, cn, dw, dh);
        }
        int width = dw * cn;
        int[] xofs = new int[width];
        short[] alpha = new short[width * 2];
        int xmin = 0;
        int xmax = dw;
        for (int dx = 0; dx < dw; dx++) {
            float fx = (float) ((dx + 0.5) * scaleX - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            if (sx < 0) {
                xmin = dx + 1;
                fx = 0;
                sx = 0;
            }
            if (sx + 1 >= sw) {
                xmax = Math.min(xmax, dx);
                if (sx >= sw - 1) {
                    fx = 0;
                    sx = sw - 1;
                }
            }
            short a0 = saturateShort((1.0f - fx) * COEF_SCALE);
            short a1 = saturateShort(fx * COEF_SCALE);
            for (int k = 0; k < cn; k++) {
                xofs[dx * cn + k] = sx * cn + k;
                alpha[(dx * cn + k) * 2] = a0;
                alpha[(dx * cn + k) * 2 + 1] = a1;
            }
        }
        xmax *= cn;
        int[] yofs = new int[dh];
        short[] beta = new short[dh * 2];
        for (int dy = 0; dy < dh; dy++) {
            float fy = (float) ((dy + 0.5) * scaleY - 0.5);
            int sy = (int) Math.floor(fy);
            fy -= sy;
            yofs[dy] = sy;
            beta[dy * 2] = saturateShort((1.0f - fy) * COEF_SCALE);
            beta[dy * 2 + 1] = saturateShort(fy * COEF_SCALE);
        }
        // Horizontal pass per source row, computed once per row that is needed.
        int[][] rows = new int[sh][];
        byte[] dst = new byte[width * dh];
        for (int dy = 0; dy < dh; dy++) {
            int r0 = clamp(yofs[dy], sh);
            int r1 = clamp(yofs[dy] + 1, sh);
            int[] s0 = hrow(rows, r0, src, sw, cn, width, xofs, alpha, xmax);
            int[] s1 = hrow(rows, r1, src, sw, cn, width, xofs, alpha, xmax);
            int b0 = beta[dy * 2];
            int b1 = beta[dy * 2 + 1];
            int o = dy * width;
            for (int x = 0; x < width; x++) {
                int v = ((((s0[x] >> 4) * b0) >> 16) + (((s1[x] >> 4) * b1) >> 16) + 2) >> 2;
                dst[o + x] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
        return dst;
    }

    private static int[] hrow(
            int[][] rows, int r, byte[] src, int sw, int cn, int width, int[] xofs, short[] alpha, int xmax) {
        int[] row = rows[r];
        if (row != null) {
            return row;
        }
        row = new int[width];
        int base = r * sw * cn;
        for (int dx = 0; dx < width; dx++) {
            int sx = xofs[dx];
            if (dx < xmax) {
                row[dx] = (src[base + sx] & 0xFF) * alpha[dx * 2] + (src[base + sx + cn] & 0xFF) * alpha[dx * 2 + 1];
            } else {
                row[dx] = (src[base + sx] & 0xFF) * COEF_SCALE;
            }
        }
        rows[r] = row;
        return row;
    }

    /** OpenCV's fast area resize for an exact halving: the rounded mean of each 2x2 block. */
    private static byte[] halve(byte[] src, int sw, int sh, int cn, int dw, int dh) {
        byte[] dst = new byte[dw * dh * cn];
        int step = sw * cn;
        for (int dy = 0; dy < dh; dy++) {
            int s = dy * 2 * step;
            for (int dx = 0; dx < dw; dx++) {
                for (int c = 0; c < cn; c++) {
                    int i = s + dx * 2 * cn + c;
                    int sum = (src[i] & 0xFF)
                            + (src[i + cn] & 0xFF)
                            + (src[i + step] & 0xFF)
                            + (src[i + step + cn] & 0xFF);
                    dst[(dy * dw + dx) * cn + c] = (byte) ((sum + 2) >> 2);
                }
            }
        }
        return dst;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : Math.min(v, n - 1);
    }

    /** {@code saturate_cast<short>(float)}: round half to even, then clamp. */
    private static short saturateShort(float v) {
        double r = Math.rint(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** {@code saturate_cast<int>(double)}: round half to even, then clamp. */
    private static int saturateInt(double v) {
        double r = Math.rint(v);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r));
    }
}
