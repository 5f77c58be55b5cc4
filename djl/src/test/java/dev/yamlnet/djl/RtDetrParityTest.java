package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RT-DETR on DJL against the {@code rtdetr-l-tiny} fixture made by real Ultralytics 8.4.117 (test
 * resources {@code parity-rtdetr/rtdetr-l-tiny/}: weights, input and the decoder's outputs), within
 * {@code 1e-3 + 1e-4 * |expected|}. The decoder's outputs after a top-k are order-fragile (some
 * query-class scores are exactly equal, so which of two tied rows comes first is torch's tie-breaking),
 * so, as the fixture's README recommends: the encoder memory and the class logits of every anchor
 * (before any top-k) elementwise, the score column of the final {@code [1, 300, 6]} elementwise (the
 * k-th largest score is tie-proof), and its rows as a set within each group of equal scores.
 */
@Tag("engine")
class RtDetrParityTest {
    private static final String NAME = "rtdetr-l-tiny";
    private static List<YoloModel.Output> outputs;
    private static YoloModel model;

    private static Path dir() {
        return YoloModelParityTest.resource("parity-rtdetr/" + NAME);
    }

    private static Tensor expected(String file) throws Exception {
        return FixtureParityTest.only(dir().resolve(file));
    }

    @BeforeAll
    static void run() throws Exception {
        CompileOptions options =
                CompileOptions.defaults("rtdetr-l.yaml").withScale("t").withImgsz(128);
        model = YoloModel.load(YoloModelParityTest.resource("conformance/fixtures/" + NAME + ".yaml"), options);
        model.loadWeights(dir().resolve("weights.safetensors"));
        outputs = model.predictAll(expected("input.npy").data());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void outputsAreUltralyticsEvalStructureAndTheExtraTensors() throws Exception {
        // y, dec_bboxes, dec_scores, enc_bboxes, enc_scores, then enc_memory and enc_all_scores
        String[] files = {
            "output.npy",
            "output_dec_bboxes.npy",
            "output_dec_scores.npy",
            "output_enc_bboxes.npy",
            "output_enc_scores.npy",
            "output_enc_memory.npy",
            "output_enc_all_scores.npy"
        };
        assertThat(outputs).hasSize(files.length);
        for (int i = 0; i < files.length; i++) {
            assertThat(outputs.get(i).shape())
                    .as(files[i])
                    .isEqualTo(expected(files[i]).shape());
        }
        assertThat(model.parameterCount()).isEqualTo(434_258L);
    }

    @Test
    void encoderMemoryMatchesElementwise() throws Exception {
        FixtureParityTest.assertWithinTolerance(
                NAME + " enc_memory",
                outputs.get(5).data(),
                expected("output_enc_memory.npy").data());
    }

    @Test
    void encoderScoresOfEveryAnchorMatchElementwise() throws Exception {
        FixtureParityTest.assertWithinTolerance(
                NAME + " enc_all_scores",
                outputs.get(6).data(),
                expected("output_enc_all_scores.npy").data());
    }

    @Test
    void finalScoresMatchPerRank() throws Exception {
        float[] y = outputs.get(0).data();
        float[] e = expected("output.npy").data();
        FixtureParityTest.assertWithinTolerance(NAME + " score column", column(y, 4), column(e, 4));
    }

    @Test
    void finalRowsMatchAsASetWithinTiedScores() throws Exception {
        float[] y = outputs.get(0).data();
        float[] e = expected("output.npy").data();
        int rows = e.length / 6;
        int ties = 0;
        int start = 0;
        while (start < rows) {
            int end = start + 1;
            while (end < rows && e[end * 6 + 4] == e[start * 6 + 4]) {
                end++;
            }
            ties += end - start > 1 ? 1 : 0;
            List<Integer> free = new ArrayList<>();
            for (int j = start; j < end; j++) {
                free.add(j);
            }
            for (int i = start; i < end; i++) {
                int row = i;
                Integer match = free.stream()
                        .filter(j -> rowsClose(e, row, y, j))
                        .findFirst()
                        .orElse(null);
                assertThat(match)
                        .as(
                                "expected row %d (score %s, class %s) among actual rows %d..%d",
                                i, e[i * 6 + 4], e[i * 6 + 5], start, end - 1)
                        .isNotNull();
                free.remove(match);
            }
            start = end;
        }
        // the fixture's meta.json: one exact tie among the 300 output scores
        assertThat(ties).isEqualTo(1);
    }

    private static boolean rowsClose(float[] e, int i, float[] y, int j) {
        for (int c = 0; c < 6; c++) {
            double x = e[i * 6 + c];
            if (!(Math.abs(y[j * 6 + c] - x) <= 1e-3 + 1e-4 * Math.abs(x))) {
                return false;
            }
        }
        return true;
    }

    private static float[] column(float[] rows, int c) {
        float[] out = new float[rows.length / 6];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows[i * 6 + c];
        }
        return out;
    }
}
