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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Segment, Pose and OBB heads: shapes, Ultralytics parameter names and counts (the yolov8t-seg,
 * -pose and -obb rows of the reference tables: Segment(10, 32, 16) 281,854; Pose(1, [17, 3]) 341,854;
 * OBB(10, 1) 216,637 on levels [16, 32, 64]) and forward passes checked against hand computation.
 */
@Tag("engine")
class TaskHeadTest {
    private static final int[] CH = {16, 32, 64};
    private static final double[] STRIDES = {8, 16, 32};
    private static final Shape[] LEVELS = {new Shape(1, 16, 16, 16), new Shape(1, 32, 8, 8), new Shape(1, 64, 4, 4)};
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
    void segmentShapesNamesAndCount() {
        SegmentBlock s = Layers.segment(10, 32, 16, 16, true, CH, STRIDES);
        Shape[] out = s.getOutputShapes(LEVELS);
        assertThat(out).containsExactly(new Shape(1, 46, 336), new Shape(1, 32, 32, 32));
        assertThat(BlockShapesTest.learnable(s)).isEqualTo(281_854);
        Map<String, ai.djl.nn.Parameter> p = s.ultralyticsParameters();
        assertThat(p.get("proto.upsample.weight").getShape()).isEqualTo(new Shape(16, 16, 2, 2));
        assertThat(p.get("proto.upsample.bias").getShape()).isEqualTo(new Shape(16));
        assertThat(p.get("proto.cv3.conv.weight").getShape()).isEqualTo(new Shape(32, 16, 1, 1));
        assertThat(p.get("cv4.2.0.conv.weight").getShape()).isEqualTo(new Shape(32, 64, 3, 3)); // c4 = max(16 / 4, 32)
        assertThat(p.get("cv4.0.2.bias").getShape()).isEqualTo(new Shape(32));
        // state-dict order: cv2, cv3, dfl, proto, cv4
        assertThat(String.join(" ", p.keySet()))
                .contains("dfl.conv.weight proto.cv1.conv.weight")
                .endsWith("cv4.2.2.weight cv4.2.2.bias");
    }

    @Test
    void poseAndObbShapesNamesAndCounts() {
        PoseBlock pose = Layers.pose(1, new int[] {17, 3}, 16, true, CH, STRIDES);
        assertThat(pose.getOutputShapes(LEVELS)).containsExactly(new Shape(1, 56, 336));
        assertThat(BlockShapesTest.learnable(pose)).isEqualTo(341_854);
        assertThat(pose.ultralyticsParameters().get("cv4.1.0.conv.weight").getShape())
                .isEqualTo(new Shape(51, 32, 3, 3));

        ObbBlock obb = Layers.obb(10, 1, 16, true, CH, STRIDES);
        assertThat(obb.getOutputShapes(LEVELS)).containsExactly(new Shape(1, 15, 336));
        assertThat(BlockShapesTest.learnable(obb)).isEqualTo(216_637);
        assertThat(obb.ultralyticsParameters().get("cv4.0.2.weight").getShape()).isEqualTo(new Shape(1, 4, 1, 1));
    }

    @Test
    void badTaskArgumentsAreRejected() {
        assertThatThrownBy(() -> Layers.obb(10, 2, 16, true, CH, STRIDES)).hasMessageContaining("exactly one angle");
        assertThatThrownBy(() -> Layers.pose(1, new int[] {17, 4}, 16, true, CH, STRIDES))
                .hasMessageContaining("2 or 3");
        assertThatThrownBy(() -> Layers.pose(1, new int[] {17}, 16, true, CH, STRIDES))
                .hasMessageContaining("kpt_shape");
    }

    @Test
    void transposedConvolutionFollowsItsDefinition() {
        // out[o, 2i + di, 2j + dj] = b[o] + sum_c x[c, i, j] * w[c, o, di, dj], summed by hand below
        float[] xv = {1, 2, 3, -1, 0.5f, 4}; // (1, 2, 1, 3)
        float[] wv = new float[2 * 3 * 4]; // (2, 3, 2, 2)
        for (int i = 0; i < wv.length; i++) {
            wv[i] = (i % 7) - 3 + 0.25f * i;
        }
        float[] bv = {0.5f, -1, 2};
        try (NDManager call = manager.newSubManager()) {
            NDArray y = ProtoBlock.transposedConv2x2(
                    call.create(xv, new Shape(1, 2, 1, 3)), call.create(wv, new Shape(2, 3, 2, 2)), call.create(bv));
            assertThat(y.getShape()).isEqualTo(new Shape(1, 3, 2, 6));
            float[] got = y.toFloatArray();
            for (int o = 0; o < 3; o++) {
                for (int r = 0; r < 2; r++) {
                    for (int col = 0; col < 6; col++) {
                        double expected = bv[o];
                        for (int c = 0; c < 2; c++) {
                            expected += xv[c * 3 + col / 2] * wv[((c * 3 + o) * 2 + r) * 2 + col % 2];
                        }
                        assertThat((double) got[(o * 2 + r) * 6 + col])
                                .as("o=%d r=%d col=%d", o, r, col)
                                .isCloseTo(expected, within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void poseDecodesKeypointsAroundTheCellCorner() throws Exception {
        // zero weights: every branch outputs its final bias. Keypoint (1, -1, 0): x = (1 * 2 + col) * 8,
        // y = (-1 * 2 + row) * 8, visibility sigmoid(0) = 0.5; boxes as plain Detect with uniform bins
        PoseBlock p = Layers.pose(1, new int[] {1, 3}, 16, true, new int[] {4}, new double[] {8});
        float[] y = run(p, Map.of("cv4.0.2.bias", new float[] {1, -1, 0}));
        assertClose(y, new float[] {
            4, 12, 4, 12, 4, 4, 12, 12, 120, 120, 120, 120, 120, 120, 120, 120, // boxes
            0.5f, 0.5f, 0.5f, 0.5f, // score
            16, 24, 16, 24, // keypoint x
            -16, -16, -8, -8, // keypoint y
            0.5f, 0.5f, 0.5f, 0.5f
        }); // visibility
    }

    @Test
    void obbRotatesTheCentreOffsetByTheAngle() throws Exception {
        // the left distance's first bin dominates (distance 0), the other sides stay uniform (7.5 cells):
        // centre offset ((rb - lt) / 2) = (3.75, 0) cells; angle logit ln 3 gives (0.75 - 0.25) * pi = pi / 2,
        // which turns the offset to (0, 3.75); width 7.5 cells, height 15
        ObbBlock o = Layers.obb(1, 1, 16, true, new int[] {4}, new double[] {8});
        float[] boxBias = new float[64];
        boxBias[0] = 100;
        float[] y = run(o, Map.of("cv2.0.2.bias", boxBias, "cv4.0.2.bias", new float[] {(float) Math.log(3)}));
        float half = (float) (Math.PI / 2);
        assertClose(y, new float[] {
            4, 12, 4, 12, // centre x: (col + 0.5) * 8
            34, 34, 42, 42, // centre y: (row + 0.5 + 3.75) * 8
            60, 60, 60, 60, 120, 120, 120, 120, // width, height
            0.5f, 0.5f, 0.5f, 0.5f, // score
            half, half, half, half
        }); // angle
    }

    @Test
    void segmentReturnsDetectionsAndPrototypes() throws Exception {
        // zero weights: mask coefficients are cv4's bias; every Conv outputs 0 (BN with zero gamma and beta),
        // so the prototypes are cv3's SiLU(0) = 0 at twice the first level's size
        SegmentBlock s = Layers.segment(1, 2, 4, 16, true, new int[] {4}, new double[] {8});
        NDArray x = manager.ones(new Shape(1, 4, 2, 2));
        s.initialize(manager, DataType.FLOAT32, x.getShape());
        BlockForwardTest.set(s, withArange(Map.of("cv4.0.2.bias", new float[] {0.25f, -3})));
        try (NDManager call = manager.newSubManager()) {
            NDList out = s.forward(new ParameterStore(call, false), new NDList(x), false);
            assertThat(out.getShapes()).containsExactly(new Shape(1, 7, 4), new Shape(1, 2, 4, 4));
            float[] y = out.get(0).toFloatArray();
            assertClose(
                    java.util.Arrays.copyOfRange(y, 20, 28), new float[] {0.25f, 0.25f, 0.25f, 0.25f, -3, -3, -3, -3});
            assertThat(out.get(1).toFloatArray()).containsOnly(0f);
        }
    }

    private static float[] run(DetectBlock head, Map<String, float[]> values) throws Exception {
        NDArray x = manager.ones(new Shape(1, 4, 2, 2));
        head.initialize(manager, DataType.FLOAT32, x.getShape());
        BlockForwardTest.set(head, withArange(values));
        try (NDManager call = manager.newSubManager()) {
            NDArray y = head.forward(new ParameterStore(call, false), new NDList(x), false)
                    .singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(head.getOutputShapes(new Shape[] {x.getShape()})[0]);
            return y.toFloatArray();
        }
    }

    private static Map<String, float[]> withArange(Map<String, float[]> values) {
        Map<String, float[]> all = new HashMap<>(values);
        float[] arange = new float[16];
        for (int i = 0; i < 16; i++) {
            arange[i] = i;
        }
        all.put("dfl.conv.weight", arange);
        return all;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4));
        }
    }
}
