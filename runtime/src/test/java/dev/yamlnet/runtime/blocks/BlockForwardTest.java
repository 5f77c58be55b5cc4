package dev.yamlnet.runtime.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Forward passes on the PyTorch engine, checked against values computed by hand from the formulas. */
@Tag("engine")
class BlockForwardTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static float[] run(YoloBlock block, NDArray... inputs) {
        Shape[] shapes = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            shapes[i] = inputs[i].getShape();
        }
        block.initialize(manager, DataType.FLOAT32, shapes);
        return run(block, false, inputs);
    }

    static float[] run(YoloBlock block, boolean alreadyInitialised, NDArray... inputs) {
        try (NDManager call = manager.newSubManager()) {
            NDList in = new NDList();
            for (NDArray x : inputs) {
                in.add(x);
            }
            NDArray y =
                    block.forward(new ParameterStore(call, false), in, false).head();
            assertThat(y.getShape()).isEqualTo(block.getOutputShapes(in.getShapes())[0]);
            return y.toFloatArray();
        }
    }

    static void set(YoloBlock block, Map<String, float[]> values) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : block.ultralyticsParameters().entrySet()) {
            long[] shape = e.getValue().getShape().getShape();
            float[] v = values.getOrDefault(
                    e.getKey(), new float[(int) e.getValue().getShape().size()]);
            tensors.put(e.getKey(), new Tensor(e.getKey(), "F32", shape, v));
        }
        WeightLoader.apply(block.ultralyticsParameters(), tensors, "test");
    }

    static double silu(double y) {
        return y / (1 + Math.exp(-y));
    }

    @Test
    void convUsesRunningStatisticsEpsilonAndSilu() throws Exception {
        ConvBlock c = Layers.conv(1, 1, 1, 1, 0, 1, 1, true);
        NDArray x = manager.create(new float[] {0, 1, -1, 2}, new Shape(1, 1, 2, 2));
        c.initialize(manager, DataType.FLOAT32, x.getShape());
        set(
                c,
                Map.of(
                        "conv.weight",
                        new float[] {2},
                        "bn.weight",
                        new float[] {1.5f},
                        "bn.bias",
                        new float[] {0.25f},
                        "bn.running_mean",
                        new float[] {1},
                        "bn.running_var",
                        new float[] {4}));
        float[] y = run(c, true, x);
        float[] in = {0, 1, -1, 2};
        for (int i = 0; i < 4; i++) {
            double bn = 1.5 * (2 * in[i] - 1) / Math.sqrt(4 + 1e-3) + 0.25;
            assertThat((double) y[i]).isCloseTo(silu(bn), within(1e-6));
        }
        c.setBatchNormEpsilon(1e-5f);
        float[] y5 = run(c, true, x);
        assertThat((double) y5[0]).isCloseTo(silu(1.5 * -1 / Math.sqrt(4 + 1e-5) + 0.25), within(1e-6));
    }

    @Test
    void nearestUpsampleRepeatsPixels() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertThat(run(Layers.upsample(2.0, "nearest"), x))
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void sppfPoolsWithPaddingThatKeepsTheSize() throws Exception {
        // cv1 and cv2 made identities (weight 1, BN passes through); cv2 has SiLU, cv1 none
        SppfBlock s = Layers.sppf(2, 1, 3, 1, false);
        NDArray x = manager.create(new float[] {1, 5, 2, 3, /* ch1 */ 0, 0, 0, 0}, new Shape(1, 2, 2, 2));
        s.initialize(manager, DataType.FLOAT32, x.getShape());
        set(
                s,
                Map.of(
                        "cv1.conv.weight",
                        new float[] {1, 0},
                        "cv1.bn.weight",
                        new float[] {1},
                        "cv1.bn.running_var",
                        new float[] {1 - 1e-3f},
                        "cv2.conv.weight",
                        new float[] {0, 1},
                        "cv2.bn.weight",
                        new float[] {1},
                        "cv2.bn.running_var",
                        new float[] {1 - 1e-3f}));
        // the 3x3 max-pool (stride 1, pad 1) of [[1, 5], [2, 3]] is 5 everywhere; cv2 keeps only that map
        float[] y = run(s, true, x);
        for (float v : y) {
            assertThat((double) v).isCloseTo(silu(5), within(1e-5));
        }
    }

    @Test
    void detectDecodesUniformDistributionsToCentredBoxes() throws Exception {
        // all weights zero: every box side's 16 bins are equally likely, so each distance is 7.5 cells;
        // boxes are centred on their cell, 15 cells wide, and class scores are sigmoid(0) = 0.5
        DetectBlock d = Layers.detect(1, 16, true, new int[] {4}, new double[] {8});
        NDArray x = manager.ones(new Shape(1, 4, 2, 2));
        d.initialize(manager, DataType.FLOAT32, x.getShape());
        float[] arange = new float[16];
        for (int i = 0; i < 16; i++) {
            arange[i] = i;
        }
        set(d, Map.of("dfl.conv.weight", arange));
        float[] y = run(d, true, x);
        assertThat(y)
                .containsExactly(
                        4, 12, 4, 12, // centre x in pixels: (col + 0.5) * 8
                        4, 4, 12, 12, // centre y
                        120, 120, 120, 120, // width: 15 * 8
                        120, 120, 120, 120, // height
                        0.5f, 0.5f, 0.5f, 0.5f); // score
    }

    @Test
    void graphFeedsEachLayerTheListedOutputsInOrder() throws Exception {
        ConvBlock twice = Layers.conv(1, 1, 1, 1, 0, 1, 1, false);
        ModelGraph g = ModelGraph.builder()
                .add(twice, -1) // 0: 2x (BN with var 1 - eps is the identity)
                .add(Layers.concat(1), -1, 0) // 1: [image, 2x]
                .add(Layers.concat(1), 0, 1) // 2: [2x, image, 2x]
                .build();
        g.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 1, 2));
        set(twice, Map.of("conv.weight", new float[] {2}, "bn.weight", new float[] {1}, "bn.running_var", new float[] {
            1 - 1e-3f
        }));
        assertThat(g.isKept(0)).isTrue();
        try (NDManager call = manager.newSubManager()) {
            NDArray img = call.create(new float[] {1, 3}, new Shape(1, 1, 1, 2));
            NDArray y = g.forward(new ParameterStore(call, false), new NDList(img), false)
                    .head();
            assertThat(y.getShape()).isEqualTo(new Shape(1, 3, 1, 2));
            float[] v = y.toFloatArray();
            float[] expected = {2, 6, 1, 3, 2, 6};
            for (int i = 0; i < v.length; i++) {
                assertThat((double) v[i]).isCloseTo(expected[i], within(1e-5));
            }
        }
    }
}
