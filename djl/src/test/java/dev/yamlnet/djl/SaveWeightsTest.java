package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weights saved by yamlnet are an Ultralytics state dict again: the same names, shapes and values
 * as the file they were loaded from (without {@code num_batches_tracked}, which the runtime does
 * not keep), and a fresh model that loads them computes the same outputs.
 */
@Tag("engine")
class SaveWeightsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"safetensors", "npz"})
    void savedWeightsRoundTripUnderUltralyticsNames(String format, @TempDir Path dir) throws Exception {
        Path yaml = YoloModelParityTest.resource("conformance/fixtures/yolov8t.yaml");
        Path fixture = YoloModelParityTest.resource("parity/yolov8t/weights.safetensors");
        CompileOptions options =
                CompileOptions.defaults("yolov8.yaml").withScale("t").withImgsz(128);
        Path saved = dir.resolve("yolov8t." + format);
        float[] input = FixtureParityTest.only(YoloModelParityTest.resource("parity/yolov8t/input.npy"))
                .data();
        float[] expected;
        try (YoloModel model = YoloModel.load(yaml, options)) {
            model.loadWeights(fixture);
            expected = model.predict(input);
            model.saveWeights(saved);
        }

        Map<String, Tensor> original = WeightLoader.read(fixture).entrySet().stream()
                .filter(e -> !e.getKey().endsWith("num_batches_tracked"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Tensor> written = WeightLoader.read(saved);
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        for (Map.Entry<String, Tensor> e : original.entrySet()) {
            Tensor w = written.get(e.getKey());
            assertThat(w.shape()).as(e.getKey()).containsExactly(e.getValue().shape());
            assertThat(w.data()).as(e.getKey()).containsExactly(e.getValue().data());
        }

        try (YoloModel fresh = YoloModel.load(yaml, options)) {
            fresh.loadWeights(saved);
            assertThat(fresh.predict(input)).containsExactly(expected);
        }
    }
}
