package dev.yamlnet.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResultTypesTest {

    @Test
    void cornersOfAnUnrotatedBoxGoClockwiseFromBottomRight() {
        float[][] c = new OrientedBox(10, 20, 4, 2, 0).corners();
        assertArrayEquals(new float[] {12, 21}, c[0]);
        assertArrayEquals(new float[] {12, 19}, c[1]);
        assertArrayEquals(new float[] {8, 19}, c[2]);
        assertArrayEquals(new float[] {8, 21}, c[3]);
    }

    @Test
    void aQuarterTurnSwapsTheSides() {
        float[][] c = new OrientedBox(0, 0, 4, 2, (float) (Math.PI / 2)).corners();
        assertEquals(-1, c[0][0], 1e-6);
        assertEquals(2, c[0][1], 1e-6);
    }

    @Test
    void aMaskChecksItsSizeAndValues() {
        Mask m = new Mask(3, 2, new byte[] {0, 1, 1, 0, 0, 1});
        assertEquals(3, m.area());
        assertEquals(true, m.get(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Mask(3, 3, new byte[6]));
        assertThrows(IllegalArgumentException.class, () -> new Mask(1, 1, new byte[] {2}));
    }

    @Test
    void aRawOutputChecksItsShape() {
        assertThrows(IllegalArgumentException.class, () -> new RawOutput(new long[] {1, 4, 2}, new float[7]));
        assertEquals(4, new RawOutput(new long[] {1, 4, 2}, new float[8]).dim(1));
    }

    @Test
    void defaultsAreUltralytics() {
        PredictOptions o = PredictOptions.defaults();
        assertEquals(0.25f, o.conf());
        assertEquals(0.7f, o.iou());
        assertEquals(300, o.maxDet());
        assertEquals(LetterboxMode.RECT, o.letterbox());
    }
}
