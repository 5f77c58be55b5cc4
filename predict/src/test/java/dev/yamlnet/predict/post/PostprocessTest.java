package dev.yamlnet.predict.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yamlnet.core.Task;
import dev.yamlnet.predict.Box;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.Mask;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.ModelInput;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.RawOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Post-processing as a user checks it: small hand-made head outputs with an obvious right answer. */
class PostprocessTest {
    private static final Map<Integer, String> NAMES = Map.of(0, "circle", 1, "square", 2, "triangle");
    private static final ModelHead DETECT = new ModelHead(Task.DETECT, NAMES, 0, 0, false, 32);
    /** A 320x320 input of a 320x320 picture: no scaling, no padding. */
    private static final ModelInput SAME = new ModelInput(new float[3 * 320 * 320], 320, 320, 320, 320);

    /** {@code [1, 4 + nc + extra, anchors]} from one row per anchor (x, y, w, h, scores..., extra...). */
    private static RawOutput channelsFirst(float[]... anchors) {
        int c = anchors[0].length;
        int a = anchors.length;
        float[] d = new float[c * a];
        for (int i = 0; i < a; i++) {
            for (int k = 0; k < c; k++) {
                d[k * a + i] = anchors[i][k];
            }
        }
        return new RawOutput(new long[] {1, c, a}, d);
    }

    private static List<Detection> detect(PredictOptions o, float[]... anchors) {
        return Postprocess.apply(DETECT, List.of(channelsFirst(anchors)), List.of(SAME), o)
                .get(0)
                .detections();
    }

    @Test
    void anOverlappingBoxOfTheSameClassIsSuppressed() {
        List<Detection> d = detect(
                PredictOptions.defaults(),
                new float[] {50, 50, 40, 40, 0.9f, 0, 0},
                new float[] {52, 50, 40, 40, 0.8f, 0, 0},
                new float[] {200, 200, 40, 40, 0.7f, 0, 0});
        assertEquals(2, d.size());
        assertEquals(0.9f, d.get(0).confidence());
        assertEquals(0.7f, d.get(1).confidence());
        assertEquals(new Box(30, 30, 70, 70), d.get(0).box());
        assertEquals("circle", d.get(0).name());
    }

    @Test
    void overlappingBoxesOfDifferentClassesAreKeptUnlessAgnostic() {
        float[] a = {50, 50, 40, 40, 0.9f, 0.1f, 0};
        float[] b = {50, 50, 40, 40, 0.1f, 0.8f, 0};
        assertEquals(2, detect(PredictOptions.defaults(), a, b).size());
        List<Detection> agnostic = detect(PredictOptions.defaults().withAgnostic(true), a, b);
        assertEquals(1, agnostic.size());
        assertEquals(0, agnostic.get(0).classId());
    }

    @Test
    void aBoxExactlyAtTheIouThresholdIsKept() {
        // [0, 0, 10, 10] and [0, 0, 10, 7]: intersection 70, union 100, IoU 0.7 = the threshold, not above it
        float[] a = {5, 5, 10, 10, 0.9f, 0, 0};
        float[] b = {5, 3.5f, 10, 7, 0.8f, 0, 0};
        assertEquals(2, detect(PredictOptions.defaults().withIou(0.7f), a, b).size());
        assertEquals(1, detect(PredictOptions.defaults().withIou(0.69f), a, b).size());
    }

    @Test
    void aScoreEqualToConfIsDropped() {
        List<Detection> d =
                detect(PredictOptions.defaults().withConf(0.5f), new float[] {50, 50, 10, 10, 0.5f, 0, 0}, new float[] {
                    150, 50, 10, 10, 0.50001f, 0, 0
                });
        assertEquals(1, d.size());
        assertEquals(0.50001f, d.get(0).confidence());
    }

    @Test
    void onlyTheBestClassOfAnAnchorCounts() {
        List<Detection> d = detect(PredictOptions.defaults(), new float[] {50, 50, 10, 10, 0.3f, 0.6f, 0.5f});
        assertEquals(1, d.size());
        assertEquals(1, d.get(0).classId());
        assertEquals("square", d.get(0).name());
    }

    @Test
    void maxDetKeepsTheHighestScoresAfterNms() {
        List<Detection> d = detect(
                PredictOptions.defaults().withMaxDet(2),
                new float[] {20, 20, 10, 10, 0.4f, 0, 0},
                new float[] {60, 20, 10, 10, 0.9f, 0, 0},
                new float[] {61, 20, 10, 10, 0.85f, 0, 0},
                new float[] {100, 20, 10, 10, 0.6f, 0, 0});
        assertEquals(2, d.size());
        assertEquals(0.9f, d.get(0).confidence());
        assertEquals(0.6f, d.get(1).confidence());
    }

    @Test
    void theClassFilterRunsBeforeNms() {
        // with agnostic NMS the circle would suppress the square; filtered out first, it cannot
        float[] circle = {50, 50, 40, 40, 0.9f, 0, 0};
        float[] square = {50, 50, 40, 40, 0, 0.8f, 0};
        List<Detection> d =
                detect(PredictOptions.defaults().withAgnostic(true).withClasses(List.of(1)), circle, square);
        assertEquals(1, d.size());
        assertEquals(1, d.get(0).classId());
        assertEquals(
                0,
                detect(PredictOptions.defaults().withClasses(List.of(2)), circle, square)
                        .size());
    }

    @Test
    void maxNmsLetsOnlyTheHighestScoresIntoNms() {
        PredictOptions o = new PredictOptions(0, 0.25f, 0.7f, 300, List.of(), false, false, LetterboxMode.RECT, 2);
        List<Detection> d = detect(
                o, new float[] {20, 20, 10, 10, 0.3f, 0, 0}, new float[] {60, 20, 10, 10, 0.9f, 0, 0}, new float[] {
                    100, 20, 10, 10, 0.8f, 0, 0
                });
        assertEquals(2, d.size());
        assertEquals(0.9f, d.get(0).confidence());
        assertEquals(0.8f, d.get(1).confidence());
    }

    @Test
    void boxesGoBackToTheOriginalPictureAndAreClipped() {
        // 480x640 picture letterboxed into 256x320: gain 0.5, 8 rows of padding on top
        ModelInput in = new ModelInput(new float[3 * 256 * 320], 256, 320, 480, 640);
        RawOutput out =
                channelsFirst(new float[] {60, 38, 100, 40, 0.9f, 0, 0}, new float[] {300, 200, 60, 200, 0.8f, 0, 0});
        List<Detection> d = Postprocess.apply(DETECT, List.of(out), List.of(in), PredictOptions.defaults())
                .get(0)
                .detections();
        assertEquals(new Box(20, 20, 220, 100), d.get(0).box());
        // x2 = (330 - 0) / 0.5 = 660 > 640 and y2 = (300 - 8) / 0.5 = 584 > 480: clipped to the picture
        assertEquals(new Box(540, 184, 640, 480), d.get(1).box());
    }

    @Test
    void keypointsWithTwoValuesHaveNoVisibilityAndAreClipped() {
        ModelHead pose = new ModelHead(Task.POSE, NAMES, 2, 2, false, 32);
        ModelInput in = new ModelInput(new float[3 * 256 * 320], 256, 320, 480, 640);
        RawOutput out = channelsFirst(new float[] {60, 38, 100, 40, 0.9f, 10, 18, 330, 300});
        Detection d = Postprocess.apply(pose, List.of(out), List.of(in), PredictOptions.defaults())
                .get(0)
                .detections()
                .get(0);
        assertEquals(2, d.keypoints().size());
        Keypoint k0 = d.keypoints().get(0);
        assertEquals(20f, k0.x());
        assertEquals(20f, k0.y());
        assertTrue(Float.isNaN(k0.visibility()));
        assertEquals(640f, d.keypoints().get(1).x());
        assertEquals(480f, d.keypoints().get(1).y());
    }

    @Test
    void keypointsWithThreeValuesKeepTheirVisibility() {
        ModelHead pose = new ModelHead(Task.POSE, Map.of(0, "person"), 1, 3, false, 32);
        RawOutput out = channelsFirst(new float[] {50, 50, 20, 20, 0.9f, 45, 55, 0.125f});
        Keypoint k = Postprocess.apply(pose, List.of(out), List.of(SAME), PredictOptions.defaults())
                .get(0)
                .detections()
                .get(0)
                .keypoints()
                .get(0);
        assertEquals(new Keypoint(45, 55, 0.125f), k);
    }

    @Test
    void rotatedBoxesUseFastNmsAndAreNotClipped() {
        ModelHead obb = new ModelHead(Task.OBB, NAMES, 0, 0, false, 32);
        RawOutput out = channelsFirst(
                new float[] {50, 50, 40, 20, 0.9f, 0, 0, 0.3f},
                new float[] {50, 50, 40, 20, 0.8f, 0, 0, 0.3f},
                new float[] {310, 50, 40, 20, 0.7f, 0, 0, 0});
        List<Detection> d = Postprocess.apply(obb, List.of(out), List.of(SAME), PredictOptions.defaults())
                .get(0)
                .detections();
        assertEquals(2, d.size());
        assertEquals(0.3f, d.get(0).obb().angle());
        // the second box reaches x = 330 beyond the 320-pixel picture: rotated boxes are not clipped
        assertEquals(330f, d.get(1).box().x2(), 1e-4);
        assertEquals(40f, d.get(1).obb().width());
    }

    @Test
    void endToEndHeadsKeepOverlappingBoxes() {
        ModelHead e2e = new ModelHead(Task.DETECT, NAMES, 0, 0, true, 32);
        RawOutput out = new RawOutput(new long[] {1, 3, 6}, new float[] {
            10, 10, 50, 50, 0.9f, 0, //
            10, 10, 50, 50, 0.8f, 0, //
            10, 10, 50, 50, 0.2f, 1
        });
        List<Detection> d = Postprocess.apply(e2e, List.of(out), List.of(SAME), PredictOptions.defaults())
                .get(0)
                .detections();
        assertEquals(2, d.size());
        assertEquals(new Box(10, 10, 50, 50), d.get(1).box());
        assertEquals(
                1,
                Postprocess.apply(
                                e2e,
                                List.of(out),
                                List.of(SAME),
                                PredictOptions.defaults().withMaxDet(1))
                        .get(0)
                        .detections()
                        .size());
    }

    @Test
    void endToEndTopKIsRerunWithTheAgnosticFlag() {
        ModelHead e2e = new ModelHead(Task.DETECT, NAMES, 0, 0, true, 32);
        // the head's own output, ignored when the pre-top-k tensor is given
        RawOutput own = new RawOutput(new long[] {1, 1, 6}, new float[] {0, 0, 1, 1, 0.99f, 2});
        // two anchors, xyxy boxes; the first is both a likely circle and a likely square
        RawOutput pre = channelsFirst(
                new float[] {10, 10, 50, 50, 0.9f, 0.8f, 0}, new float[] {100, 100, 150, 150, 0.1f, 0.7f, 0});
        // k = min(max(max_det, 300), anchors) = 2: per class, the two best (anchor, class) pairs are both anchor 0
        List<Detection> perClass = Postprocess.apply(e2e, List.of(own, pre), List.of(SAME), PredictOptions.defaults())
                .get(0)
                .detections();
        assertEquals(
                List.of(0.9f, 0.8f),
                perClass.stream().map(Detection::confidence).toList());
        assertEquals(List.of(0, 1), perClass.stream().map(Detection::classId).toList());
        assertEquals(new Box(10, 10, 50, 50), perClass.get(1).box());
        // agnostic: the best class of each anchor
        List<Detection> agnostic = Postprocess.apply(
                        e2e,
                        List.of(own, pre),
                        List.of(SAME),
                        PredictOptions.defaults().withAgnostic(true))
                .get(0)
                .detections();
        assertEquals(
                List.of(0.9f, 0.7f),
                agnostic.stream().map(Detection::confidence).toList());
        assertEquals(new Box(100, 100, 150, 150), agnostic.get(1).box());
    }

    @Test
    void segmentMasksCoverTheBoxAtTheOriginalSizeAndEmptyOnesAreDropped() {
        ModelHead seg = new ModelHead(Task.SEGMENT, NAMES, 0, 0, false, 32);
        // 1 prototype, 4x4 (input 16x16 of a 32x32 picture): +1 everywhere
        float[] p = new float[16];
        java.util.Arrays.fill(p, 1f);
        RawOutput protos = new RawOutput(new long[] {1, 1, 4, 4}, p);
        RawOutput out = channelsFirst(
                new float[] {4, 4, 4, 4, 0.9f, 0, 0, 1f}, // coefficient +1: mask = the box
                new float[] {12, 12, 4, 4, 0.8f, 0, 0, -1f}); // coefficient -1: empty mask, dropped
        ModelInput in = new ModelInput(new float[3 * 16 * 16], 16, 16, 32, 32);
        for (boolean retina : new boolean[] {false, true}) {
            List<Detection> d = Postprocess.apply(
                            seg,
                            List.of(out, protos),
                            List.of(in),
                            PredictOptions.defaults().withRetinaMasks(retina))
                    .get(0)
                    .detections();
            assertEquals(1, d.size(), "retina " + retina);
            Mask m = d.get(0).mask();
            assertNotNull(m);
            assertEquals(32, m.width());
            assertEquals(32, m.height());
            assertEquals(new Box(4, 4, 12, 12), d.get(0).box());
            assertEquals(64, m.area(), "retina " + retina);
            assertTrue(m.get(4, 4) && m.get(11, 11) && !m.get(12, 12) && !m.get(3, 4));
            assertNull(d.get(0).obb());
        }
    }

    @Test
    void classifyGivesTheTopFiveInDescendingOrder() {
        ModelHead cls =
                new ModelHead(Task.CLASSIFY, Map.of(0, "a", 1, "b", 2, "c", 3, "d", 4, "e", 5, "f"), 0, 0, false, 32);
        RawOutput probs = new RawOutput(new long[] {2, 6}, new float[] {
            0.1f, 0.3f, 0.05f, 0.4f, 0.1f, 0.05f, //
            0.5f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f
        });
        ModelInput in = new ModelInput(new float[3 * 4 * 4], 4, 4, 4, 4);
        List<dev.yamlnet.predict.Predictions> p =
                Postprocess.apply(cls, List.of(probs), List.of(in, in), PredictOptions.defaults());
        Classification c = p.get(0).classification();
        assertEquals(List.of(3, 1, 0, 4, 2), c.top5());
        assertEquals(List.of("d", "b", "a", "e", "c"), c.top5Names());
        assertEquals(0.4f, c.top5Confidence().get(0));
        assertEquals(0, p.get(1).classification().top1());
        assertTrue(p.get(0).detections().isEmpty());
    }

    @Test
    void fewerThanFiveClassesGiveAShorterTopList() {
        ModelHead cls = new ModelHead(Task.CLASSIFY, Map.of(), 0, 0, false, 32);
        RawOutput probs = new RawOutput(new long[] {1, 3}, new float[] {0.2f, 0.7f, 0.1f});
        ModelInput in = new ModelInput(new float[3], 1, 1, 1, 1);
        Classification c = Postprocess.apply(cls, List.of(probs), List.of(in), PredictOptions.defaults())
                .get(0)
                .classification();
        assertEquals(List.of(1, 0, 2), c.top5());
        assertEquals("1", c.top5Names().get(0));
    }

    @Test
    void eachPictureOfABatchGetsItsOwnDetections() {
        float[] d = new float[2 * 6 * 1];
        // picture 0: one circle; picture 1: below conf
        float[][] rows = {{50, 50, 10, 10, 0.9f, 0}, {50, 50, 10, 10, 0.1f, 0}};
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 6; c++) {
                d[b * 6 + c] = rows[b][c];
            }
        }
        ModelHead twoClasses = new ModelHead(Task.DETECT, NAMES, 0, 0, false, 32);
        var out = Postprocess.apply(
                twoClasses,
                List.of(new RawOutput(new long[] {2, 6, 1}, d)),
                List.of(SAME, SAME),
                PredictOptions.defaults());
        assertEquals(1, out.get(0).detections().size());
        assertEquals(0, out.get(1).detections().size());
    }

    @Test
    void outputsThatDoNotFitAreRejectedClearly() {
        RawOutput out = channelsFirst(new float[] {50, 50, 10, 10, 0.9f, 0, 0});
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Postprocess.apply(DETECT, List.of(out), List.of(SAME, SAME), PredictOptions.defaults()));
        assertTrue(e.getMessage().contains("1 pictures but 2 were given"), e.getMessage());
        ModelHead seg = new ModelHead(Task.SEGMENT, NAMES, 0, 0, false, 32);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Postprocess.apply(seg, List.of(out), List.of(SAME), PredictOptions.defaults()));
        assertTrue(e.getMessage().contains("prototypes"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Postprocess.apply(DETECT, List.of(), List.of(SAME), PredictOptions.defaults()));
    }
}
