package dev.yamlnet.predict.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pictures of every kind Ultralytics may be given, against what OpenCV 4.6 and Pillow 9.4 themselves returned for
 * them (see {@code predict/opencv/README.md}): decoding (EXIF orientations, 16-bit, palette, bilevel, BMP and JPEG
 * variants), the letterbox resize at odd sizes, exact halving and up-scaling, and the classify resize and crop.
 * Every byte must match.
 */
class OpenCvReferenceTest {
    private static final String DIR = "/predict/opencv/";

    static List<String> cases() throws IOException {
        try (InputStream in = OpenCvReferenceTest.class.getResourceAsStream(DIR + "cases.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    static List<Arguments> pictures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : cases()) {
            Matcher m = Pattern.compile("^(\\S+): (\\d+)x(\\d+) after reading").matcher(line);
            if (m.find()) {
                out.add(Arguments.of(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        return out;
    }

    static List<Arguments> letterboxes() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : cases()) {
            String picture = line.substring(0, line.indexOf(':'));
            Matcher m = Pattern.compile("letterbox (\\d+) (rect|square)").matcher(line);
            while (m.find()) {
                out.add(Arguments.of(picture, Integer.parseInt(m.group(1)), m.group(2)));
            }
        }
        return out;
    }

    static List<Arguments> classifications() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : cases()) {
            String picture = line.substring(0, line.indexOf(':'));
            Matcher m = Pattern.compile("classify (\\d+)").matcher(line);
            while (m.find()) {
                out.add(Arguments.of(picture, Integer.parseInt(m.group(1))));
            }
        }
        return out;
    }

    static BgrImage read(String picture) throws IOException, PictureException {
        try (InputStream in = OpenCvReferenceTest.class.getResourceAsStream(DIR + picture)) {
            return Pictures.read(in.readAllBytes(), picture);
        }
    }

    static void assertSameBgr(Npy expected, BgrImage got, String what) {
        assertArrayEquals(new long[] {got.height(), got.width(), 3}, expected.shape(), what + ": shape [h, w, 3]");
        byte[] want = expected.data();
        byte[] have = got.bgr();
        int differ = 0;
        int first = -1;
        for (int i = 0; i < want.length; i++) {
            if (want[i] != have[i]) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        int f = first;
        int n = differ;
        assertEquals(
                0,
                n,
                () -> what + ": " + n + " bytes differ, the first at pixel " + f / 3 + " channel " + f % 3 + " (OpenCV "
                        + (want[f] & 0xFF) + ", yamlnet " + (have[f] & 0xFF) + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pictures")
    void decodesAsOpenCv(String picture, int width, int height) throws Exception {
        BgrImage image = read(picture);
        assertEquals(width, image.width(), "width");
        assertEquals(height, image.height(), "height");
        assertSameBgr(Npy.readResource(DIR + picture + ".read.npy.gz"), image, picture);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("letterboxes")
    void letterboxesAsOpenCv(String picture, int imgsz, String mode) throws Exception {
        BgrImage boxed = LetterBox.apply(
                read(picture), imgsz, mode.equals("rect") ? LetterboxMode.RECT : LetterboxMode.SQUARE, 32);
        assertSameBgr(
                Npy.readResource(DIR + picture + ".letterbox" + imgsz + mode + ".npy.gz"), boxed, picture + " " + mode);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("classifications")
    void classifyTransformsAsPillow(String picture, int imgsz) throws Exception {
        ModelInput input = Preprocess.forClassification(read(picture), imgsz);
        assertEquals(imgsz, input.height());
        assertEquals(imgsz, input.width());
        float[] t = input.pixels();
        int plane = imgsz * imgsz;
        byte[] bgr = new byte[plane * 3];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float v = t[(2 - c) * plane + i];
                int b = Math.round(v * 255);
                assertEquals(b / 255f, v, "every value is a byte divided by 255");
                bgr[i * 3 + c] = (byte) b;
            }
        }
        assertSameBgr(
                Npy.readResource(DIR + picture + ".cls" + imgsz + ".npy.gz"),
                new BgrImage(imgsz, imgsz, bgr),
                picture + " classify " + imgsz);
    }
}
