package dev.yamlnet.predict.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every pre-processed tensor Ultralytics 8.4.117's predictor fed its models (captured from {@code
 * predictor.preprocess}, stored as {@code uint8 [1, 3, H, W]} RGB = tensor * 255), reproduced bit for bit from
 * the picture: the float32 values must be identical, not merely close.
 */
class UltralyticsTensorsTest {

    static BgrImage picture(String file) throws IOException, PictureException {
        try (InputStream in = UltralyticsTensorsTest.class.getResourceAsStream("/predict/images/" + file)) {
            if (in == null) {
                throw new IOException("no test picture " + file);
            }
            return Pictures.read(in.readAllBytes(), file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // tensor, picture, imgsz, mode, height and width after reading, input height and width
        "bus__320_rect, bus.jpg, 320, rect, 1080, 810, 320, 256",
        "bus__320_square, bus.jpg, 320, square, 1080, 810, 320, 320",
        "bus__416_rect, bus.jpg, 416, rect, 1080, 810, 416, 320",
        "cls-circle__96_cls, cls-circle.png, 96, cls, 96, 96, 96, 96",
        "cls-cross__96_cls, cls-cross.png, 96, cls, 96, 96, 96, 96",
        "cls-ring__96_cls, cls-ring.png, 96, cls, 96, 96, 96, 96",
        "cls-square__96_cls, cls-square.png, 96, cls, 96, 96, 96, 96",
        "cls-triangle__96_cls, cls-triangle.png, 96, cls, 96, 96, 96, 96",
        "shapes-a__320_rect, shapes-a.jpg, 320, rect, 480, 640, 256, 320",
        "shapes-a__320_square, shapes-a.jpg, 320, square, 480, 640, 320, 320",
        "shapes-a__416_rect, shapes-a.jpg, 416, rect, 480, 640, 320, 416",
        "shapes-a__96_cls, shapes-a.jpg, 96, cls, 480, 640, 96, 96",
        "shapes-b__320_rect, shapes-b.png, 320, rect, 375, 500, 256, 320",
        "shapes-b__320_square, shapes-b.png, 320, square, 375, 500, 320, 320",
        "shapes-c__320_rect, shapes-c.bmp, 320, rect, 517, 333, 320, 224",
        "shapes-c__320_square, shapes-c.bmp, 320, square, 517, 333, 320, 320",
        "shapes-gray__320_rect, shapes-gray.png, 320, rect, 336, 448, 256, 320",
        "shapes-gray__320_square, shapes-gray.png, 320, square, 336, 448, 320, 320",
        "shapes-rgba__320_rect, shapes-rgba.png, 320, rect, 320, 400, 256, 320",
        "shapes-rgba__320_square, shapes-rgba.png, 320, square, 320, 400, 320, 320",
        "shapes-tiny__320_rect, shapes-tiny.png, 320, rect, 31, 45, 224, 320",
        "shapes-tiny__320_square, shapes-tiny.png, 320, square, 31, 45, 320, 320",
        "zidane__320_rect, zidane.jpg, 320, rect, 720, 1280, 192, 320",
        "zidane__320_square, zidane.jpg, 320, square, 720, 1280, 320, 320",
    })
    void reproducesUltralyticsInputBitForBit(
            String tensor, String file, int imgsz, String mode, int h0, int w0, int h, int w) throws Exception {
        BgrImage image = picture(file);
        assertEquals(h0, image.height(), "height after reading");
        assertEquals(w0, image.width(), "width after reading");

        ModelInput input = mode.equals("cls")
                ? Preprocess.forClassification(image, imgsz)
                : Preprocess.forDetection(
                        image, imgsz, mode.equals("rect") ? LetterboxMode.RECT : LetterboxMode.SQUARE, 32);
        assertEquals(h, input.height(), "input height");
        assertEquals(w, input.width(), "input width");
        assertEquals(h0, input.originalHeight());
        assertEquals(w0, input.originalWidth());

        Npy expected = Npy.readResource("/predict/preprocessed/" + tensor + ".npy.gz");
        assertArrayEquals(new long[] {1, 3, h, w}, expected.shape());
        float[] want = new float[expected.data().length];
        for (int i = 0; i < want.length; i++) {
            want[i] = (expected.data()[i] & 0xFF) / 255f;
        }
        float[] got = input.pixels();
        int differ = 0;
        double maxDiff = 0;
        int first = -1;
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                differ++;
                maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
                if (first < 0) {
                    first = i;
                }
            }
        }
        String where = first < 0
                ? ""
                : " (first at channel " + first / (h * w) + ", row " + first % (h * w) / w + ", column " + first % w
                        + ": expected " + Math.round(want[first] * 255) + ", got " + Math.round(got[first] * 255) + ")";
        assertEquals(
                0,
                differ,
                tensor + ": " + differ + " of " + want.length + " elements differ, max |d| " + maxDiff * 255 + "/255"
                        + where);
    }
}
