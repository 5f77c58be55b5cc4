package dev.yamlnet.runtime.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A model built without a weights file starts as PyTorch would: convolution weights and biases
 * uniform in {@code +-1/sqrt(fan_in)}, BatchNorm weight 1, bias 0, running mean 0, variance 1.
 */
@Tag("engine")
class TorchInitTest {

    @Test
    void weightsAndBiasesFollowPyTorchDefaults() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // a Detect head: its branch ends in plain Conv2d layers with bias (c2 = 64 inputs each)
            DetectBlock head = Layers.detect(80, 16, true, new int[] {64, 128, 256}, new double[] {8, 16, 32});
            head.initialize(
                    manager,
                    DataType.FLOAT32,
                    new Shape(1, 64, 8, 8),
                    new Shape(1, 128, 4, 4),
                    new Shape(1, 256, 2, 2));
            Map<String, Parameter> p = head.ultralyticsParameters();

            float[] w = p.get("cv2.0.0.conv.weight").getArray().toFloatArray(); // (64, 64, 3, 3): fan_in 576
            assertUniform(w, 1 / Math.sqrt(64 * 9));
            float[] finalW = p.get("cv2.0.2.weight").getArray().toFloatArray(); // (64, 64, 1, 1): fan_in 64
            assertUniform(finalW, 1 / Math.sqrt(64));
            float[] finalB = p.get("cv2.0.2.bias").getArray().toFloatArray();
            for (float b : finalB) {
                assertThat(Math.abs(b))
                        .isLessThanOrEqualTo(0.125f)
                        .isGreaterThan(0f); // 1/sqrt(64), and not the old zero
            }

            assertThat(p.get("cv2.0.0.bn.weight").getArray().toFloatArray()).containsOnly(1f);
            assertThat(p.get("cv2.0.0.bn.bias").getArray().toFloatArray()).containsOnly(0f);
            assertThat(p.get("cv2.0.0.bn.running_mean").getArray().toFloatArray())
                    .containsOnly(0f);
            assertThat(p.get("cv2.0.0.bn.running_var").getArray().toFloatArray())
                    .containsOnly(1f);
        }
    }

    /** All values inside the bound, spread like a uniform distribution (std = bound / sqrt(3)). */
    private static void assertUniform(float[] values, double bound) {
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
            sum += v;
            squares += v * v;
        }
        double mean = sum / values.length;
        double std = Math.sqrt(squares / values.length - mean * mean);
        assertThat(mean).isBetween(-0.05 * bound, 0.05 * bound);
        assertThat(std).isBetween(0.9 * bound / Math.sqrt(3), 1.1 * bound / Math.sqrt(3));
    }
}
