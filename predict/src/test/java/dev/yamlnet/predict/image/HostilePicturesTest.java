package dev.yamlnet.predict.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.yamlnet.predict.BgrImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the bytes, reading a picture gives a picture or a {@link PictureException} naming it and the problem. */
class HostilePicturesTest {

    static byte[] resource(String path) throws IOException {
        try (InputStream in = HostilePicturesTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    static PictureException refused(byte[] bytes, String name) {
        PictureException e = assertThrows(PictureException.class, () -> Pictures.read(bytes, name));
        assertTrue(e.getMessage().startsWith(name + ": "), () -> "names the picture: " + e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "'', empty file",
        "hello world, not a JPEG, PNG or BMP picture",
        "<!DOCTYPE html><html></html>, not a JPEG, PNG or BMP picture",
        "GIF89a...., GIF",
        "RIFF0000WEBPVP8 , WebP",
    })
    void whatIsNotAPictureIsNamed(String content, String problem) {
        PictureException e = refused(content.getBytes(StandardCharsets.ISO_8859_1), "notes.jpg");
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void tiffIsRefusedByName() {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0};
        assertTrue(refused(tiff, "scan.tif").getMessage().contains("a TIFF picture (not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/predict/images/shapes-a.jpg",
                "/predict/images/zidane.jpg",
                "/predict/images/shapes-tiny.png",
                "/predict/images/cls-ring.png",
                "/predict/opencv/palette.bmp",
                "/predict/opencv/rgb555.bmp"
            })
    void truncatedPicturesAreRefused(String resource) throws IOException {
        byte[] whole = resource(resource);
        for (int keep : new int[] {3, 40, whole.length / 2, whole.length - 1}) {
            PictureException e = refused(Arrays.copyOf(whole, keep), "cut.bin");
            assertTrue(
                    e.getMessage().contains("truncated")
                            || e.getMessage().contains("ends")
                            || e.getMessage().contains("damaged")
                            || e.getMessage().contains("not a readable"),
                    e.getMessage());
        }
    }

    @Test
    void aPngWithABadChecksumIsRefusedAsOpenCvRefusesIt() throws IOException {
        byte[] png = resource("/predict/images/shapes-tiny.png");
        png[8 + 8 + 13] ^= 1; // the CRC of IHDR
        assertTrue(refused(png, "crc.png").getMessage().contains("CRC error in the IHDR chunk"));
    }

    static byte[] pngDeclaring(int width, int height) throws IOException {
        byte[] png = resource("/predict/images/shapes-tiny.png");
        putInt(png, 16, width);
        putInt(png, 20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        putInt(png, 29, (int) crc.getValue());
        return png;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Test
    void decompressionBombsAreRefusedFromTheirHeader() throws IOException {
        byte[] png = pngDeclaring(200_000, 200_000);
        byte[] jpeg = resource("/predict/opencv/gray.jpg");
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) 0xEA; // height 60000
                jpeg[i + 6] = (byte) 0x60;
                jpeg[i + 7] = (byte) 0xEA; // width 60000
                jpeg[i + 8] = (byte) 0x60;
                break;
            }
        }
        byte[] bmp = resource("/predict/opencv/top-down.bmp");
        bmp[18] = (byte) 0x40; // width 40000 (0x9c40), little-endian
        bmp[19] = (byte) 0x9C;
        bmp[22] = (byte) 0xC0; // height -40000 (top-down)
        bmp[23] = (byte) 0x63;
        bmp[24] = (byte) 0xFF;
        bmp[25] = (byte) 0xFF;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (byte[] bomb : new byte[][] {png, jpeg, bmp}) {
                PictureException e = refused(bomb, "bomb");
                assertTrue(e.getMessage().contains("more than the limit of " + Pictures.MAX_PIXELS), e.getMessage());
            }
        });
    }

    @Test
    void theLimitCanBeLowered() throws Exception {
        byte[] png = resource("/predict/images/shapes-tiny.png");
        assertEquals(45, Pictures.read(png, "tiny.png", 45 * 31).width());
        PictureException e = assertThrows(PictureException.class, () -> Pictures.read(png, "tiny.png", 45 * 31 - 1));
        assertTrue(e.getMessage().contains("45x31"), e.getMessage());
    }

    @Test
    void filesThatCannotBeReadAreNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.jpg");
        PictureException e = assertThrows(PictureException.class, () -> Pictures.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        PictureException d = assertThrows(PictureException.class, () -> Pictures.read(dir));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
        Path text = Files.writeString(dir.resolve("readme.png"), "not a picture");
        assertTrue(assertThrows(PictureException.class, () -> Pictures.read(text))
                .getMessage()
                .startsWith(text + ": not a JPEG, PNG or BMP picture"));
    }

    @Test
    void damagedBytesNeverEscapeAsAnotherException() throws IOException {
        Random random = new Random(20261202);
        String[] sources = {
            "/predict/images/shapes-tiny.png",
            "/predict/opencv/subsampling1.jpg",
            "/predict/opencv/palette.bmp",
            "/predict/opencv/rgb555.bmp",
            "/predict/opencv/palette.png"
        };
        int pictures = 0;
        for (String source : sources) {
            byte[] original = resource(source);
            for (int round = 0; round < 120; round++) {
                byte[] b = original.clone();
                int changes = 1 + random.nextInt(8);
                for (int k = 0; k < changes; k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                try {
                    BgrImage image = Pictures.read(b, "damaged");
                    assertEquals((long) image.width() * image.height() * 3, image.bgr().length);
                    pictures++;
                } catch (PictureException e) {
                    assertTrue(e.getMessage().startsWith("damaged: "), e.getMessage());
                } catch (RuntimeException e) {
                    fail(source + " round " + round + " escaped as " + e, e);
                }
            }
        }
        assertTrue(pictures > 0, "some damage (in pixel data) still decodes");
    }
}
