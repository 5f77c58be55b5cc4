package dev.yamlnet.predict.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yamlnet.predict.Mask;
import org.junit.jupiter.api.Test;

class MaskRleTest {
    /** 3 wide, 2 high: the left column set. */
    private static final Mask LEFT_COLUMN = new Mask(3, 2, new byte[] {1, 0, 0, 1, 0, 0});

    @Test
    void cocoCountsGoDownTheColumnsAndStartWithZeros() {
        // column-major: 1, 1 | 0, 0 | 0, 0 -> no leading zero, two ones, four zeros
        assertArrayEquals(new int[] {0, 2, 4}, MaskRle.encode(LEFT_COLUMN));
        // row-major: 1, 0, 0, 1, 0, 0
        assertArrayEquals(new int[] {0, 1, 2, 1, 2}, MaskRle.encodeRowMajor(LEFT_COLUMN));
    }

    @Test
    void anEmptyMaskIsOneRunOfZeros() {
        assertArrayEquals(new int[] {6}, MaskRle.encode(new Mask(3, 2, new byte[6])));
    }

    @Test
    void decodingGivesTheMaskBack() {
        assertEquals(LEFT_COLUMN, MaskRle.decode(new int[] {0, 2, 4}, 3, 2));
        assertEquals(LEFT_COLUMN, MaskRle.decodeRowMajor(new int[] {0, 1, 2, 1, 2}, 3, 2));
        Mask m = new Mask(4, 3, new byte[] {0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0});
        assertEquals(m, MaskRle.decode(MaskRle.encode(m), 4, 3));
        assertEquals(m, MaskRle.decodeRowMajor(MaskRle.encodeRowMajor(m), 4, 3));
    }

    @Test
    void countsThatDoNotCoverTheMaskAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MaskRle.decode(new int[] {1, 2}, 3, 2));
        assertEquals("run lengths sum to 3 but a 3x2 mask has 6 pixels", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskRle.decode(new int[] {7, -1}, 3, 2));
    }
}
