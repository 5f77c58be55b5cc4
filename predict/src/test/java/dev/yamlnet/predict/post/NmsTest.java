package dev.yamlnet.predict.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NmsTest {

    @Test
    void greedyNmsKeepsABoxWhoseSuppressorWasItselfSuppressed() {
        // A overlaps B, B overlaps C, A does not overlap C: greedy NMS drops B, so C survives
        float[] boxes = {0, 0, 10, 10, 2, 0, 12, 10, 4, 0, 14, 10};
        float[] scores = {0.9f, 0.8f, 0.7f};
        assertArrayEquals(new int[] {0, 2}, Nms.greedy(boxes, scores, 0.5));
    }

    @Test
    void greedyNmsReturnsTheKeptBoxesByDescendingScore() {
        float[] boxes = {0, 0, 10, 10, 100, 100, 110, 110, 200, 200, 210, 210};
        assertArrayEquals(new int[] {1, 2, 0}, Nms.greedy(boxes, new float[] {0.1f, 0.9f, 0.5f}, 0.7));
    }

    @Test
    void equalScoresKeepTheirInputOrder() {
        float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10};
        assertArrayEquals(new int[] {0}, Nms.greedy(boxes, new float[] {0.5f, 0.5f}, 0.7));
    }

    @Test
    void boxesThatOnlyTouchDoNotSuppressEachOther() {
        float[] boxes = {0, 0, 10, 10, 10, 0, 20, 10};
        assertEquals(2, Nms.greedy(boxes, new float[] {0.9f, 0.8f}, 0.0).length);
    }

    @Test
    void fastNmsLetsASuppressedBoxStillSuppress() {
        // the same chain as above, as rotated boxes: Fast-NMS drops both B and C
        float[] boxes = {5, 5, 10, 10, 0, 7, 5, 10, 10, 0, 9, 5, 10, 10, 0};
        float[] scores = {0.9f, 0.8f, 0.7f};
        assertTrue(Nms.probiou(row(boxes, 0), row(boxes, 1)) >= 0.7f);
        assertTrue(Nms.probiou(row(boxes, 1), row(boxes, 2)) >= 0.7f);
        assertTrue(Nms.probiou(row(boxes, 0), row(boxes, 2)) < 0.7f);
        assertArrayEquals(new int[] {0}, Nms.fastRotated(boxes, scores, 0.7f));
    }

    @Test
    void probiouOfABoxWithItselfIsAlmostOneAndOfAFarBoxZero() {
        float[] a = {50, 50, 40, 20, 0.4f};
        assertTrue(Nms.probiou(a, a) > 0.999f, "same box");
        assertTrue(Nms.probiou(a, new float[] {500, 500, 40, 20, 0.4f}) < 1e-3f, "far box");
        // a quarter turn with width and height swapped is the same rectangle
        float[] turned = {50, 50, 20, 40, 0.4f + (float) (Math.PI / 2)};
        assertTrue(Nms.probiou(a, turned) > 0.999f, "same rectangle, other description");
        float[] b = {55, 48, 30, 25, 1.0f};
        assertEquals(Nms.probiou(a, b), Nms.probiou(b, a), 1e-6f);
    }

    @Test
    void fastNmsDropsABoxAtTheThreshold() {
        float[] a = {50, 50, 40, 20, 0};
        float[] b = {54, 50, 40, 20, 0};
        float iou = Nms.probiou(a, b);
        float[] boxes = {50, 50, 40, 20, 0, 54, 50, 40, 20, 0};
        float[] scores = {0.9f, 0.8f};
        assertArrayEquals(new int[] {0}, Nms.fastRotated(boxes, scores, iou));
        assertArrayEquals(new int[] {0, 1}, Nms.fastRotated(boxes, scores, Math.nextUp(iou)));
    }

    private static float[] row(float[] boxes, int i) {
        float[] r = new float[5];
        System.arraycopy(boxes, 5 * i, r, 0, 5);
        return r;
    }
}
