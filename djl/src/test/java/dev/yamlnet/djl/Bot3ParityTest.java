package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.yamlnet.runtime.blocks.Bot3Block;
import dev.yamlnet.runtime.blocks.BottleneckTransformerBlock;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import dev.yamlnet.runtime.weights.WeightMismatchException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BoT3's attention against the reference's own intermediates: {@code mhsa_debug.npz} of the
 * yolov8t-bot3 fixture holds the first MHSA's input, q, k, v, logits (content, position, total),
 * attention and output for the fixture's image. The fixture's attention is deliberately peaked, so a
 * transposed position table, a missing or transposed position term, a {@code 1/sqrt(d)} scale or a
 * softmax over the wrong axis each change these arrays far beyond the tolerance.
 */
@Tag("engine")
class Bot3ParityTest {
    private static final String TABLED = "yolov8t-bot3";
    private static final String NOTABLE = "yolov8t-bot3-notable";
    /** The BoT3 row of both fixtures. */
    private static final int BOT3_LAYER = 8;

    static YoloModel load(String name) throws Exception {
        return FixtureParityTest.model(name);
    }

    @Test
    void firstAttentionMatchesTheReferenceIntermediates() throws Exception {
        Map<String, Tensor> debug =
                WeightLoader.read(YoloModelParityTest.resource("parity/" + TABLED + "/mhsa_debug.npz"));
        // what the fixture's README lists: the first MHSA of layer 8 on a 4x4 map, c = 32, 4 heads of d = 8
        assertThat(debug.keySet())
                .contains(
                        "mhsa_input",
                        "q",
                        "k",
                        "v",
                        "content_content",
                        "rel_h_plus_rel_w",
                        "content_position",
                        "energy",
                        "attention",
                        "mhsa_output");
        assertThat(debug.get("mhsa_input").shape()).containsExactly(1, 32, 4, 4);
        assertThat(debug.get("q").shape()).containsExactly(1, 4, 8, 16);
        assertThat(debug.get("energy").shape()).containsExactly(1, 4, 16, 16);
        assertThat(debug.get("attention").shape()).containsExactly(1, 4, 16, 16);
        Tensor input = FixtureParityTest.only(YoloModelParityTest.resource("parity/" + TABLED + "/input.npy"));
        try (YoloModel m = load(TABLED)) {
            m.loadWeights(YoloModelParityTest.resource("parity/" + TABLED + "/weights.safetensors"));
            Bot3Block bot3 = (Bot3Block) m.block().layers().get(BOT3_LAYER);
            BottleneckTransformerBlock first = bot3.inner().get(0);
            try (NDManager call = m.model().getNDManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(call, false);
                NDArray x = call.create(input.data(), new Shape(input.shape()));
                List<NDList> layers = m.block().forwardAllLayers(ps, new NDList(x), false);
                NDList reaching = layers.get(BOT3_LAYER - 1);
                NDArray mhsaInput = first.cv1()
                        .forward(ps, bot3.cv1().forward(ps, reaching, false), false)
                        .head();
                FixtureParityTest.assertWithinTolerance(
                        "mhsa_input (model path)",
                        mhsaInput.toFloatArray(),
                        debug.get("mhsa_input").data());

                // the attention alone, on the reference's own input
                NDArray refInput = call.create(
                        debug.get("mhsa_input").data(),
                        new Shape(debug.get("mhsa_input").shape()));
                Map<String, NDArray> ours = first.attention().forwardDebug(ps, refInput);
                for (String key : List.of(
                        "q",
                        "k",
                        "v",
                        "content_content",
                        "rel_h_plus_rel_w",
                        "content_position",
                        "energy",
                        "attention",
                        "mhsa_output")) {
                    NDArray a = ours.get(key);
                    assertThat(a).as(key).isNotNull();
                    assertThat(a.getShape())
                            .as(key + " shape")
                            .isEqualTo(new Shape(debug.get(key).shape()));
                    FixtureParityTest.assertWithinTolerance(
                            key, a.toFloatArray(), debug.get(key).data());
                }
            }
        }
    }

    @Test
    void tableLessCheckpointInATabledModelSaysHowToLoadIt() throws Exception {
        try (YoloModel m = load(TABLED)) {
            assertThatThrownBy(() ->
                            m.loadWeights(YoloModelParityTest.resource("parity/" + NOTABLE + "/weights.safetensors")))
                    .isInstanceOfSatisfying(WeightMismatchException.class, e -> {
                        assertThat(e.problems())
                                .extracting(WeightMismatchException.Problem::name)
                                .containsExactlyInAnyOrder("model.8.m.0.cv2.0.rel_h", "model.8.m.0.cv2.0.rel_w");
                        assertThat(e.problems()).allMatch(p -> p.kind() == WeightMismatchException.Kind.MISSING);
                        assertThat(e.hints()).hasSize(1);
                        assertThat(e.getMessage())
                                .contains("2 missing, 0 unexpected, 0 with the wrong shape")
                                .contains("table-less BoT3")
                                .contains("w: 0, h: 0");
                    });
        }
    }

    @Test
    void tabledCheckpointInATableLessModelListsTheTables() throws Exception {
        try (YoloModel m = load(NOTABLE)) {
            assertThatThrownBy(() ->
                            m.loadWeights(YoloModelParityTest.resource("parity/" + TABLED + "/weights.safetensors")))
                    .isInstanceOfSatisfying(WeightMismatchException.class, e -> {
                        assertThat(e.problems())
                                .extracting(WeightMismatchException.Problem::name)
                                .containsExactlyInAnyOrder("model.8.m.0.cv2.0.rel_h", "model.8.m.0.cv2.0.rel_w");
                        assertThat(e.problems()).allMatch(p -> p.kind() == WeightMismatchException.Kind.UNEXPECTED);
                        assertThat(e.getMessage()).doesNotContain("table-less");
                    });
        }
    }

    @Test
    void parameterCountsMatchUltralytics() throws Exception {
        // fixtures' meta.json total_params (Ultralytics' count, fc1 and tables included)
        try (YoloModel tabled = load(TABLED);
                YoloModel notable = load(NOTABLE)) {
            assertThat(tabled.parameterCount()).isEqualTo(340_438);
            assertThat(tabled.parameterCount() - notable.parameterCount()).isEqualTo(32 * (4 + 4));
        }
    }
}
