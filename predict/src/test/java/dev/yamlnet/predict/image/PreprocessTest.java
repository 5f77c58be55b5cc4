package dev.yamlnet.predict.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.ModelInput;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessTest {

    @ParameterizedTest(name = "{0}x{1} into {2} {3}")
    @CsvSource({
        // width, height, imgsz, mode, resized width and height, top, bottom, left, right (Ultralytics' get_params)
        "810, 1080, 320, RECT, 240, 320, 0, 0, 8, 8",
        "810, 1080, 320, SQUARE, 240, 320, 0, 0, 40, 40",
        "810, 1080, 416, RECT, 312, 416, 0, 0, 4, 4",
        "333, 517, 320, RECT, 206, 320, 0, 0, 9, 9",
        "333, 517, 320, SQUARE, 206, 320, 0, 0, 57, 57",
        "45, 31, 320, RECT, 320, 220, 2, 2, 0, 0",
        "45, 31, 320, SQUARE, 320, 220, 50, 50, 0, 0",
        "1280, 720, 320, RECT, 320, 180, 6, 6, 0, 0",
        "400, 320, 320, RECT, 320, 256, 0, 0, 0, 0",
        // an odd padding puts the extra row at the bottom (README: shapes-wide, dh = 14.5)
        "1920, 400, 320, RECT, 320, 67, 14, 15, 0, 0",
    })
    void letterboxGeometryIsUltralytics(
            int w0, int h0, int imgsz, LetterboxMode mode, int nw, int nh, int top, int bottom, int left, int right) {
        LetterBox.Geometry g = LetterBox.geometry(h0, w0, imgsz, mode, 32);
        assertEquals(
                List.of(nw, nh, top, bottom, left, right),
                List.of(g.newWidth(), g.newHeight(), g.top(), g.bottom(), g.left(), g.right()));
        assertEquals(nh + top + bottom, g.height());
        assertEquals(nw + left + right, g.width());
        if (mode == LetterboxMode.RECT) {
            assertEquals(0, g.height() % 32);
            assertEquals(0, g.width() % 32);
        } else {
            assertEquals(imgsz, g.height());
            assertEquals(imgsz, g.width());
        }
    }

    @Test
    void valuesAreTheFloat32DivisionBy255() {
        byte[] bgr = new byte[256 * 3];
        for (int v = 0; v < 256; v++) {
            bgr[v * 3] = (byte) v;
            bgr[v * 3 + 1] = (byte) v;
            bgr[v * 3 + 2] = (byte) v;
        }
        float[] t = Preprocess.toTensor(new BgrImage(256, 1, bgr));
        int differFromMultiplication = 0;
        for (int v = 0; v < 256; v++) {
            assertEquals((float) v / 255f, t[v]);
            if (t[v] != v * (1f / 255f)) {
                differFromMultiplication++;
            }
        }
        assertEquals(126, differFromMultiplication, "the README counts 126 byte values where the two differ");
    }

    @Test
    void channelsBecomeRgbPlanes() {
        BgrImage one = new BgrImage(1, 1, new byte[] {10, 20, 30});
        ModelInput in = Preprocess.forDetection(one, 32, LetterboxMode.SQUARE, 32);
        assertEquals(32, in.height());
        int plane = 32 * 32;
        int centre = 0; // a 1x1 picture scaled up fills the whole square
        assertEquals(30 / 255f, in.pixels()[centre]);
        assertEquals(20 / 255f, in.pixels()[plane + centre]);
        assertEquals(10 / 255f, in.pixels()[2 * plane + centre]);
    }

    @Test
    void imgszIsRoundedUpToTheStrideAsCheckImgszDoes() {
        assertEquals(320, Preprocess.checkImgsz(300, 32));
        assertEquals(320, Preprocess.checkImgsz(320, 32));
        assertEquals(128, Preprocess.checkImgsz(97, 32));
        ModelInput in =
                Preprocess.forDetection(new BgrImage(64, 64, new byte[64 * 64 * 3]), 300, LetterboxMode.RECT, 32);
        assertEquals(320, in.height());
        assertEquals(320, in.width());
    }

    @Test
    void aBatchIsRectangularOnlyWhenAllPicturesHaveOneSize() {
        BgrImage wide = new BgrImage(640, 480, new byte[640 * 480 * 3]);
        BgrImage wide2 = new BgrImage(640, 480, new byte[640 * 480 * 3]);
        BgrImage tall = new BgrImage(480, 640, new byte[640 * 480 * 3]);
        List<ModelInput> same = Preprocess.forDetection(List.of(wide, wide2), 320, LetterboxMode.RECT, 32);
        assertEquals(
                List.of(256, 320, 256, 320),
                List.of(
                        same.get(0).height(),
                        same.get(0).width(),
                        same.get(1).height(),
                        same.get(1).width()));
        List<ModelInput> mixed = Preprocess.forDetection(List.of(wide, tall), 320, LetterboxMode.RECT, 32);
        for (ModelInput in : mixed) {
            assertEquals(320, in.height());
            assertEquals(320, in.width());
        }
        assertEquals(LetterboxMode.SQUARE, Preprocess.batchMode(List.of(wide, wide2), LetterboxMode.SQUARE));
        assertEquals(LetterboxMode.RECT, Preprocess.batchMode(List.of(tall), LetterboxMode.RECT));
    }

    @Test
    void classifyResizesTheShortEdgeThenCropsTheCentre() {
        // README: 150x110 -> Resize -> 130x96 (w x h) -> crop left 17
        BgrImage image = new BgrImage(150, 110, new byte[150 * 110 * 3]);
        ModelInput in = Preprocess.forClassification(image, 96);
        assertEquals(96, in.height());
        assertEquals(96, in.width());
        assertEquals(110, in.originalHeight());
        assertEquals(150, in.originalWidth());
    }

    @Test
    void bufferedImagesGiveOpenCvsBytes() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00112233); // fully transparent: colour kept, alpha dropped
        argb.setRGB(1, 0, 0x80445566);
        BgrImage a = Pictures.fromBufferedImage(argb);
        assertEquals(List.of(0x33, 0x22, 0x11, 0x66, 0x55, 0x44), bytes(a));

        BufferedImage gray16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 0xABFF);
        assertEquals(List.of(0xAB, 0xAB, 0xAB), bytes(Pictures.fromBufferedImage(gray16)));

        BufferedImage bgr = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.setRGB(0, 0, 0xFF0A141E);
        assertEquals(List.of(0x1E, 0x14, 0x0A), bytes(Pictures.fromBufferedImage(bgr)));
    }

    private static List<Integer> bytes(BgrImage image) {
        return java.util.stream.IntStream.range(0, image.bgr().length)
                .mapToObj(i -> image.bgr()[i] & 0xFF)
                .toList();
    }
}
