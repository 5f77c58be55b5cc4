package dev.yamlnet.predict.post;

import java.util.Arrays;

/**
 * The two suppressions Ultralytics 8.4.117 runs, in float32 as PyTorch computes them.
 *
 * <p>{@link #greedy} is {@code torchvision.ops.nms}: boxes in descending score order (equal scores keep their input
 * order, as torchvision's stable sort does), each kept box suppresses every later box whose IoU with it is
 * <em>above</em> the threshold. {@link #fastRotated} is {@code TorchNMS.fast_nms} with {@link #probiou}: a box is
 * dropped when <em>any</em> box with a higher score (kept or not) has a probabilistic IoU with it at or above the
 * threshold.
 */
public final class Nms {

    private Nms() {}

    /**
     * Greedy NMS on axis-aligned boxes.
     *
     * @param boxes {@code n * 4} values, x1 y1 x2 y2 per box
     * @param scores {@code n} scores
     * @param iou suppress a box whose IoU with a kept box is strictly above this
     * @return the indices of the kept boxes, highest score first
     */
    public static int[] greedy(float[] boxes, float[] scores, double iou) {
        int n = scores.length;
        if (boxes.length != 4 * n) {
            throw new IllegalArgumentException(n + " scores need " + 4 * n + " box values, got " + boxes.length);
        }
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            areas[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
        }
        int[] order = descending(scores);
        boolean[] suppressed = new boolean[n];
        int[] keep = new int[n];
        int kept = 0;
        for (int oi = 0; oi < n; oi++) {
            int i = order[oi];
            if (suppressed[i]) {
                continue;
            }
            keep[kept++] = i;
            float ix1 = boxes[4 * i];
            float iy1 = boxes[4 * i + 1];
            float ix2 = boxes[4 * i + 2];
            float iy2 = boxes[4 * i + 3];
            float iarea = areas[i];
            for (int oj = oi + 1; oj < n; oj++) {
                int j = order[oj];
                if (suppressed[j]) {
                    continue;
                }
                float xx1 = Math.max(ix1, boxes[4 * j]);
                float yy1 = Math.max(iy1, boxes[4 * j + 1]);
                float xx2 = Math.min(ix2, boxes[4 * j + 2]);
                float yy2 = Math.min(iy2, boxes[4 * j + 3]);
                float w = Math.max(0f, xx2 - xx1);
                float h = Math.max(0f, yy2 - yy1);
                float inter = w * h;
                float ovr = inter / (iarea + areas[j] - inter);
                if (ovr > iou) {
                    suppressed[j] = true;
                }
            }
        }
        return Arrays.copyOf(keep, kept);
    }

    /**
     * Fast-NMS on rotated boxes with the probabilistic IoU.
     *
     * @param boxes {@code n * 5} values, centre x, centre y, w, h, angle (radians) per box
     * @param scores {@code n} scores
     * @param iou drop a box whose probabilistic IoU with any higher-scored box is at or above this
     * @return the indices of the kept boxes, highest score first
     */
    public static int[] fastRotated(float[] boxes, float[] scores, float iou) {
        int n = scores.length;
        if (boxes.length != 5 * n) {
            throw new IllegalArgumentException(n + " scores need " + 5 * n + " box values, got " + boxes.length);
        }
        int[] order = descending(scores);
        float[][] cov = new float[n][];
        for (int i = 0; i < n; i++) {
            cov[i] = covariance(boxes, order[i]);
        }
        int[] keep = new int[n];
        int kept = 0;
        for (int j = 0; j < n; j++) {
            boolean drop = false;
            for (int i = 0; i < j && !drop; i++) {
                drop = probiou(boxes, order[i], cov[i], order[j], cov[j]) >= iou;
            }
            if (!drop) {
                keep[kept++] = order[j];
            }
        }
        return Arrays.copyOf(keep, kept);
    }

    /**
     * Ultralytics' {@code batch_probiou} of two rotated boxes (centre x, centre y, w, h, angle): one minus the
     * Hellinger distance of the two boxes seen as Gaussians, in float32.
     */
    public static float probiou(float[] a, float[] b) {
        if (a.length != 5 || b.length != 5) {
            throw new IllegalArgumentException("rotated boxes have 5 values: x, y, w, h, angle");
        }
        float[] both = new float[10];
        System.arraycopy(a, 0, both, 0, 5);
        System.arraycopy(b, 0, both, 5, 5);
        return probiou(both, 0, covariance(both, 0), 1, covariance(both, 1));
    }

    private static final float EPS = 1e-7f;

    /** {@code _get_covariance_matrix}: a, b, c of box {@code i}. */
    private static float[] covariance(float[] boxes, int i) {
        float w = boxes[5 * i + 2];
        float h = boxes[5 * i + 3];
        float a = w * w / 12f;
        float b = h * h / 12f;
        float r = boxes[5 * i + 4];
        float cos = (float) Math.cos(r);
        float sin = (float) Math.sin(r);
        float cos2 = cos * cos;
        float sin2 = sin * sin;
        return new float[] {a * cos2 + b * sin2, a * sin2 + b * cos2, (a - b) * cos * sin};
    }

    private static float probiou(float[] boxes, int i, float[] ci, int j, float[] cj) {
        float x1 = boxes[5 * i];
        float y1 = boxes[5 * i + 1];
        float x2 = boxes[5 * j];
        float y2 = boxes[5 * j + 1];
        float a1 = ci[0];
        float b1 = ci[1];
        float c1 = ci[2];
        float a2 = cj[0];
        float b2 = cj[1];
        float c2 = cj[2];
        float sa = a1 + a2;
        float sb = b1 + b2;
        float sc = c1 + c2;
        float dy = y1 - y2;
        float dx = x1 - x2;
        float denom = sa * sb - sc * sc + EPS;
        float t1 = ((sa * (dy * dy) + sb * (dx * dx)) / denom) * 0.25f;
        float t2 = ((sc * (x2 - x1) * dy) / denom) * 0.5f;
        float d1 = Math.max(a1 * b1 - c1 * c1, 0f);
        float d2 = Math.max(a2 * b2 - c2 * c2, 0f);
        float t3 = (float) Math.log((sa * sb - sc * sc) / (4f * (float) Math.sqrt(d1 * d2) + EPS) + EPS) * 0.5f;
        float bd = Math.min(Math.max(t1 + t2 + t3, EPS), 100f);
        float hd = (float) Math.sqrt(1f - (float) Math.exp(-bd) + EPS);
        return 1f - hd;
    }

    /** Indices by descending value; equal values keep ascending index order (a stable sort). */
    static int[] descending(float[] values) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Float.compare(values[q], values[p]));
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
