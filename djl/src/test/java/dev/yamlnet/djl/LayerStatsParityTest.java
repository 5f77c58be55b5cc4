package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Layer-by-layer comparison with the statistics Ultralytics recorded for the yolov8t fixture (shape,
 * mean, mean of absolute values, first eight elements of every layer's output). When the end-to-end
 * parity test fails, this one names the first layer that diverges.
 */
@Tag("engine")
class LayerStatsParityTest {

    @Test
    void everyLayerMatchesUltralyticsStatistics() throws Exception {
        JsonObject stats = JsonParser.parseString(Files.readString(
                        YoloModelParityTest.resource("parity/yolov8t/layer_stats.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        Tensor input = WeightLoader.read(YoloModelParityTest.resource("parity/yolov8t/input.npy"))
                .values()
                .iterator()
                .next();
        List<String> problems = new ArrayList<>();
        try (YoloModel m = YoloModel.load(
                YoloModelParityTest.resource("conformance/fixtures/yolov8t.yaml"),
                CompileOptions.defaults("yolov8.yaml").withScale("t").withImgsz(128))) {
            m.loadWeights(YoloModelParityTest.resource("parity/yolov8t/weights.safetensors"));
            try (NDManager call = m.model().getNDManager().newSubManager()) {
                NDArray x = call.create(input.data(), new Shape(input.shape()));
                List<NDList> outs = m.block().forwardAllLayers(new ParameterStore(call, false), new NDList(x), false);
                for (var layer : stats.getAsJsonArray("layers")) {
                    JsonObject l = layer.getAsJsonObject();
                    int i = l.get("i").getAsInt();
                    JsonObject ref =
                            l.getAsJsonArray("tensors").get(0).getAsJsonObject(); // "" or "[0]": the first output
                    compare(
                            "layer " + i + " (" + l.get("module").getAsString() + ")",
                            outs.get(i).head(),
                            ref,
                            problems);
                }
            }
        }
        assertThat(problems)
                .as("layers diverging from Ultralytics, first one first")
                .isEmpty();
    }

    private static void compare(String what, NDArray actual, JsonObject ref, List<String> problems) {
        JsonArray shape = ref.getAsJsonArray("shape");
        long[] want = new long[shape.size()];
        for (int k = 0; k < want.length; k++) {
            want[k] = shape.get(k).getAsLong();
        }
        if (!actual.getShape().equals(new Shape(want))) {
            problems.add(what + ": shape " + actual.getShape() + ", expected " + new Shape(want));
            return;
        }
        float[] v = actual.toFloatArray();
        double sum = 0;
        double abs = 0;
        for (float f : v) {
            sum += f;
            abs += Math.abs(f);
        }
        check(what + " mean", sum / v.length, ref.get("mean").getAsDouble(), problems);
        check(what + " abs_mean", abs / v.length, ref.get("abs_mean").getAsDouble(), problems);
        JsonArray first = ref.getAsJsonArray("first8");
        for (int k = 0; k < first.size(); k++) {
            check(what + " element " + k, v[k], first.get(k).getAsDouble(), problems);
        }
    }

    private static void check(String what, double actual, double expected, List<String> problems) {
        if (!(Math.abs(actual - expected) <= 1e-3 + 1e-4 * Math.abs(expected))) {
            problems.add(what + ": " + actual + ", expected " + expected);
        }
    }
}
