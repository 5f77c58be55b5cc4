package dev.yamlnet.predict.post;

/**
 * Instance masks as Ultralytics 8.4.117 makes them from mask coefficients and prototypes ({@code process_mask},
 * {@code process_mask_native}, {@code scale_masks}, {@code crop_mask}), one mask at a time, in float32.
 */
final class Masks {

    private Masks() {}

    /**
     * The mask logits at prototype resolution: {@code coeffs @ protos.view(nm, -1)}.
     *
     * @param protos {@code nm * mh * mw} values of one picture
     * @param coeffs the row holding the coefficients at {@code off}
     */
    static float[] logits(float[] protos, int protoOffset, int nm, int mh, int mw, float[] coeffs, int off) {
        int size = mh * mw;
        float[] m = new float[size];
        for (int k = 0; k < nm; k++) {
            float c = coeffs[off + k];
            int base = protoOffset + k * size;
            for (int p = 0; p < size; p++) {
                m[p] += c * protos[base + p];
            }
        }
        return m;
    }

    /**
     * {@code F.interpolate(mode="bilinear", align_corners=False)} of one {@code ih x iw} plane (a window of a
     * larger {@code stride}-wide plane starting at row {@code top}, column {@code left}) to {@code oh x ow}, as
     * PyTorch's CPU kernel computes it (scale {@code in / out}, source index clamped at 0, height weights outside the
     * width weights).
     */
    static float[] resize(float[] src, int stride, int top, int left, int ih, int iw, int oh, int ow) {
        int[] y0 = new int[oh];
        int[] y1 = new int[oh];
        float[] ly0 = new float[oh];
        float[] ly1 = new float[oh];
        weights(ih, oh, y0, y1, ly0, ly1);
        int[] x0 = new int[ow];
        int[] x1 = new int[ow];
        float[] lx0 = new float[ow];
        float[] lx1 = new float[ow];
        weights(iw, ow, x0, x1, lx0, lx1);
        float[] out = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            int r0 = (top + y0[y]) * stride + left;
            int r1 = (top + y1[y]) * stride + left;
            float wy0 = ly0[y];
            float wy1 = ly1[y];
            int o = y * ow;
            for (int x = 0; x < ow; x++) {
                float t0 = src[r0 + x0[x]] * lx0[x] + src[r0 + x1[x]] * lx1[x];
                float t1 = src[r1 + x0[x]] * lx0[x] + src[r1 + x1[x]] * lx1[x];
                out[o + x] = t0 * wy0 + t1 * wy1;
            }
        }
        return out;
    }

    /**
     * PyTorch's source indices and weights. The scale is a float32 ({@code in / out}); the source position {@code
     * scale * (d + 0.5) - 0.5} and its fraction are then evaluated without rounding to float32 in between (PyTorch's
     * compiled kernel keeps that precision; rounding there turns some weights into exactly 0.5 and flips pixels that
     * sit exactly between a set and an unset one, about 1 % of the area of a mask scaled by 3.4; checked against
     * Ultralytics' masks on the bus picture).
     */
    private static void weights(int in, int out, int[] i0, int[] i1, float[] l0, float[] l1) {
        double scale = (float) in / (float) out;
        for (int d = 0; d < out; d++) {
            double real = scale * (d + 0.5) - 0.5;
            if (real < 0) {
                real = 0;
            }
            int idx = Math.min((int) Math.floor(real), in - 1);
            float lambda = (float) Math.min(Math.max(real - idx, 0), 1);
            i0[d] = idx;
            i1[d] = idx + (idx < in - 1 ? 1 : 0);
            l1[d] = lambda;
            l0[d] = 1f - lambda;
        }
    }

    /**
     * The window {@code scale_masks} keeps of an {@code mh x mw} plane letterboxed from an {@code h0 x w0} picture:
     * {@code {top, bottom, left, right}} (bottom and right exclusive).
     */
    static int[] unpadWindow(int mh, int mw, int h0, int w0) {
        double gain = Math.min((double) mh / h0, (double) mw / w0);
        double padW = (mw - Math.rint(w0 * gain)) / 2;
        double padH = (mh - Math.rint(h0 * gain)) / 2;
        int top = (int) Math.rint(padH - 0.1);
        int left = (int) Math.rint(padW - 0.1);
        int bottom = mh - (int) Math.rint(padH + 0.1);
        int right = mw - (int) Math.rint(padW + 0.1);
        return new int[] {top, bottom, left, right};
    }

    /**
     * {@code scale_masks}: cut the letterbox padding of an {@code mh x mw} plane and resize what is left bilinearly
     * to {@code h0 x w0}.
     */
    static float[] scaleToOriginal(float[] plane, int mh, int mw, int h0, int w0) {
        int[] win = unpadWindow(mh, mw, h0, w0);
        int ch = win[1] - win[0];
        int cw = win[3] - win[2];
        if (ch <= 0 || cw <= 0) {
            throw new IllegalArgumentException(
                    "no picture left in a " + mh + "x" + mw + " mask for a " + h0 + "x" + w0 + " picture");
        }
        return resize(plane, mw, win[0], win[2], ch, cw, h0, w0);
    }

    /**
     * {@code > threshold} then {@code crop_mask}: pixel (row, col) stays set only when {@code x1 <= col < x2} and
     * {@code y1 <= row < y2}, comparing the integer indices with the float box.
     *
     * @return the 0/1 mask, or {@code null} when no pixel is set
     */
    static byte[] thresholdAndCrop(float[] plane, int h, int w, float threshold, float[] box, int off) {
        float bx1 = box[off];
        float by1 = box[off + 1];
        float bx2 = box[off + 2];
        float by2 = box[off + 3];
        byte[] out = new byte[h * w];
        boolean any = false;
        for (int r = 0; r < h; r++) {
            if (!(r >= by1 && r < by2)) {
                continue;
            }
            int o = r * w;
            for (int c = 0; c < w; c++) {
                if (c >= bx1 && c < bx2 && plane[o + c] > threshold) {
                    out[o + c] = 1;
                    any = true;
                }
            }
        }
        return any ? out : null;
    }

    /** {@code > threshold} over a whole plane (no crop). */
    static byte[] threshold(float[] plane, float threshold) {
        byte[] out = new byte[plane.length];
        for (int i = 0; i < plane.length; i++) {
            out[i] = plane[i] > threshold ? (byte) 1 : (byte) 0;
        }
        return out;
    }

    /** A 0/1 mask as floats, for {@code masks.float()}. */
    static float[] toFloat(byte[] mask) {
        float[] f = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            f[i] = mask[i];
        }
        return f;
    }
}
