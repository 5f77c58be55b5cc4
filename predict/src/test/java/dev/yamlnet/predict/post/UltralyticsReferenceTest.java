package dev.yamlnet.predict.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.core.Task;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.Mask;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.ModelInput;
import dev.yamlnet.predict.OrientedBox;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.RawOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the raw outputs Ultralytics 8.4.117's predictor handed to its post-processing (fused model, saved next to
 * the predictions) to {@link Postprocess} and compares the result with what Ultralytics itself returned for the
 * same call: same number of detections, and every reference detection matched by class, confidence within 1e-4,
 * box within 1e-2 px (rotated boxes: x, y, w, h, angle within 1e-2), key points within 1e-2 px, mask IoU at least
 * 0.99 at the original picture size.
 *
 * <p>A case without its own raw output is run on the raw output of the case with the same pre-processed picture
 * when the model computed the same thing for both: NMS models, and end-to-end heads with the same agnostic flag
 * (their head always runs with {@code max(max_det, 300)}). Classify cases use the softmax the reference records.
 */
class UltralyticsReferenceTest {
    private static final String ROOT = "/ultralytics/";
    private static final double CONF_TOL = 1e-4;
    private static final double PX_TOL = 1e-2;
    private static final double MIN_IOU = 0.99;

    record Case(String model, String name, JsonObject json, String rawFrom) {
        @Override
        public String toString() {
            return model + "/" + name + (rawFrom.equals(name) ? "" : " (raw output of " + rawFrom + ")");
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        URL url = UltralyticsReferenceTest.class.getResource(ROOT + "predictions");
        assertNotNull(url, "reference predictions are on the test class path");
        Path dir = Path.of(url.toURI());
        List<Case> out = new ArrayList<>();
        try (Stream<Path> models = Files.list(dir)) {
            for (Path m : models.sorted().toList()) {
                String model = m.getFileName().toString();
                Map<String, JsonObject> byName = new HashMap<>();
                try (Stream<Path> files = Files.list(m)) {
                    for (Path f : files.sorted().toList()) {
                        String n = f.getFileName().toString();
                        if (n.endsWith(".json")) {
                            byName.put(n.substring(0, n.length() - 5), parse(Files.readString(f)));
                        }
                    }
                }
                for (Map.Entry<String, JsonObject> e : byName.entrySet()) {
                    String source = rawSource(m, e.getKey(), e.getValue(), byName);
                    if (source != null) {
                        out.add(new Case(model, e.getKey(), e.getValue(), source));
                    }
                }
            }
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out.stream();
    }

    /** The case whose raw output this case can be computed from, or null. */
    private static String rawSource(Path dir, String name, JsonObject json, Map<String, JsonObject> all) {
        if ("classify".equals(json.get("task").getAsString())) {
            return name;
        }
        if (Files.exists(dir.resolve(name + ".output.npy"))) {
            return name;
        }
        boolean endToEnd =
                checkpoint(json.get("model").getAsString()).get("end2end").getAsBoolean();
        String pre = json.get("preprocessed").getAsString();
        boolean agnostic = settings(json).get("agnostic_nms").getAsBoolean();
        for (Map.Entry<String, JsonObject> e : all.entrySet()) {
            JsonObject o = e.getValue();
            if (Files.exists(dir.resolve(e.getKey() + ".output.npy"))
                    && o.get("preprocessed").getAsString().equals(pre)
                    && (!endToEnd || settings(o).get("agnostic_nms").getAsBoolean() == agnostic)) {
                return e.getKey();
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesUltralytics(Case c) throws IOException {
        JsonObject json = c.json();
        JsonObject ckpt = checkpoint(c.model());
        ModelHead head = head(ckpt);
        JsonObject s = settings(json);
        PredictOptions options = PredictOptions.defaults()
                .withImgsz(s.get("imgsz").getAsInt())
                .withConf(s.get("conf").getAsFloat())
                .withIou(s.get("iou").getAsFloat())
                .withMaxDet(s.get("max_det").getAsInt())
                .withAgnostic(s.get("agnostic_nms").getAsBoolean())
                .withRetinaMasks(s.get("retina_masks").getAsBoolean())
                .withLetterbox(
                        s.get("rect").isJsonNull() || s.get("rect").getAsBoolean()
                                ? LetterboxMode.RECT
                                : LetterboxMode.SQUARE)
                .withClasses(s.get("classes").isJsonNull() ? List.of() : ints(s.getAsJsonArray("classes")));
        JsonArray inShape = json.getAsJsonArray("input_shape");
        JsonArray orig = json.getAsJsonArray("orig_shape");
        int h = inShape.get(2).getAsInt();
        int w = inShape.get(3).getAsInt();
        int h0 = orig.get(0).getAsInt();
        int w0 = orig.get(1).getAsInt();
        ModelInput input = new ModelInput(new float[3 * h * w], h, w, h0, w0);
        JsonObject result = json.getAsJsonObject("result");

        List<RawOutput> outputs = new ArrayList<>();
        if (head.task() == Task.CLASSIFY) {
            JsonArray probs = result.getAsJsonArray("probs");
            float[] p = new float[probs.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = probs.get(i).getAsFloat();
            }
            outputs.add(new RawOutput(new long[] {1, p.length}, p));
        } else {
            outputs.add(npy(c.model(), c.rawFrom() + ".output.npy"));
            if (head.task() == Task.SEGMENT) {
                outputs.add(npy(c.model(), c.rawFrom() + ".proto.npy"));
            }
        }

        List<Predictions> all = Postprocess.apply(head, outputs, List.of(input), options);
        assertEquals(1, all.size());
        Predictions got = all.get(0);
        if (head.task() == Task.CLASSIFY) {
            checkClassification(result, got);
        } else {
            checkDetections(head.task(), result, got.detections(), w0, h0);
        }
    }

    private static void checkClassification(JsonObject result, Predictions got) {
        assertNotNull(got.classification());
        assertEquals(ints(result.getAsJsonArray("top5")), got.classification().top5());
        JsonArray conf = result.getAsJsonArray("top5conf");
        for (int i = 0; i < conf.size(); i++) {
            assertEquals(
                    conf.get(i).getAsDouble(),
                    got.classification().top5Confidence().get(i),
                    CONF_TOL,
                    "top-5 #" + i);
        }
    }

    private static void checkDetections(Task task, JsonObject result, List<Detection> got, int w0, int h0) {
        int n = result.get("n").getAsInt();
        assertEquals(n, got.size(), "number of detections");
        boolean[] used = new boolean[got.size()];
        for (int i = 0; i < n; i++) {
            String best = null;
            int match = -1;
            for (int j = 0; j < got.size() && match < 0; j++) {
                if (used[j]) {
                    continue;
                }
                String why = mismatch(task, result, i, got.get(j), w0, h0);
                if (why == null) {
                    match = j;
                } else if (best == null || j == i) {
                    best = "ours #" + j + ": " + why;
                }
            }
            if (match < 0) {
                fail("reference detection #" + i + " has no match; closest: " + best);
            }
            used[match] = true;
        }
    }

    /** Why detection {@code d} does not match reference detection {@code i}, or null when it does. */
    private static String mismatch(Task task, JsonObject result, int i, Detection d, int w0, int h0) {
        int cls = (int) result.getAsJsonArray("cls").get(i).getAsDouble();
        if (d.classId() != cls) {
            return "class " + d.classId() + " vs " + cls;
        }
        double conf = result.getAsJsonArray("conf").get(i).getAsDouble();
        if (Math.abs(d.confidence() - conf) > CONF_TOL) {
            return "confidence " + d.confidence() + " vs " + conf;
        }
        float[] box = {d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()};
        String b = close("box", box, floats(result.getAsJsonArray("boxes_xyxy").get(i)), PX_TOL);
        if (b != null) {
            return b;
        }
        if (task == Task.OBB) {
            OrientedBox o = d.obb();
            if (o == null) {
                return "no rotated box";
            }
            float[] xywhr = {o.cx(), o.cy(), o.width(), o.height(), o.angle()};
            String r =
                    close("xywhr", xywhr, floats(result.getAsJsonArray("xywhr").get(i)), PX_TOL);
            if (r != null) {
                return r;
            }
            JsonArray corners = result.getAsJsonArray("xyxyxyxy").get(i).getAsJsonArray();
            float[][] ours = o.corners();
            for (int k = 0; k < 4; k++) {
                String cr = close("corner " + k, ours[k], floats(corners.get(k)), PX_TOL);
                if (cr != null) {
                    return cr;
                }
            }
        }
        if (task == Task.POSE) {
            JsonArray kps = result.getAsJsonArray("keypoints_xyv").get(i).getAsJsonArray();
            if (kps.size() != d.keypoints().size()) {
                return kps.size() + " key points expected, got " + d.keypoints().size();
            }
            for (int k = 0; k < kps.size(); k++) {
                float[] ref = floats(kps.get(k));
                Keypoint p = d.keypoints().get(k);
                String kr = close("key point " + k, new float[] {p.x(), p.y()}, new float[] {ref[0], ref[1]}, PX_TOL);
                if (kr != null) {
                    return kr;
                }
                if (Math.abs(p.visibility() - ref[2]) > CONF_TOL) {
                    return "key point " + k + " visibility " + p.visibility() + " vs " + ref[2];
                }
            }
        }
        if (task == Task.SEGMENT) {
            Mask m = d.mask();
            if (m == null) {
                return "no mask";
            }
            if (m.width() != w0 || m.height() != h0) {
                return "mask " + m + " is not at the original size " + w0 + "x" + h0;
            }
            JsonArray rles = result.getAsJsonObject("masks").getAsJsonArray("orig_rle");
            Mask ref = MaskRle.decodeRowMajor(
                    ints(rles.get(i).getAsJsonArray()).stream()
                            .mapToInt(Integer::intValue)
                            .toArray(),
                    w0,
                    h0);
            double iou = iou(m, ref);
            if (iou < MIN_IOU) {
                return "mask IoU " + iou + " (areas " + m.area() + " vs " + ref.area() + ")";
            }
        }
        return null;
    }

    static double iou(Mask a, Mask b) {
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        long inter = 0;
        long union = 0;
        for (int k = 0; k < pa.length; k++) {
            inter += pa[k] & pb[k];
            union += pa[k] | pb[k];
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    private static String close(String what, float[] ours, float[] ref, double tol) {
        if (ours.length != ref.length) {
            return what + " has " + ours.length + " values, reference " + ref.length;
        }
        for (int k = 0; k < ours.length; k++) {
            if (!(Math.abs(ours[k] - ref[k]) <= tol)) {
                return what + "[" + k + "] " + ours[k] + " vs " + ref[k];
            }
        }
        return null;
    }

    static ModelHead head(JsonObject ckpt) {
        Map<Integer, String> names = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : ckpt.getAsJsonObject("names").entrySet()) {
            names.put(Integer.parseInt(e.getKey()), e.getValue().getAsString());
        }
        JsonElement kpt = ckpt.get("kpt_shape");
        int k = kpt == null || kpt.isJsonNull()
                ? 0
                : kpt.getAsJsonArray().get(0).getAsInt();
        int v = kpt == null || kpt.isJsonNull()
                ? 0
                : kpt.getAsJsonArray().get(1).getAsInt();
        JsonArray stride = ckpt.getAsJsonArray("stride");
        int maxStride = (int) stride.get(stride.size() - 1).getAsDouble();
        Task task = Task.valueOf(ckpt.get("task").getAsString().toUpperCase());
        return new ModelHead(task, names, k, v, ckpt.get("end2end").getAsBoolean(), maxStride);
    }

    static JsonObject checkpoint(String model) {
        return parse(resource("checkpoints/" + model + ".json"));
    }

    private static JsonObject settings(JsonObject json) {
        return json.getAsJsonObject("settings");
    }

    static RawOutput npy(String model, String file) throws IOException {
        try (InputStream in =
                UltralyticsReferenceTest.class.getResourceAsStream(ROOT + "predictions/" + model + "/" + file)) {
            assertNotNull(in, file);
            return Npy.read(in);
        }
    }

    private static String resource(String path) {
        try (InputStream in = UltralyticsReferenceTest.class.getResourceAsStream(ROOT + path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject parse(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static List<Integer> ints(JsonArray a) {
        List<Integer> out = new ArrayList<>(a.size());
        for (JsonElement e : a) {
            out.add((int) e.getAsDouble());
        }
        return out;
    }

    private static float[] floats(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void everyTaskIsCovered() throws IOException, URISyntaxException {
        List<Case> all = cases().toList();
        for (String task : List.of("detect", "segment", "pose", "obb", "classify")) {
            assertTrue(
                    all.stream()
                            .anyMatch(c -> c.json().get("task").getAsString().equals(task)),
                    task + " cases");
        }
        assertTrue(
                all.stream().anyMatch(c -> checkpoint(c.model()).get("end2end").getAsBoolean()), "end-to-end");
        assertFalse(all.isEmpty());
    }
}
