package dev.yamlnet.runtime.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BoT3's blocks: state-dict names and shapes, parameter counts from BoT3's formula (see
 * {@code Bot3Spec}), and the attention on a rectangular map against the reference's formula written
 * out element by element.
 */
@Tag("engine")
class Bot3BlockTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void parameterCountsFollowTheSpecFormula() {
        // BoT3(256, 256, n=1) = 214,784 + c (w + h) = 5,120 with 20x20 tables
        assertThat(BlockShapesTest.learnable(Layers.bot3(256, 256, 1, 0.5, 1, 20, 20)))
                .isEqualTo(219_904);
        assertThat(BlockShapesTest.learnable(Layers.bot3(256, 256, 1, 0.5, 1, 0, 0)))
                .isEqualTo(214_784);
        // bot3-background.md: BoT3(1024, 1024, n=3) without tables = 6,042,624
        assertThat(BlockShapesTest.learnable(Layers.bot3(1024, 1024, 3, 0.5, 1, 0, 0)))
                .isEqualTo(6_042_624);
    }

    @Test
    void stateDictNamesAndTableShapes() {
        Bot3Block b = Layers.bot3(256, 256, 2, 0.5, 1, 20, 10);
        var p = b.ultralyticsParameters();
        assertThat(p.keySet())
                .contains(
                        "cv1.conv.weight",
                        "cv2.bn.running_var",
                        "cv3.conv.weight",
                        "m.0.cv1.conv.weight",
                        "m.1.cv1.bn.bias",
                        "m.0.cv2.0.query.weight",
                        "m.0.cv2.0.query.bias",
                        "m.0.cv2.0.key.bias",
                        "m.1.cv2.0.value.weight",
                        "m.0.cv2.0.rel_h",
                        "m.1.cv2.0.rel_w",
                        "m.0.fc1.weight",
                        "m.1.fc1.bias");
        // c = 128, d = 32: rel_h (1, heads, d, 1, h), rel_w (1, heads, d, w, 1)
        assertThat(p.get("m.0.cv2.0.rel_h").getShape()).isEqualTo(new Shape(1, 4, 32, 1, 10));
        assertThat(p.get("m.0.cv2.0.rel_w").getShape()).isEqualTo(new Shape(1, 4, 32, 20, 1));
        assertThat(p.get("m.0.cv2.0.query.weight").getShape()).isEqualTo(new Shape(128, 128, 1, 1));
        assertThat(p.get("m.0.fc1.weight").getShape()).isEqualTo(new Shape(128, 128));
        assertThat(p.get("cv3.conv.weight").getShape()).isEqualTo(new Shape(256, 256, 1, 1));
        assertThat(b.getOutputShapes(new Shape[] {new Shape(1, 256, 20, 10)})[0])
                .isEqualTo(new Shape(1, 256, 20, 10));
        assertThat(Layers.bot3(64, 64, 1, 0.5, 1, 0, 0).ultralyticsParameters().keySet())
                .noneMatch(k -> k.contains("rel_"));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> Layers.bot3(64, 64, 1, 0.5, 2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e2 must be 1");
        assertThatThrownBy(() -> Layers.bot3(64, 36, 1, 0.5, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divisible by the 4 heads");
        assertThatThrownBy(() -> Layers.bot3(64, 64, 1, 0.5, 1, 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both positive or both 0");
    }

    /**
     * Tables for a map of w = 2 rows and h = 3 columns (not square, so a transposed table shows),
     * 2 heads of d = 2 channels, random weights; the expected output is the reference's formula:
     * logit[i, j] = q_i . k_j + r_i . q_j with r_p = rel_h[p mod h] + rel_w[p div h], softmax over j,
     * out_i = sum_j A[i, j] v_j.
     */
    @Test
    void attentionOnARectangularMapMatchesTheFormula() throws Exception {
        int c = 4;
        int heads = 2;
        int d = 2;
        int rows = 2;
        int cols = 3;
        int n = rows * cols;
        Random rnd = new Random(7);
        MhsaBlock mhsa = new MhsaBlock(c, heads, rows, cols);
        mhsa.initialize(manager, DataType.FLOAT32, new Shape(1, c, rows, cols));
        Map<String, float[]> values = new HashMap<>();
        for (String name : mhsa.ultralyticsParameters().keySet()) {
            float[] v = new float
                    [(int) mhsa.ultralyticsParameters().get(name).getShape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            values.put(name, v);
        }
        BlockForwardTest.set(mhsa, values);
        float[] x = new float[c * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian() * 0.5f;
        }
        double[][] q = project(values.get("query.weight"), values.get("query.bias"), x, c, n);
        double[][] k = project(values.get("key.weight"), values.get("key.bias"), x, c, n);
        double[][] v = project(values.get("value.weight"), values.get("value.bias"), x, c, n);
        float[] relH = values.get("rel_h"); // (1, heads, d, 1, h): index (head * d + ch) * h + column
        float[] relW = values.get("rel_w"); // (1, heads, d, w, 1): index (head * d + ch) * w + row
        double[] expected = new double[c * n];
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < n; i++) {
                double[] logits = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double e = 0;
                    for (int ch = 0; ch < d; ch++) {
                        int cc = head * d + ch;
                        double r = relH[cc * cols + i % cols] + relW[cc * rows + i / cols];
                        e += q[cc][i] * k[cc][j] + r * q[cc][j];
                    }
                    logits[j] = e;
                    max = Math.max(max, e);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    logits[j] = Math.exp(logits[j] - max);
                    sum += logits[j];
                }
                for (int ch = 0; ch < d; ch++) {
                    int cc = head * d + ch;
                    double o = 0;
                    for (int j = 0; j < n; j++) {
                        o += logits[j] / sum * v[cc][j];
                    }
                    expected[cc * n + i] = o;
                }
            }
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray in = call.create(x, new Shape(1, c, rows, cols));
            NDArray y = mhsa.forward(new ParameterStore(call, false), new NDList(in), false)
                    .head();
            assertThat(y.getShape()).isEqualTo(new Shape(1, c, rows, cols));
            float[] actual = y.toFloatArray();
            for (int i = 0; i < actual.length; i++) {
                assertThat((double) actual[i]).as("output element %d", i).isCloseTo(expected[i], within(1e-4));
            }
            NDArray wrongSize = call.zeros(new Shape(1, c, cols, rows));
            assertThatThrownBy(() -> mhsa.forward(new ParameterStore(call, false), new NDList(wrongSize), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fit a 2x3 map");
        }
    }

    /** A biased 1x1 convolution: out[o][p] = b[o] + sum_i w[o][i] x[i][p]. */
    private static double[][] project(float[] w, float[] b, float[] x, int c, int n) {
        double[][] out = new double[c][n];
        for (int o = 0; o < c; o++) {
            for (int p = 0; p < n; p++) {
                double s = b[o];
                for (int i = 0; i < c; i++) {
                    s += w[o * c + i] * x[i * n + p];
                }
                out[o][p] = s;
            }
        }
        return out;
    }
}
