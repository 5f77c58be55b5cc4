package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.CheckpointTensor;
import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code .pt} alone is enough: {@link YoloModel#load(Path)} of each Ultralytics checkpoint in the
 * test resources ({@code checkpoints/}) builds the model it embeds, at the size it was trained at, with
 * its weights, and reproduces {@code output_from_pt.npy} (what Ultralytics 8.4.117's
 * {@code load_checkpoint} model returns, float32, eval, not fused) within {@code 1e-3 + 1e-4 * |expected|}
 * per element, on the input the checkpoints' README names: the fixture's {@code input.npy} for the
 * untrained yolov8t, else the pre-processed {@code uint8} picture divided by 255.
 */
class CheckpointParityTest {
    @TempDir
    static Path files;

    /** A checkpoint, its input ({@code pixels}: uint8 to divide by 255) and Ultralytics' outputs. */
    record Case(String checkpoint, String input, boolean pixels, String output, String proto) {
        @Override
        public String toString() {
            return checkpoint;
        }
    }

    static Stream<Case> cases() {
        String square = "inputs/shapes-a__320_square.npy";
        return Stream.of(
                new Case("yolov8t.pt", "inputs/yolov8t-input.npy", false, "yolov8t-output_from_pt.npy", null),
                new Case(
                        "yolov8t-last-unstripped.pt",
                        "inputs/yolov8t-input.npy",
                        false,
                        "yolov8t-output_from_pt.npy",
                        null),
                new Case("yolov8t-shapes.pt", square, true, "yolov8t-shapes.output_from_pt.npy", null),
                new Case(
                        "yolov8t-seg-shapes.pt",
                        square,
                        true,
                        "yolov8t-seg-shapes.output_from_pt.npy",
                        "yolov8t-seg-shapes.proto_from_pt.npy"),
                new Case("yolov8t-pose-shapes.pt", square, true, "yolov8t-pose-shapes.output_from_pt.npy", null),
                new Case("yolov8t-obb-shapes.pt", square, true, "yolov8t-obb-shapes.output_from_pt.npy", null),
                new Case(
                        "yolov8t-cls-shapes.pt",
                        "inputs/shapes-a__96_cls.npy",
                        true,
                        "yolov8t-cls-shapes.output_from_pt.npy",
                        null),
                new Case("yolo11t-shapes.pt", square, true, "yolo11t-shapes.output_from_pt.npy", null),
                new Case(
                        "yolov8t-bot3-notable-shapes.pt",
                        square,
                        true,
                        "yolov8t-bot3-notable-shapes.output_from_pt.npy",
                        null));
    }

    private static Tensor array(String name) throws Exception {
        return FixtureParityTest.only(TestCheckpoints.file(name, files));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fromTheCheckpointAloneTheOutputIsUltralytics(Case c) throws Exception {
        Tensor input = array(c.input());
        float[] x = input.data();
        if (c.pixels()) {
            assertThat(input.dtype()).isEqualTo("U8");
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] / 255f;
            }
        }
        try (YoloModel model = YoloModel.load(TestCheckpoints.file(c.checkpoint(), files))) {
            assertThat(model.inputShape().getShape()).isEqualTo(input.shape());
            List<YoloModel.Output> ys = model.predictAll(x, input.shape());
            Tensor expected = array(c.output());
            assertThat(ys.get(0).shape()).isEqualTo(expected.shape());
            FixtureParityTest.assertWithinTolerance(c.checkpoint(), ys.get(0).data(), expected.data());
            if (c.proto() != null) {
                Tensor proto = array(c.proto());
                assertThat(ys.get(1).shape()).isEqualTo(proto.shape());
                FixtureParityTest.assertWithinTolerance(
                        c.checkpoint() + " prototypes", ys.get(1).data(), proto.data());
            }
        }
    }

    /** The untrained checkpoint holds the parity fixture's weights rounded to float16, nothing else. */
    @Test
    void theCheckpointsWeightsAreTheFixturesInFloat16() throws Exception {
        Map<String, Tensor> fixture =
                WeightLoader.read(YoloModelParityTest.resource("parity/yolov8t/weights.safetensors"));
        Map<String, CheckpointTensor> state =
                Checkpoint.read(TestCheckpoints.file("yolov8t.pt", files)).stateDict();
        assertThat(state.keySet())
                .containsExactlyInAnyOrderElementsOf(fixture.keySet().stream()
                        .filter(k -> !k.endsWith("num_batches_tracked"))
                        .toList());
        for (CheckpointTensor t : state.values()) {
            Tensor f = fixture.get(t.name());
            assertThat(t.shape()).as(t.name()).isEqualTo(f.shape());
            float[] rounded = f.data().clone();
            for (int i = 0; i < rounded.length; i++) {
                rounded[i] = toHalfAndBack(rounded[i]);
            }
            assertThat(t.data()).as(t.name()).containsExactly(rounded);
        }
    }

    /** float32 to the nearest float16 (ties to even) and back, for normal, subnormal and zero values. */
    private static float toHalfAndBack(float v) {
        if (v == 0 || Float.isNaN(v) || Float.isInfinite(v)) {
            return v;
        }
        int exp = Math.getExponent(v);
        double ulp = exp < -14 ? 0x1p-24 : Math.scalb(1.0, exp - 10);
        return (float) (Math.rint(v / ulp) * ulp);
    }
}
