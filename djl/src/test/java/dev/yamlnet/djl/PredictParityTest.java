package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.predict.ImageResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link YoloModel#predict(Path, dev.yamlnet.predict.PredictOptions)} on Ultralytics checkpoints (a {@code .pt}
 * alone) reproduces what Ultralytics 8.4.117's own predictor returned for the same picture and settings, as
 * {@link PredictCases} says: detect, segment, pose, OBB, classify, BoT3 and YOLO11. The end-to-end YOLO26 models
 * are not here yet: their head needs the zoo's end-to-end branch in the runtime.
 */
@Tag("engine")
class PredictParityTest {
    static final List<String> MODELS = List.of(
            "yolov8t-shapes",
            "yolov8t-seg-shapes",
            "yolov8t-pose-shapes",
            "yolov8t-obb-shapes",
            "yolov8t-cls-shapes",
            "yolov8t-bot3-notable-shapes",
            "yolo11t-shapes");

    @TempDir
    static Path files;

    private static final Map<String, YoloModel> MODELS_LOADED = new HashMap<>();
    private static int matched;

    static List<PredictCases.Case> cases() {
        return PredictCases.cases(MODELS);
    }

    static YoloModel model(String name) throws Exception {
        YoloModel m = MODELS_LOADED.get(name);
        if (m == null) {
            m = YoloModel.load(TestCheckpoints.file(name + ".pt", files));
            MODELS_LOADED.put(name, m);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesUltralytics(PredictCases.Case c) throws Exception {
        ImageResult r = model(c.model()).predict(PredictCases.picture(c.image(), files), c.options());

        assertThat(List.of(r.height(), r.width()))
                .containsExactly(
                        c.json().getAsJsonArray("orig_shape").get(0).getAsInt(),
                        c.json().getAsJsonArray("orig_shape").get(1).getAsInt());
        assertThat(PredictCases.mismatches(c, r.predictions())).isEmpty();
        matched++;
    }

    @AfterAll
    static void close() {
        MODELS_LOADED.values().forEach(YoloModel::close);
        double[] d = PredictCases.MAX_DELTAS;
        System.out.printf(
                Locale.ROOT,
                "predict parity: %d cases matched; max |d conf| %.3g, max |d box| %.3g px, max |d keypoint| %.3g px,"
                        + " min mask IoU %.5f%n",
                matched,
                d[0],
                d[1],
                d[2],
                1 - d[3]);
    }
}
