package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import dev.yamlnet.runtime.weights.WeightMismatchException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The yolov8t fixture (YOLOv8 at a tiny custom scale t, nc 10, 128 pixels) loaded once: memory
 * stays flat over repeated calls, parameter counts agree, DJL's own format round-trips, and
 * mismatched weights are reported tensor by tensor. Output parity is {@link FixtureParityTest}.
 */
@Tag("engine")
class YoloModelParityTest {
    private static YoloModel model;

    @BeforeAll
    static void load() throws Exception {
        Path yaml = resource("conformance/fixtures/yolov8t.yaml");
        model = YoloModel.load(
                yaml, CompileOptions.defaults("yolov8.yaml").withScale("t").withImgsz(128));
        model.loadWeights(resource("parity/yolov8t/weights.safetensors"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void repeatedCallsGiveIdenticalResultsAndLeaveNoArraysBehind() throws Exception {
        Tensor input = WeightLoader.read(resource("parity/yolov8t/input.npy"))
                .values()
                .iterator()
                .next();
        float[] first = model.predict(input.data());
        int arrays = model.model().getNDManager().getManagedArrays().size();
        for (int i = 0; i < 5; i++) {
            assertThat(model.predict(input.data())).containsExactly(first);
        }
        assertThat(model.model().getNDManager().getManagedArrays()).hasSize(arrays);
    }

    @Test
    void parameterCountEqualsTheCompilersAndUltralytics() {
        // meta.json of the fixture: total_params 355478 (PyTorch's count, BN running stats excluded)
        assertThat(model.parameterCount()).isEqualTo(model.ir().params()).isEqualTo(355_478L);
    }

    @Test
    void djlParameterFilesRoundTrip(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Tensor input = WeightLoader.read(resource("parity/yolov8t/input.npy"))
                .values()
                .iterator()
                .next();
        model.model().save(dir, "yolov8t");
        try (YoloModel copy = YoloModel.of(model.ir())) {
            copy.model().load(dir, "yolov8t");
            assertThat(copy.predict(input.data())).containsExactly(model.predict(input.data()));
        }
    }

    @Test
    void weightsForAnotherClassCountAreRejectedTensorByTensor() throws Exception {
        Path yaml = resource("conformance/fixtures/yolov8t.yaml");
        try (YoloModel nc20 = YoloModel.load(
                yaml,
                CompileOptions.defaults("yolov8.yaml")
                        .withScale("t")
                        .withImgsz(128)
                        .withNc(20))) {
            WeightMismatchException e = catchThrowableOfType(
                    () -> nc20.loadWeights(resource("parity/yolov8t/weights.safetensors")),
                    WeightMismatchException.class);
            // nc 20 widens the class branches to max(16, min(20, 100)) = 20 channels and ends them in 20 outputs:
            // per level 2 Convs x 5 tensors + the final weight and bias = 12, for 3 levels
            assertThat(e.getMessage())
                    .contains("(0 missing, 0 unexpected, 36 with the wrong shape)")
                    .contains(
                            "shape mismatch model.22.cv3.0.0.conv.weight: the model expects (20, 16, 3, 3), the file has (16, 16, 3, 3)")
                    .contains("shape mismatch model.22.cv3.2.2.bias: the model expects (20), the file has (10)")
                    .doesNotContain("model.22.cv2.");
        }
    }

    static Path resource(String name) {
        return dev.yamlnet.compiler.conformance.ReferenceCase.resource(name);
    }
}
