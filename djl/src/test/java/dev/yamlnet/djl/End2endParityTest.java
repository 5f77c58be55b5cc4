package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.runtime.weights.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End-to-end heads (YOLO26's Detect, v10Detect) against real Ultralytics 8.4.117. Their output is
 * the top 300 of the one-to-one branch, and with the fixtures' default initialisation many scores are
 * exactly equal, so the row order inside a group of equal scores is torch.topk's tie-breaking (the
 * fixtures' README, section 5). Checked, each within {@code 1e-3 + 1e-4 * |expected|}: the pre-top-k
 * tensor ({@code output_pre_topk.npy}, the head's last output) element by element; the final
 * output's shape and score column element by element; every other value as a set of rows among the
 * rows of (nearly) equal score. Rows of the lowest score may be other (anchor, class) pairs of that
 * same score when Ultralytics had more of them than places: each such row must then be one of the
 * reference's pre-top-k pairs.
 */
@Tag("engine")
class End2endParityTest {
    @TempDir
    static Path files;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yolo26t", "yolov10t"})
    void endToEndOutputsMatchUltralytics(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity/" + name);
        try (YoloModel model = FixtureParityTest.model(name)) {
            model.loadWeights(dir.resolve("weights.safetensors"));
            List<YoloModel.Output> ys = model.predictAll(
                    FixtureParityTest.only(dir.resolve("input.npy")).data());
            Tensor expected = FixtureParityTest.only(dir.resolve("output.npy"));
            Tensor pre = FixtureParityTest.only(dir.resolve("output_pre_topk.npy"));
            assertThat(ys).as(name + " outputs: top-k, then pre-top-k").hasSize(2);
            assertThat(ys.get(1).shape()).as(name + " pre-top-k shape").isEqualTo(pre.shape());
            FixtureParityTest.assertWithinTolerance(
                    name + " pre-top-k", ys.get(1).data(), pre.data());
            assertTopK(name, ys.get(0), expected, pre);
        }
    }

    /** The trained YOLO26 checkpoint alone (weights, YAML, image size) reproduces Ultralytics' top-k output. */
    @Test
    void trainedYolo26CheckpointReproducesUltralytics() throws Exception {
        Tensor input = FixtureParityTest.only(TestCheckpoints.file("inputs/shapes-a__320_square.npy", files));
        float[] x = input.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] / 255f;
        }
        try (YoloModel model = YoloModel.load(TestCheckpoints.file("yolo26t-shapes.pt", files))) {
            List<YoloModel.Output> ys = model.predictAll(x, input.shape());
            Tensor expected = FixtureParityTest.only(TestCheckpoints.file("yolo26t-shapes.output_from_pt.npy", files));
            assertTopK("yolo26t-shapes.pt", ys.get(0), expected, null);
            assertThat(ys.get(1).shape()).as("pre-top-k shape").containsExactly(1, 9, 2100);
        }
    }

    static boolean close(double a, double e) {
        return Math.abs(a - e) <= 1e-3 + 1e-4 * Math.abs(e);
    }

    /** Rows of {@code [1, k, c]} compared as described in the class comment. */
    static void assertTopK(String what, YoloModel.Output actual, Tensor expected, Tensor pre) {
        assertThat(actual.shape()).as(what + " top-k shape").isEqualTo(expected.shape());
        int k = (int) expected.shape()[1];
        int c = (int) expected.shape()[2];
        float[] a = actual.data();
        float[] e = expected.data();
        float[] scoresA = new float[k];
        float[] scoresE = new float[k];
        for (int i = 0; i < k; i++) {
            scoresA[i] = a[i * c + 4];
            scoresE[i] = e[i * c + 4];
        }
        FixtureParityTest.assertWithinTolerance(what + " scores by rank", scoresA, scoresE);
        float lowest = scoresE[k - 1];
        boolean[] used = new boolean[k];
        List<Integer> unmatchedExpected = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int match = -1;
            for (int j = 0; j < k && match < 0; j++) {
                if (!used[j] && rowsClose(a, j, e, i, c)) {
                    match = j;
                }
            }
            if (match >= 0) {
                used[match] = true;
            } else {
                unmatchedExpected.add(i);
            }
        }
        List<Integer> unmatchedActual = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (!used[j]) {
                unmatchedActual.add(j);
            }
        }
        System.out.printf(
                "%s top-k: %d of %d rows matched as a set, %d left at the tied boundary%n",
                what, k - unmatchedExpected.size(), k, unmatchedExpected.size());
        // only rows of the lowest (boundary) score may differ, and only for other pairs of that score
        for (int i : unmatchedExpected) {
            assertThat(e[i * c + 4]).as(what + " unmatched reference row " + i).isEqualTo(lowest);
        }
        if (!unmatchedActual.isEmpty()) {
            assertThat(pre)
                    .as(what + ": rows that differ need the pre-top-k tensor to be judged")
                    .isNotNull();
            for (int j : unmatchedActual) {
                assertThat(close(a[j * c + 4], lowest))
                        .as(what + " row " + j + " differs and is not at the boundary score")
                        .isTrue();
                assertThat(inPreTopK(a, j, c, pre))
                        .as(what + " row " + j + " is no (anchor, class) pair of the reference")
                        .isTrue();
            }
        }
    }

    private static boolean rowsClose(float[] a, int j, float[] e, int i, int c) {
        for (int col = 0; col < c; col++) {
            if (!close(a[j * c + col], e[i * c + col])) {
                return false;
            }
        }
        return true;
    }

    /** Whether row {@code j} is the box and score of some anchor and its class in the reference's pre-top-k. */
    private static boolean inPreTopK(float[] a, int j, int c, Tensor pre) {
        int channels = (int) pre.shape()[1];
        int anchors = (int) pre.shape()[2];
        float[] p = pre.data();
        int cls = Math.round(a[j * c + 5]);
        for (int x = 0; x < anchors; x++) {
            boolean same = close(a[j * c + 4], p[(4 + cls) * anchors + x]);
            for (int col = 0; col < 4 && same; col++) {
                same = close(a[j * c + col], p[col * anchors + x]);
            }
            for (int col = 6; col < c && same; col++) {
                same = close(a[j * c + col], p[(channels - c + col) * anchors + x]);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }
}
