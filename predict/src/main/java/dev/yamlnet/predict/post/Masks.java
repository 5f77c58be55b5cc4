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
     * One axis of PyTorch's {@code F.interpolate(mode="bilinear", align_corners=False)} from {@code in} to {@code
     * out} samples: per output index the two source indices and their weights.
     *
     * <p>The scale is a float32 ({@code in / out}); the source position {@code scale * (d + 0.5) - 0.5} (clamped at
     * 0) and its fraction are evaluated without rounding to float32 in between, as PyTorch's compiled kernel does:
     * rounding there turns some weights into exactly 0.5 and flips pixels that lie exactly between a set and an
     * unset one (about 1 % of the area of a mask scaled up 3.4 times; checked against Ultralytics' masks).
     */
    static final class Axis {
        final int in;
        final int out;
        final int[] i0;
        final int[] i1;
        final float[] l0;
        final float[] l1;

        Axis(int in, int out) {
            this.in = in;
            this.out = out;
            i0 = new int[out];
            i1 = new int[out];
            l0 = new float[out];
            l1 = new float[out];
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
         * The output indices {@code [from, to)} whose value can depend on source indices {@code lo..hi}
         * (inclusive); outside them the output only mixes other source samples.
         */
        int[] reach(int lo, int hi) {
            int from = 0;
            while (from < out && i1[from] < lo) {
                from++;
            }
            int to = out;
            while (to > from && i0[to - 1] > hi) {
                to--;
            }
            return new int[] {from, to};
        }
    }

    /**
     * Bilinear resize of an {@code ay.in x ax.in} window (of a larger {@code stride}-wide plane, starting at row
     * {@code top}, column {@code left}) to {@code ay.out x ax.out}, as PyTorch's CPU kernel computes it (height
     * weights outside the width weights), evaluated only for the output rows {@code [oy0, oy1)} and columns {@code
     * [ox0, ox1)}: the result holds just that window, row-major.
     */
    static float[] resize(
            float[] src, int stride, int top, int left, Axis ay, Axis ax, int oy0, int oy1, int ox0, int ox1) {
        int ow = ox1 - ox0;
        float[] out = new float[Math.max(0, oy1 - oy0) * Math.max(0, ow)];
        for (int y = oy0; y < oy1; y++) {
            int r0 = (top + ay.i0[y]) * stride + left;
            int r1 = (top + ay.i1[y]) * stride + left;
            float wy0 = ay.l0[y];
            float wy1 = ay.l1[y];
            int o = (y - oy0) * ow - ox0;
            for (int x = ox0; x < ox1; x++) {
                int c0 = ax.i0[x];
                int c1 = ax.i1[x];
                float wx0 = ax.l0[x];
                float wx1 = ax.l1[x];
                float t0 = src[r0 + c0] * wx0 + src[r0 + c1] * wx1;
                float t1 = src[r1 + c0] * wx0 + src[r1 + c1] * wx1;
                out[o + x] = t0 * wy0 + t1 * wy1;
            }
        }
        return out;
    }

    /** The indices {@code i} in {@code [0, limit)} with {@code lo <= i < hi} (the box test of crop_mask). */
    static int[] span(float lo, float hi, int limit) {
        if (!(hi > lo)) {
            return new int[] {0, 0};
        }
        int from = (int) Math.max(0, Math.min(limit, Math.ceil(lo)));
        int to = (int) Math.max(from, Math.min(limit, Math.ceil(hi)));
        return new int[] {from, to};
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
        if (bottom <= top || right <= left) {
            throw new IllegalArgumentException(
                    "no picture left in a " + mh + "x" + mw + " mask for a " + h0 + "x" + w0 + " picture");
        }
        return new int[] {top, bottom, left, right};
    }

    /**
     * {@code > threshold} of a window (rows {@code [y0, y1)}, columns {@code [x0, x1)}, as {@link #resize} returns
     * it) into a full {@code h x w} 0/1 mask that is 0 outside the window; with the crop box's {@link #span}s as the
     * window this is {@code crop_mask} too.
     *
     * @return the mask, or {@code null} when no pixel is set
     */
    static byte[] threshold(float[] window, int y0, int y1, int x0, int x1, int h, int w, float threshold) {
        byte[] out = new byte[h * w];
        boolean any = false;
        int ww = x1 - x0;
        for (int r = y0; r < y1; r++) {
            int o = r * w;
            int i = (r - y0) * ww - x0;
            for (int c = x0; c < x1; c++) {
                if (window[i + c] > threshold) {
                    out[o + c] = 1;
                    any = true;
                }
            }
        }
        return any ? out : null;
    }

    /** {@code {rowMin, rowMax, colMin, colMax}} of the set pixels of a {@code w}-wide 0/1 mask with any set. */
    static int[] bounds(byte[] mask, int w) {
        int r0 = Integer.MAX_VALUE;
        int r1 = -1;
        int c0 = Integer.MAX_VALUE;
        int c1 = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                int r = i / w;
                int c = i % w;
                r0 = Math.min(r0, r);
                r1 = Math.max(r1, r);
                c0 = Math.min(c0, c);
                c1 = Math.max(c1, c);
            }
        }
        return new int[] {r0, r1, c0, c1};
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
