package dev.yamlnet.predict.post;

import dev.yamlnet.core.Task;
import dev.yamlnet.predict.Box;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.Mask;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.ModelInput;
import dev.yamlnet.predict.OrientedBox;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.RawOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Ultralytics 8.4.117's per-task post-processing on the raw outputs of a model: from what the head returns to
 * detections in original-picture pixels.
 *
 * <p>What it reproduces, per task (the decode itself, DFL, anchors and sigmoids, is the head's and already done):
 *
 * <ul>
 *   <li>detect, segment, pose, OBB: {@code non_max_suppression}: candidates whose best class score is {@code >
 *       conf}, the best class only, the {@code classes} filter, at most {@code max_nms} candidates (highest
 *       scores), boxes offset by {@code class * 7680} unless agnostic, then greedy NMS ({@code IoU > iou}
 *       suppressed) or, for OBB, Fast-NMS with the probabilistic IoU ({@code >= iou}), then {@code max_det};
 *   <li>end-to-end heads: no NMS, only {@code score > conf}, the {@code classes} filter and {@code max_det}; when the
 *       head's pre-top-k tensor is given as the last output, the head's top-k is run again with {@code k =
 *       max(max_det, 300)} and the agnostic flag, as Ultralytics' predictor re-configures the head;
 *   <li>boxes, key points and rotated boxes mapped back to the original picture by {@code scale_boxes} / {@code
 *       scale_coords} (float32) and clipped (rotated boxes are not clipped);
 *   <li>segment: mask coefficients times prototypes, bilinear upsampling to the input size, {@code > 0}, cropped to
 *       the box in input pixels, empty masks dropped with their detection, then brought to the original picture
 *       size as Ultralytics' {@code scale_masks} does for drawing ({@code > 0.5}); with {@code retina_masks} the
 *       masks are computed at the original size ({@code process_mask_native});
 *   <li>classify: the five highest probabilities, descending.
 * </ul>
 *
 * <p>Ties (equal scores) are resolved by the lower anchor index first. PyTorch's sorts and top-k do not promise an
 * order for ties, so a tie at the edge of {@code max_det}, {@code max_nms} or the end-to-end top-k may pick another
 * box than Ultralytics would; with real model scores exact ties are rare.
 */
public final class Postprocess {

    /** Ultralytics' {@code max_wh}: the class offset of class-aware NMS, in pixels. */
    public static final float CLASS_OFFSET = 7680f;

    /** The {@code max_det} an end-to-end head is run with at least ({@code max(max_det, 300)}). */
    public static final int END_TO_END_MIN_TOPK = 300;

    private Postprocess() {}

    /**
     * Post-processes one batch.
     *
     * @param head what the model is (task, names, key point shape, end-to-end)
     * @param outputs the model's outputs in Ultralytics' order, batch first: detect/pose/OBB {@code [B, 4 + nc
     *     (+ extra), A]}; segment that plus the prototypes {@code [B, 32, H/4, W/4]}; classify the softmax {@code
     *     [B, nc]}; end-to-end heads {@code [B, k, 6 (+ extra)]} (then the prototypes for segment) and, optionally as
     *     the last output, the head's pre-top-k tensor {@code [B, 4 + nc (+ extra), A]} (xyxy boxes, sigmoid scores)
     * @param inputs the pre-processed pictures of the batch, in batch order (their input and original sizes)
     * @param options the predict settings
     * @return one {@link Predictions} per picture of the batch
     * @throws IllegalArgumentException when the outputs do not fit the head or the inputs
     */
    public static List<Predictions> apply(
            ModelHead head, List<RawOutput> outputs, List<ModelInput> inputs, PredictOptions options) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(options, "options");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("the model returned no output");
        }
        RawOutput first = outputs.get(0);
        if (first.shape().length < 2) {
            throw new IllegalArgumentException("the first output " + first + " has no batch dimension");
        }
        int batch = first.dim(0);
        if (batch != inputs.size()) {
            throw new IllegalArgumentException(
                    "the output " + first + " holds " + batch + " pictures but " + inputs.size() + " were given");
        }
        if (head.task() == Task.CLASSIFY) {
            return classify(head, first);
        }
        return new Detector(head, outputs, inputs, options).run();
    }

    private static List<Predictions> classify(ModelHead head, RawOutput probs) {
        if (probs.shape().length != 2) {
            throw new IllegalArgumentException("a classify model returns [batch, classes], got " + probs);
        }
        int b = probs.dim(0);
        int nc = probs.dim(1);
        float[] data = probs.data();
        List<Predictions> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] p = Arrays.copyOfRange(data, i * nc, (i + 1) * nc);
            int[] order = Nms.descending(p);
            int k = Math.min(5, nc);
            List<Integer> top = new ArrayList<>(k);
            List<String> names = new ArrayList<>(k);
            List<Float> conf = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                top.add(order[j]);
                names.add(head.name(order[j]));
                conf.add(p[order[j]]);
            }
            out.add(new Predictions(List.of(), new Classification(top, names, conf)));
        }
        return out;
    }

    /** One batch of a detect, segment, pose or OBB model. */
    private static final class Detector {
        private final ModelHead head;
        private final List<RawOutput> outputs;
        private final List<ModelInput> inputs;
        private final PredictOptions options;
        private final Task task;
        private final RawOutput protos;

        Detector(ModelHead head, List<RawOutput> outputs, List<ModelInput> inputs, PredictOptions options) {
            this.head = head;
            this.outputs = outputs;
            this.inputs = inputs;
            this.options = options;
            this.task = head.task();
            if (task == Task.SEGMENT) {
                if (outputs.size() < 2) {
                    throw new IllegalArgumentException(
                            "a segment model returns the detections and the prototypes; got one output");
                }
                protos = outputs.get(1);
                if (protos.shape().length != 4
                        || protos.dim(0) != outputs.get(0).dim(0)) {
                    throw new IllegalArgumentException(
                            "segment prototypes are [batch, masks, H/4, W/4], got " + protos);
                }
            } else {
                protos = null;
            }
            if (task == Task.POSE
                    && (head.keypointsPerObject() < 1
                            || head.valuesPerKeypoint() < 2
                            || head.valuesPerKeypoint() > 3)) {
                throw new IllegalArgumentException("a pose model needs kpt_shape [K, 2 or 3], got ["
                        + head.keypointsPerObject() + ", " + head.valuesPerKeypoint() + "]");
            }
        }

        /** Values after the class scores: mask coefficients, key points or the angle. */
        private int extra() {
            return switch (task) {
                case SEGMENT -> protos.dim(1);
                case POSE -> head.keypointsPerObject() * head.valuesPerKeypoint();
                case OBB -> 1;
                default -> 0;
            };
        }

        List<Predictions> run() {
            int extra = extra();
            int batch = inputs.size();
            List<float[][]> rows = new ArrayList<>(batch);
            if (head.endToEnd()) {
                int expected = task == Task.SEGMENT ? 2 : 1;
                RawOutput preTopK = outputs.size() > expected ? outputs.get(outputs.size() - 1) : null;
                for (int b = 0; b < batch; b++) {
                    float[][] topk = preTopK != null ? rerunTopK(preTopK, b, extra) : endToEndRows(b, extra);
                    rows.add(filterEndToEnd(topk));
                }
            } else {
                RawOutput pred = outputs.get(0);
                if (pred.shape().length != 3) {
                    throw new IllegalArgumentException(
                            "a " + task.id() + " model returns [batch, 4 + classes + extra, anchors], got " + pred);
                }
                int nc = pred.dim(1) - 4 - extra;
                if (nc < 1) {
                    throw new IllegalArgumentException("the output " + pred + " has no class scores (" + extra
                            + " extra values per anchor for " + task.id() + ")");
                }
                for (int b = 0; b < batch; b++) {
                    rows.add(nms(pred, b, nc, extra));
                }
            }
            List<Predictions> out = new ArrayList<>(batch);
            for (int b = 0; b < batch; b++) {
                out.add(new Predictions(construct(rows.get(b), b, extra), null));
            }
            return out;
        }

        /** {@code non_max_suppression} for picture {@code b}: rows {@code [x1, y1, x2, y2, conf, cls, extra...]}. */
        private float[][] nms(RawOutput pred, int b, int nc, int extra) {
            int channels = pred.dim(1);
            int anchors = pred.dim(2);
            float[] d = pred.data();
            int base = b * channels * anchors;
            float conf = options.conf();
            boolean rotated = task == Task.OBB;
            List<float[]> cand = new ArrayList<>();
            for (int a = 0; a < anchors; a++) {
                float best = Float.NEGATIVE_INFINITY;
                int cls = -1;
                for (int c = 0; c < nc; c++) {
                    float s = d[base + (4 + c) * anchors + a];
                    if (s > best || cls < 0) {
                        best = s;
                        cls = c;
                    }
                }
                if (!(best > conf) || !keepClass(cls)) {
                    continue;
                }
                float[] row = new float[6 + extra];
                float x = d[base + a];
                float y = d[base + anchors + a];
                float w = d[base + 2 * anchors + a];
                float h = d[base + 3 * anchors + a];
                if (rotated) {
                    row[0] = x;
                    row[1] = y;
                    row[2] = w;
                    row[3] = h;
                } else {
                    float hw = w / 2;
                    float hh = h / 2;
                    row[0] = x - hw;
                    row[1] = y - hh;
                    row[2] = x + hw;
                    row[3] = y + hh;
                }
                row[4] = best;
                row[5] = cls;
                for (int e = 0; e < extra; e++) {
                    row[6 + e] = d[base + (4 + nc + e) * anchors + a];
                }
                cand.add(row);
            }
            if (cand.isEmpty()) {
                return new float[0][];
            }
            float[][] x = cand.toArray(new float[0][]);
            if (x.length > options.maxNms()) {
                float[] s = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    s[i] = x[i][4];
                }
                int[] order = Nms.descending(s);
                float[][] top = new float[options.maxNms()][];
                for (int i = 0; i < top.length; i++) {
                    top[i] = x[order[i]];
                }
                x = top;
            }
            int n = x.length;
            float[] scores = new float[n];
            int[] keep;
            if (rotated) {
                float[] boxes = new float[5 * n];
                for (int i = 0; i < n; i++) {
                    float off = options.agnostic() ? 0f : x[i][5] * CLASS_OFFSET;
                    boxes[5 * i] = x[i][0] + off;
                    boxes[5 * i + 1] = x[i][1] + off;
                    boxes[5 * i + 2] = x[i][2];
                    boxes[5 * i + 3] = x[i][3];
                    boxes[5 * i + 4] = x[i][6 + extra - 1];
                    scores[i] = x[i][4];
                }
                keep = Nms.fastRotated(boxes, scores, options.iou());
            } else {
                float[] boxes = new float[4 * n];
                for (int i = 0; i < n; i++) {
                    float off = options.agnostic() ? 0f : x[i][5] * CLASS_OFFSET;
                    for (int k = 0; k < 4; k++) {
                        boxes[4 * i + k] = x[i][k] + off;
                    }
                    scores[i] = x[i][4];
                }
                keep = Nms.greedy(boxes, scores, options.iou());
            }
            int m = Math.min(keep.length, options.maxDet());
            float[][] out = new float[m][];
            for (int i = 0; i < m; i++) {
                out[i] = x[keep[i]];
            }
            return out;
        }

        private boolean keepClass(int cls) {
            return options.classes().isEmpty() || options.classes().contains(cls);
        }

        /** The end-to-end head's own output for picture {@code b}: {@code [k, 6 + extra]}. */
        private float[][] endToEndRows(int b, int extra) {
            RawOutput out = outputs.get(0);
            if (out.shape().length != 3 || out.dim(2) != 6 + extra) {
                throw new IllegalArgumentException(
                        "an end-to-end " + task.id() + " head returns [batch, k, " + (6 + extra) + "], got " + out);
            }
            int k = out.dim(1);
            int cols = out.dim(2);
            float[] d = out.data();
            float[][] rows = new float[k][];
            for (int i = 0; i < k; i++) {
                int o = (b * k + i) * cols;
                rows[i] = Arrays.copyOfRange(d, o, o + cols);
            }
            return rows;
        }

        /**
         * The end-to-end head's top-k ({@code Detect.get_topk_index}) re-run on its pre-top-k tensor {@code [B, 4 +
         * nc + extra, A]} with {@code k = min(max(max_det, 300), A)} and the agnostic flag.
         */
        private float[][] rerunTopK(RawOutput pre, int b, int extra) {
            if (pre.shape().length != 3) {
                throw new IllegalArgumentException(
                        "the pre-top-k output of an end-to-end head is [batch, 4 + classes + extra, anchors], got "
                                + pre);
            }
            int channels = pre.dim(1);
            int anchors = pre.dim(2);
            int nc = channels - 4 - extra;
            if (nc < 1) {
                throw new IllegalArgumentException("the pre-top-k output " + pre + " has no class scores");
            }
            int k = Math.min(Math.max(options.maxDet(), END_TO_END_MIN_TOPK), anchors);
            float[] d = pre.data();
            int base = b * channels * anchors;
            float[] best = new float[anchors];
            int[] label = new int[anchors];
            for (int a = 0; a < anchors; a++) {
                float m = d[base + 4 * anchors + a];
                int l = 0;
                for (int c = 1; c < nc; c++) {
                    float s = d[base + (4 + c) * anchors + a];
                    if (s > m) {
                        m = s;
                        l = c;
                    }
                }
                best[a] = m;
                label[a] = l;
            }
            int[] order = Nms.descending(best);
            int[] anchorOf = new int[k];
            float[] score = new float[k];
            int[] cls = new int[k];
            if (options.agnostic()) {
                for (int i = 0; i < k; i++) {
                    anchorOf[i] = order[i];
                    score[i] = best[order[i]];
                    cls[i] = label[order[i]];
                }
            } else {
                float[] flat = new float[k * nc];
                for (int i = 0; i < k; i++) {
                    for (int c = 0; c < nc; c++) {
                        flat[i * nc + c] = d[base + (4 + c) * anchors + order[i]];
                    }
                }
                int[] top = Nms.descending(flat);
                for (int i = 0; i < k; i++) {
                    anchorOf[i] = order[top[i] / nc];
                    cls[i] = top[i] % nc;
                    score[i] = flat[top[i]];
                }
            }
            float[][] rows = new float[k][];
            for (int i = 0; i < k; i++) {
                float[] row = new float[6 + extra];
                int a = anchorOf[i];
                for (int j = 0; j < 4; j++) {
                    row[j] = d[base + j * anchors + a];
                }
                row[4] = score[i];
                row[5] = cls[i];
                for (int e = 0; e < extra; e++) {
                    row[6 + e] = d[base + (4 + nc + e) * anchors + a];
                }
                rows[i] = row;
            }
            return rows;
        }

        /** End-to-end: {@code score > conf}, the {@code classes} filter, then the first {@code max_det} rows. */
        private float[][] filterEndToEnd(float[][] rows) {
            List<float[]> kept = new ArrayList<>();
            for (float[] r : rows) {
                if (kept.size() >= options.maxDet()) {
                    break;
                }
                if (r[4] > options.conf() && keepClass((int) r[5])) {
                    kept.add(r);
                }
            }
            return kept.toArray(new float[0][]);
        }

        /** The per-task {@code construct_result} for picture {@code b}. */
        private List<Detection> construct(float[][] rows, int b, int extra) {
            ModelInput in = inputs.get(b);
            Letterbox lb = new Letterbox(in.height(), in.width(), in.originalHeight(), in.originalWidth());
            List<Detection> out = new ArrayList<>(rows.length);
            switch (task) {
                case OBB -> {
                    for (float[] r : rows) {
                        float angle = r[6 + extra - 1];
                        lb.scaleXywh(r, 0);
                        OrientedBox obb = new OrientedBox(r[0], r[1], r[2], r[3], angle);
                        out.add(new Detection(
                                (int) r[5], head.name((int) r[5]), r[4], hull(obb), null, List.of(), obb));
                    }
                }
                case POSE -> {
                    int kp = head.keypointsPerObject();
                    int v = head.valuesPerKeypoint();
                    for (float[] r : rows) {
                        lb.scaleXyxy(r, 0);
                        List<Keypoint> kps = new ArrayList<>(kp);
                        for (int k = 0; k < kp; k++) {
                            int o = 6 + k * v;
                            lb.scalePoint(r, o);
                            kps.add(new Keypoint(r[o], r[o + 1], v == 3 ? r[o + 2] : Float.NaN));
                        }
                        out.add(new Detection(
                                (int) r[5],
                                head.name((int) r[5]),
                                r[4],
                                new Box(r[0], r[1], r[2], r[3]),
                                null,
                                kps,
                                null));
                    }
                }
                case SEGMENT -> segment(rows, b, extra, in, lb, out);
                default -> {
                    for (float[] r : rows) {
                        lb.scaleXyxy(r, 0);
                        out.add(Detection.of((int) r[5], head.name((int) r[5]), r[4], new Box(r[0], r[1], r[2], r[3])));
                    }
                }
            }
            return out;
        }

        private void segment(float[][] rows, int b, int nm, ModelInput in, Letterbox lb, List<Detection> out) {
            if (rows.length == 0) {
                return;
            }
            int mh = protos.dim(2);
            int mw = protos.dim(3);
            float[] p = protos.data();
            int protoOffset = b * nm * mh * mw;
            int h = in.height();
            int w = in.width();
            int h0 = in.originalHeight();
            int w0 = in.originalWidth();
            // retina: prototypes (padding cut at their resolution) straight to the original size;
            // otherwise prototypes to the input size, then the 0/1 input-size mask to the original size
            int[] win = options.retinaMasks() ? Masks.unpadWindow(mh, mw, h0, w0) : Masks.unpadWindow(h, w, h0, w0);
            Masks.Axis toY = new Masks.Axis(win[1] - win[0], h0);
            Masks.Axis toX = new Masks.Axis(win[3] - win[2], w0);
            Masks.Axis upY = options.retinaMasks() ? null : new Masks.Axis(mh, h);
            Masks.Axis upX = options.retinaMasks() ? null : new Masks.Axis(mw, w);
            for (float[] r : rows) {
                float[] logits = Masks.logits(p, protoOffset, nm, mh, mw, r, 6);
                byte[] orig;
                if (options.retinaMasks()) {
                    lb.scaleXyxy(r, 0);
                    int[] ys = Masks.span(r[1], r[3], h0);
                    int[] xs = Masks.span(r[0], r[2], w0);
                    float[] big = Masks.resize(logits, mw, win[0], win[2], toY, toX, ys[0], ys[1], xs[0], xs[1]);
                    orig = Masks.threshold(big, ys[0], ys[1], xs[0], xs[1], h0, w0, 0f);
                    if (orig == null) {
                        continue;
                    }
                } else {
                    int[] ys = Masks.span(r[1], r[3], h);
                    int[] xs = Masks.span(r[0], r[2], w);
                    float[] up = Masks.resize(logits, mw, 0, 0, upY, upX, ys[0], ys[1], xs[0], xs[1]);
                    byte[] atInput = Masks.threshold(up, ys[0], ys[1], xs[0], xs[1], h, w, 0f);
                    if (atInput == null) {
                        continue;
                    }
                    lb.scaleXyxy(r, 0);
                    int[] set = Masks.bounds(atInput, w);
                    int[] oy = toY.reach(set[0] - win[0], set[1] - win[0]);
                    int[] ox = toX.reach(set[2] - win[2], set[3] - win[2]);
                    float[] big = Masks.resize(
                            Masks.toFloat(atInput), w, win[0], win[2], toY, toX, oy[0], oy[1], ox[0], ox[1]);
                    orig = Masks.threshold(big, oy[0], oy[1], ox[0], ox[1], h0, w0, 0.5f);
                    if (orig == null) {
                        // Ultralytics keeps the detection; its mask at the original size is just empty
                        orig = new byte[h0 * w0];
                    }
                }
                out.add(new Detection(
                        (int) r[5],
                        head.name((int) r[5]),
                        r[4],
                        new Box(r[0], r[1], r[2], r[3]),
                        new Mask(w0, h0, orig),
                        List.of(),
                        null));
            }
        }

        /** {@code obb.xyxy}: the axis-aligned hull of the corners (not clipped). */
        private static Box hull(OrientedBox obb) {
            float[][] c = obb.corners();
            float x1 = c[0][0];
            float y1 = c[0][1];
            float x2 = x1;
            float y2 = y1;
            for (int i = 1; i < 4; i++) {
                x1 = Math.min(x1, c[i][0]);
                y1 = Math.min(y1, c[i][1]);
                x2 = Math.max(x2, c[i][0]);
                y2 = Math.max(y2, c[i][1]);
            }
            return new Box(x1, y1, x2, y2);
        }
    }
}
