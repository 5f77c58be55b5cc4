package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link YoloModel#fuse()} on the yolov8t fixture: folding every BatchNorm into its convolution
 * changes the outputs only by float rounding (Ultralytics' {@code fuse()} promises the same), the
 * fused model still matches Ultralytics' own output, and its tensors carry the fused names.
 */
@Tag("engine")
class FuseParityTest {
    private static final Path YAML = YoloModelParityTest.resource("conformance/fixtures/yolov8t.yaml");
    private static final Path DIR = YoloModelParityTest.resource("parity/yolov8t");

    private static YoloModel load() throws Exception {
        YoloModel m = YoloModel.load(
                YAML, CompileOptions.defaults("yolov8.yaml").withScale("t").withImgsz(128));
        m.loadWeights(DIR.resolve("weights.safetensors"));
        return m;
    }

    @Test
    void fusedOutputEqualsUnfusedWithin1e4Relative() throws Exception {
        Tensor input = FixtureParityTest.only(DIR.resolve("input.npy"));
        try (YoloModel plain = load();
                YoloModel fused = load().fuse()) {
            float[] u = plain.predict(input.data());
            float[] f = fused.predict(input.data());
            assertThat(f).hasSameSizeAs(u);
            int bad = 0;
            double worst = 0;
            for (int i = 0; i < u.length; i++) {
                double d = Math.abs(f[i] - u[i]);
                // relative to the value, with values below 1 (class scores) held to 1e-4 absolute
                double rel = d / Math.max(1.0, Math.abs(u[i]));
                worst = Math.max(worst, rel);
                if (!(rel <= 1e-4)) {
                    bad++;
                }
            }
            assertThat(bad)
                    .as("elements differing by more than 1e-4 relative (worst %s)", worst)
                    .isZero();
            FixtureParityTest.assertWithinTolerance(
                    "yolov8t fused",
                    f,
                    FixtureParityTest.only(DIR.resolve("output.npy")).data());
        }
    }

    @Test
    void fusedConvsListWeightAndBiasInsteadOfBatchNorm() throws Exception {
        try (YoloModel m = load()) {
            long unfused = m.parameterCount();
            m.fuse().fuse(); // twice: the second call must change nothing
            Map<String, ?> names = m.block().ultralyticsParameters();
            assertThat(names)
                    .containsKeys(
                            "model.0.conv.weight",
                            "model.0.conv.bias",
                            "model.22.cv2.0.0.conv.bias",
                            "model.22.cv2.0.2.bias",
                            "model.22.dfl.conv.weight");
            assertThat(names.keySet()).noneMatch(k -> k.contains(".bn."));
            // each Conv trades gamma and beta (2 x c2) for one bias (c2): layer 0 is Conv(3, 16 at scale t)
            assertThat(names.get("model.0.conv.bias")).isNotNull();
            assertThat(m.parameterCount()).isLessThan(unfused);
        }
    }
}
