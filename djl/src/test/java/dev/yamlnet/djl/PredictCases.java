package dev.yamlnet.djl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.Mask;
import dev.yamlnet.predict.OrientedBox;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.post.MaskRle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Ultralytics predict references in the test resources ({@code predict/cases/<model>/<case>.json}: what
 * Ultralytics 8.4.117's own predictor returned for a checkpoint, a picture and settings, trimmed to the results; the
 * pictures in {@code predict/images/}), and the bar a prediction must clear to match one: the same number of
 * detections, each reference detection matched by one of ours with the same class, confidence within 1e-4, box within
 * 1e-2 px (OBB: xywhr within 1e-2), key points within 1e-2 px and mask IoU at least 0.99; for classification the same
 * top-5 with confidences within 1e-4. Public: the CLI's tests use it through this module's test jar.
 */
public final class PredictCases {
    public static final double CONF_TOL = 1e-4;
    public static final double BOX_TOL = 1e-2;
    public static final double KPT_TOL = 1e-2;
    public static final double MASK_IOU = 0.99;

    private PredictCases() {}

    /**
     * The largest differences seen in matched detections so far (confidence, box or xywhr, key point px, 1 - mask
     * IoU), for the figures in docs/predict.md.
     */
    public static final double[] MAX_DELTAS = new double[4];

    /** One reference: the model, the case name and its JSON. */
    public record Case(String model, String name, JsonObject json) {
        @Override
        public String toString() {
            return model + "/" + name;
        }

        /** The picture's file name ({@code shapes-a.jpg}). */
        public String image() {
            String path = json.get("image").getAsString();
            return path.substring(path.lastIndexOf('/') + 1);
        }

        public JsonObject settings() {
            return json.getAsJsonObject("settings");
        }

        public JsonObject result() {
            return json.getAsJsonObject("result");
        }

        /** Whether the case forces the square letterbox ({@code rect=False}; classify cases have none). */
        public boolean square() {
            JsonElement rect = settings().get("rect");
            return rect != null && rect.isJsonPrimitive() && !rect.getAsBoolean();
        }

        /** The settings as predict options. */
        public PredictOptions options() {
            JsonObject s = settings();
            PredictOptions o = PredictOptions.defaults()
                    .withImgsz(s.get("imgsz").getAsInt())
                    .withConf(s.get("conf").getAsFloat())
                    .withIou(s.get("iou").getAsFloat())
                    .withMaxDet(s.get("max_det").getAsInt())
                    .withAgnostic(s.get("agnostic_nms").getAsBoolean())
                    .withRetinaMasks(s.get("retina_masks").getAsBoolean())
                    .withLetterbox(square() ? LetterboxMode.SQUARE : LetterboxMode.RECT);
            if (s.get("classes").isJsonArray()) {
                List<Integer> classes = new ArrayList<>();
                s.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsInt()));
                o = o.withClasses(classes);
            }
            return o;
        }

        /** The settings as {@code yamlnet predict} options (after MODEL and --source). */
        public List<String> cliOptions() {
            JsonObject s = settings();
            List<String> args = new ArrayList<>(List.of(
                    "--imgsz", s.get("imgsz").getAsString(),
                    "--conf", s.get("conf").getAsString(),
                    "--iou", s.get("iou").getAsString(),
                    "--max-det", s.get("max_det").getAsString()));
            if (s.get("agnostic_nms").getAsBoolean()) {
                args.add("--agnostic");
            }
            if (s.get("retina_masks").getAsBoolean()) {
                args.add("--retina-masks");
            }
            if (square()) {
                args.addAll(List.of("--letterbox", "square"));
            }
            if (s.get("classes").isJsonArray()) {
                List<String> classes = new ArrayList<>();
                s.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsString()));
                args.addAll(List.of("--classes", String.join(",", classes)));
            }
            return args;
        }
    }

    /** Every reference case of these models, sorted by model and name. */
    public static List<Case> cases(List<String> models) {
        List<Case> cases = new ArrayList<>();
        for (String model : models) {
            withResource("predict/cases/" + model, dir -> {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".json")) {
                            cases.add(new Case(
                                    model,
                                    name.substring(0, name.length() - 5),
                                    JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8))
                                            .getAsJsonObject()));
                        }
                    }
                }
            });
        }
        return cases;
    }

    private interface DirAction {
        void run(Path dir) throws IOException;
    }

    /** Runs {@code action} on a resource directory, whether it is a folder or inside a test jar. */
    private static void withResource(String dir, DirAction action) {
        URL url = PredictCases.class.getClassLoader().getResource(dir);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + dir);
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem fs = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    action.run(fs.getPath(dir));
                }
            } else {
                action.run(Path.of(url.toURI()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A picture of the test resources as a file in {@code dir} (copied once). */
    public static Path picture(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            try (InputStream in = PredictCases.class.getClassLoader().getResourceAsStream("predict/images/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource predict/images/" + name);
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /** Where ours differ from the reference; empty when they match. */
    public static List<String> mismatches(Case c, Predictions ours) {
        List<String> problems = new ArrayList<>();
        JsonObject r = c.result();
        if (r.has("top5") && r.get("top5").isJsonArray()) {
            Classification cls = ours.classification();
            if (cls == null) {
                return List.of("no classification");
            }
            JsonArray top5 = r.getAsJsonArray("top5");
            JsonArray conf = r.getAsJsonArray("top5conf");
            for (int i = 0; i < top5.size(); i++) {
                if (i >= cls.top5().size() || cls.top5().get(i) != top5.get(i).getAsInt()) {
                    problems.add("top5[" + i + "]: " + top5.get(i) + " expected, got " + cls.top5());
                } else if (Math.abs(cls.top5Confidence().get(i) - conf.get(i).getAsDouble()) > CONF_TOL) {
                    problems.add("top5conf[" + i + "]: " + conf.get(i) + " expected, got "
                            + cls.top5Confidence().get(i));
                }
            }
            return problems;
        }
        int n = r.get("n").getAsInt();
        List<Detection> left = new ArrayList<>(ours.detections());
        if (left.size() != n) {
            problems.add(n + " detections expected, got " + left.size());
        }
        for (int i = 0; i < n; i++) {
            Expected e = expected(c, i);
            Detection best = null;
            String why = "no detection of class " + e.cls;
            double nearest = Double.MAX_VALUE;
            for (Detection d : left) {
                if (d.classId() != e.cls) {
                    continue;
                }
                String m = differs(e, d);
                if (m == null) {
                    best = d;
                    break;
                }
                if (Math.abs(d.confidence() - e.conf) < nearest) {
                    nearest = Math.abs(d.confidence() - e.conf);
                    why = m;
                }
            }
            if (best != null) {
                record(e, best);
            }
            if (best == null) {
                problems.add("detection " + i + " (class " + e.cls + ", conf " + e.conf + "): " + why);
            } else {
                left.remove(best);
            }
        }
        return problems;
    }

    /** The mask IoU of the best match, for the figures in the docs; -1 when the case has no masks. */
    public static double minMaskIou(Case c, Predictions ours) {
        if (!c.result().has("masks")) {
            return -1;
        }
        double min = 1;
        int n = c.result().get("n").getAsInt();
        for (int i = 0; i < n && i < ours.detections().size(); i++) {
            Expected e = expected(c, i);
            double best = 0;
            for (Detection d : ours.detections()) {
                if (d.mask() != null && d.classId() == e.cls && Math.abs(d.confidence() - e.conf) <= CONF_TOL) {
                    best = Math.max(best, iou(e.mask, d.mask()));
                }
            }
            min = Math.min(min, best);
        }
        return min;
    }

    private record Expected(int cls, double conf, double[] box, double[] xywhr, double[][] kpts, Mask mask) {}

    private static Expected expected(Case c, int i) {
        JsonObject r = c.result();
        int cls = (int) r.getAsJsonArray("cls").get(i).getAsDouble();
        double conf = r.getAsJsonArray("conf").get(i).getAsDouble();
        double[] box = doubles(r.getAsJsonArray("boxes_xyxy").get(i));
        double[] xywhr = r.has("xywhr") && r.get("xywhr").isJsonArray()
                ? doubles(r.getAsJsonArray("xywhr").get(i))
                : null;
        double[][] kpts = null;
        if (r.has("keypoints_xyv") && r.get("keypoints_xyv").isJsonArray()) {
            JsonArray k = r.getAsJsonArray("keypoints_xyv").get(i).getAsJsonArray();
            kpts = new double[k.size()][];
            for (int j = 0; j < k.size(); j++) {
                kpts[j] = doubles(k.get(j));
            }
        }
        Mask mask = null;
        if (r.has("masks")) {
            JsonObject m = r.getAsJsonObject("masks");
            JsonArray shape = m.getAsJsonArray("orig_shape");
            JsonArray rle = m.getAsJsonArray("orig_rle").get(i).getAsJsonArray();
            int[] counts = new int[rle.size()];
            for (int j = 0; j < counts.length; j++) {
                counts[j] = rle.get(j).getAsInt();
            }
            // [n, h, w]
            mask = MaskRle.decodeRowMajor(
                    counts,
                    shape.get(shape.size() - 1).getAsInt(),
                    shape.get(shape.size() - 2).getAsInt());
        }
        return new Expected(cls, conf, box, xywhr, kpts, mask);
    }

    /** Why {@code d} does not match {@code e}, or null when it does. */
    private static String differs(Expected e, Detection d) {
        if (Math.abs(d.confidence() - e.conf) > CONF_TOL) {
            return "confidence " + e.conf + " expected, nearest " + d.confidence();
        }
        float[] box = {d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()};
        if (e.xywhr != null) {
            OrientedBox o = d.obb();
            if (o == null) {
                return "no rotated box";
            }
            float[] ours = {o.cx(), o.cy(), o.width(), o.height(), o.angle()};
            for (int k = 0; k < 5; k++) {
                if (Math.abs(ours[k] - e.xywhr[k]) > BOX_TOL) {
                    return String.format(Locale.ROOT, "xywhr[%d] %.4f expected, got %.4f", k, e.xywhr[k], ours[k]);
                }
            }
        } else {
            for (int k = 0; k < 4; k++) {
                if (Math.abs(box[k] - e.box[k]) > BOX_TOL) {
                    return String.format(Locale.ROOT, "box[%d] %.4f expected, got %.4f", k, e.box[k], box[k]);
                }
            }
        }
        if (e.kpts != null) {
            List<Keypoint> k = d.keypoints();
            if (k.size() != e.kpts.length) {
                return e.kpts.length + " key points expected, got " + k.size();
            }
            for (int j = 0; j < k.size(); j++) {
                if (Math.abs(k.get(j).x() - e.kpts[j][0]) > KPT_TOL
                        || Math.abs(k.get(j).y() - e.kpts[j][1]) > KPT_TOL
                        || Math.abs(k.get(j).visibility() - e.kpts[j][2]) > CONF_TOL) {
                    return "key point " + j + " " + java.util.Arrays.toString(e.kpts[j]) + " expected, got " + k.get(j);
                }
            }
        }
        if (e.mask != null) {
            if (d.mask() == null) {
                return "no mask";
            }
            double iou = iou(e.mask, d.mask());
            if (iou < MASK_IOU) {
                return String.format(Locale.ROOT, "mask IoU %.4f", iou);
            }
        }
        return null;
    }

    private static synchronized void record(Expected e, Detection d) {
        MAX_DELTAS[0] = Math.max(MAX_DELTAS[0], Math.abs(d.confidence() - e.conf));
        float[] box = {d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()};
        if (e.xywhr != null) {
            OrientedBox o = d.obb();
            float[] ours = {o.cx(), o.cy(), o.width(), o.height(), o.angle()};
            for (int k = 0; k < 5; k++) {
                MAX_DELTAS[1] = Math.max(MAX_DELTAS[1], Math.abs(ours[k] - e.xywhr[k]));
            }
        } else {
            for (int k = 0; k < 4; k++) {
                MAX_DELTAS[1] = Math.max(MAX_DELTAS[1], Math.abs(box[k] - e.box[k]));
            }
        }
        if (e.kpts != null) {
            for (int j = 0; j < e.kpts.length; j++) {
                Keypoint k = d.keypoints().get(j);
                MAX_DELTAS[2] = Math.max(MAX_DELTAS[2], Math.abs(k.x() - e.kpts[j][0]));
                MAX_DELTAS[2] = Math.max(MAX_DELTAS[2], Math.abs(k.y() - e.kpts[j][1]));
            }
        }
        if (e.mask != null) {
            MAX_DELTAS[3] = Math.max(MAX_DELTAS[3], 1 - iou(e.mask, d.mask()));
        }
    }

    /** Intersection over union of two masks of the same size (1 when both are empty). */
    public static double iou(Mask a, Mask b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return 0;
        }
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        long inter = 0;
        long union = 0;
        for (int i = 0; i < pa.length; i++) {
            inter += pa[i] & pb[i];
            union += pa[i] | pb[i];
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    private static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
