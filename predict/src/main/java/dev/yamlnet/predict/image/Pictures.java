package dev.yamlnet.predict.image;

import dev.yamlnet.predict.BgrImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads pictures as Ultralytics 8.4.117 reads them: {@code cv2.imdecode(np.fromfile(path, np.uint8),
 * cv2.IMREAD_COLOR)} with OpenCV 4.6 ({@code utils/patches.py imread}), decoded with the JDK's own ImageIO (no
 * native library or extra dependency).
 *
 * <p>What comes out is what OpenCV returns: three 8-bit channels in B, G, R order, always. The format is taken
 * from the first bytes (as OpenCV does), not from the file name: JPEG (baseline and progressive, grayscale and
 * colour), PNG (8- and 16-bit, grayscale, palette, with or without alpha) and BMP (1- to 32-bit). Grayscale
 * becomes B = G = R; alpha (and a palette's transparency) is dropped without compositing; 16-bit samples keep
 * their high byte ({@code v >> 8}, as libpng's {@code png_set_strip_16}); palette entries are looked up; low bit
 * depths are scaled to 0-255 as libpng expands them; BMP's 5- and 6-bit fields are shifted left, not rescaled
 * (OpenCV's own BMP converter). The EXIF orientation of a JPEG (APP1) or PNG ({@code eXIf} chunk) is applied as
 * OpenCV 4.6's {@code imdecode} applies it with {@code IMREAD_COLOR} (tags 2-8: flips, transposes), so the width
 * and height are those of the turned picture. Colour profiles and gamma are ignored, as OpenCV ignores them.
 *
 * <p>Hostile input: anything else, a truncated file, a picture declaring more than {@link #MAX_PIXELS} pixels or
 * a side longer than {@link #MAX_SIDE} (checked from the header, before any pixel is decoded), or a file larger
 * than {@link #MAX_FILE_BYTES} gives a {@link PictureException} naming the picture and the problem; no exception
 * from ImageIO escapes. One deliberate departure from OpenCV: a JPEG that ends before its last scan is refused
 * (OpenCV warns and returns the picture with the missing part filled in).
 */
public final class Pictures {
    /**
     * The most pixels a picture may declare: 2^25 (33,554,432: an 8K UHD frame of 7680 x 4320 fits), about 100 MB
     * as BGR bytes (ImageIO needs up to eight bytes per pixel more while decoding a 16-bit RGBA PNG).
     * OpenCV's own limit is 2^30, which would need gigabytes of heap in Java.
     */
    public static final long MAX_PIXELS = 1L << 25;

    /** The longest side a picture may declare, as OpenCV's {@code CV_IO_MAX_IMAGE_WIDTH}: 2^20. */
    public static final int MAX_SIDE = 1 << 20;

    /** The largest file read: 1 GiB. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private Pictures() {}

    /** The picture in the file, as OpenCV decodes it for Ultralytics. */
    public static BgrImage read(Path path) throws PictureException {
        String name = path.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new PictureException(name + ": is a directory, not a picture");
            }
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new PictureException(name + ": " + size + " bytes is more than the " + MAX_FILE_BYTES
                        + " bytes yamlnet reads as a picture");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new PictureException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new PictureException(name + ": permission denied", e);
        } catch (IOException e) {
            throw new PictureException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return read(bytes, name);
    }

    /**
     * The picture held in {@code bytes}, as {@code cv2.imdecode(bytes, IMREAD_COLOR)} gives it.
     *
     * @param name how to name the picture in messages (a file name or URL)
     */
    public static BgrImage read(byte[] bytes, String name) throws PictureException {
        return read(bytes, name, MAX_PIXELS);
    }

    /** The same with another pixel limit (at most {@link #MAX_PIXELS} is safe with a default heap). */
    public static BgrImage read(byte[] bytes, String name, long maxPixels) throws PictureException {
        Format format = Format.sniff(bytes, name);
        Decoded decoded = decode(bytes, name, format, maxPixels);
        int orientation = 1;
        try {
            orientation = switch (format) {
                case JPEG -> Exif.jpegOrientation(bytes);
                case PNG -> Exif.pngOrientation(bytes);
                case BMP -> 1;
            };
        } catch (RuntimeException e) {
            orientation = 1; // OpenCV ignores EXIF it cannot parse
        }
        return Orientation.apply(decoded.image(), orientation);
    }

    /**
     * A picture already in memory as the same BGR bytes: the raw samples of its raster (no colour management),
     * alpha dropped, grayscale replicated, 16-bit samples cut to their high byte. CMYK samples (a CMYK JPEG) become
     * B G R with OpenCV's own formula ({@code icvCvt_CMYK2BGR_8u}: {@code b = k - ((255 - y) * k >> 8)}, the same
     * for g from m and r from c, on the samples as stored). Colour models other than grayscale, RGB, CMYK, palette
     * and packed RGB go through {@link BufferedImage#getRGB} (colour-managed, so not what OpenCV would give).
     */
    public static BgrImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    int idx = row[x];
                    out[i] = (byte) icm.getBlue(idx);
                    out[i + 1] = (byte) icm.getGreen(idx);
                    out[i + 2] = (byte) icm.getRed(idx);
                }
            }
        } else if (cm instanceof ComponentColorModel && plainColorSpace(cm) && interleavedBytes(raster, out, w, h)) {
            return new BgrImage(w, h, out);
        } else if ((cm instanceof ComponentColorModel || cm instanceof DirectColorModel) && plainColorSpace(cm)) {
            int colors = cm.getNumColorComponents();
            int[] shift = new int[colors];
            for (int b = 0; b < colors; b++) {
                shift[b] = raster.getSampleModel().getSampleSize(b) - 8;
            }
            int bands = raster.getNumBands();
            int[] px = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, px);
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    int p = x * bands;
                    if (colors == 1) {
                        byte g = (byte) align(px[p], shift[0]);
                        out[i] = g;
                        out[i + 1] = g;
                        out[i + 2] = g;
                    } else {
                        out[i] = (byte) align(px[p + 2], shift[2]);
                        out[i + 1] = (byte) align(px[p + 1], shift[1]);
                        out[i + 2] = (byte) align(px[p], shift[0]);
                    }
                }
            }
        } else if (cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK
                && cm.getNumColorComponents() == 4
                && raster.getSampleModel().getSampleSize(0) == 8) {
            return cmykToBgr(raster);
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = image.getRGB(x, y);
                    int i = (y * w + x) * 3;
                    out[i] = (byte) argb;
                    out[i + 1] = (byte) (argb >> 8);
                    out[i + 2] = (byte) (argb >> 16);
                }
            }
        }
        return new BgrImage(w, h, out);
    }

    /** OpenCV's {@code icvCvt_CMYK2BGR_8u} on 8-bit C, M, Y, K samples. */
    private static BgrImage cmykToBgr(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int bands = raster.getNumBands();
        int[] px = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int p = x * bands;
                int k = px[p + 3];
                out[i] = (byte) (k - ((255 - px[p + 2]) * k >> 8));
                out[i + 1] = (byte) (k - ((255 - px[p + 1]) * k >> 8));
                out[i + 2] = (byte) (k - ((255 - px[p]) * k >> 8));
            }
        }
        return new BgrImage(w, h, out);
    }

    /**
     * The fast path for the common case, 8-bit samples interleaved in one byte array (JPEG's BGR, PNG's RGB, RGBA,
     * gray): the bytes are picked straight from the array. False when the raster is laid out otherwise.
     */
    private static boolean interleavedBytes(Raster raster, byte[] out, int w, int h) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        int bands = raster.getNumBands();
        for (int b = 0; b < bands; b++) {
            if (sm.getSampleSize(b) != 8) {
                return false;
            }
        }
        int[] off = sm.getBandOffsets();
        int stride = sm.getPixelStride();
        int scan = sm.getScanlineStride();
        byte[] data = buffer.getData();
        int base = buffer.getOffset();
        if ((long) base + (long) scan * (h - 1) + (long) stride * (w - 1) + stride > data.length) {
            return false;
        }
        boolean gray = bands <= 2;
        int ob = gray ? off[0] : off[2];
        int og = gray ? off[0] : off[1];
        int or = off[0];
        for (int y = 0; y < h; y++) {
            int s = base + y * scan;
            int d = y * w * 3;
            for (int x = 0; x < w; x++, s += stride, d += 3) {
                out[d] = data[s + ob];
                out[d + 1] = data[s + og];
                out[d + 2] = data[s + or];
            }
        }
        return true;
    }

    private static boolean plainColorSpace(ColorModel cm) {
        int type = cm.getColorSpace().getType();
        int colors = cm.getNumColorComponents();
        return (type == ColorSpace.TYPE_RGB && colors == 3) || (type == ColorSpace.TYPE_GRAY && colors == 1);
    }

    /** A sample of {@code 8 + shift} bits as 8 bits: high bits kept, short fields shifted left (no rescaling). */
    private static int align(int v, int shift) {
        return shift >= 0 ? v >>> shift : v << -shift;
    }

    private record Decoded(BgrImage image) {}

    private static Decoded decode(byte[] bytes, String name, Format format, long maxPixels) throws PictureException {
        ImageReader reader = jdkReader(format.imageIoName);
        if (reader == null) {
            throw new PictureException(name + ": this Java runtime has no " + format.label + " decoder");
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int[] declared = format == Format.BMP ? Bmp.dimensions(bytes, name) : null;
            int w = declared != null ? declared[0] : reader.getWidth(0);
            int h = declared != null ? declared[1] : reader.getHeight(0);
            if (w <= 0 || h <= 0) {
                throw new PictureException(
                        name + ": the " + format.label + " header declares " + w + "x" + h + " pixels");
            }
            if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > maxPixels) {
                throw new PictureException(name + ": the " + format.label + " header declares " + w + "x" + h
                        + " pixels, more than the limit of " + maxPixels + " pixels (" + MAX_SIDE
                        + " per side); refused before decoding (a decompression bomb?)");
            }
            if (format == Format.BMP) {
                Bmp.checkComplete(bytes, name, w, h);
            } else if (format == Format.PNG) {
                Png.checkComplete(bytes, name);
            }
            if (format == Format.JPEG && Jpeg440.isH1V2(bytes) && Jpeg440.runtimeReplicates()) {
                BgrImage image = Jpeg440.decode(reader);
                checkJpegEnd(bytes, name, format, warnings);
                return new Decoded(image);
            }
            BufferedImage image = reader.read(0);
            checkJpegEnd(bytes, name, format, warnings);
            if (format == Format.JPEG && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
                if (Exif.jpegAdobeTransform(bytes) == 2) {
                    throw new PictureException(
                            name + ": a YCCK JPEG (Adobe colour transform 2), not supported:" + " convert it to RGB");
                }
                // OpenCV converts the samples as stored; ImageIO's read() has inverted Adobe CMYK already.
                return new Decoded(cmykToBgr(reader.readRaster(0, null)));
            }
            return new Decoded(fromBufferedImage(image));
        } catch (PictureException e) {
            throw e;
        } catch (javax.imageio.IIOException e) {
            throw new PictureException(name + ": not a readable " + format.label + " picture (" + describe(e) + ")", e);
        } catch (IOException e) {
            throw new PictureException(
                    name + ": the " + format.label + " data ends too early or is damaged (" + describe(e) + ")", e);
        } catch (RuntimeException e) {
            throw new PictureException(name + ": damaged " + format.label + " data (" + describe(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK's own reader for the format, preferred over plug-ins on the class path (which may decode differently);
     * another one only when the JDK has none.
     */
    static ImageReader jdkReader(String formatName) {
        ImageReader other = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(formatName); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio.plugins.")) {
                if (other != null) {
                    other.dispose();
                }
                return r;
            }
            if (other == null) {
                other = r;
            } else {
                r.dispose();
            }
        }
        return other;
    }

    private static void checkJpegEnd(byte[] bytes, String name, Format format, List<String> warnings)
            throws PictureException {
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncated") || lower.contains("missing eoi")) {
                throw new PictureException(name + ": the " + format.label + " data ends too early (" + warning.trim()
                        + "): truncated file?");
            }
        }
        if (format == Format.JPEG && !Exif.jpegHasEnd(bytes)) {
            throw new PictureException(name + ": the JPEG data has no end marker: truncated file?");
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                m = t.getClass().getSimpleName();
            }
            if (sb.indexOf(m) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(m.length() > 200 ? m.substring(0, 200) + "..." : m);
            }
        }
        return sb.toString();
    }

    /** The formats OpenCV recognises by their first bytes, of those the JDK decodes. */
    enum Format {
        JPEG("jpeg", "JPEG"),
        PNG("png", "PNG"),
        BMP("bmp", "BMP");

        final String imageIoName;
        final String label;

        Format(String imageIoName, String label) {
            this.imageIoName = imageIoName;
            this.label = label;
        }

        static Format sniff(byte[] b, String name) throws PictureException {
            if (b.length == 0) {
                throw new PictureException(name + ": empty file, not a picture");
            }
            if (b.length < 8
                    && (prefixOf(b, 0xFF, 0xD8, 0xFF)
                            || prefixOf(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)
                            || prefixOf(b, 'B', 'M'))) {
                throw new PictureException(name + ": the file ends after " + b.length + " bytes: truncated picture?");
            }
            if (starts(b, 0xFF, 0xD8, 0xFF)) {
                return JPEG;
            }
            if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
                return PNG;
            }
            if (starts(b, 'B', 'M')) {
                return BMP;
            }
            String other = null;
            if (starts(b, 'G', 'I', 'F', '8')) {
                other = "a GIF picture (OpenCV 4.6 does not read GIF)";
            } else if (starts(b, 'I', 'I', 0x2A, 0) || starts(b, 'M', 'M', 0, 0x2A)) {
                other = "a TIFF picture (not supported: convert it to PNG)";
            } else if (b.length >= 12 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B') {
                other = "a WebP picture (not supported: convert it to PNG or JPEG)";
            } else if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
                other = "an HEIF/AVIF picture (not supported: convert it to PNG or JPEG)";
            }
            if (other != null) {
                throw new PictureException(name + ": " + other);
            }
            throw new PictureException(name + ": not a JPEG, PNG or BMP picture (it starts with " + hex(b) + ")");
        }

        private static boolean starts(byte[] b, int... prefix) {
            if (b.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((b[i] & 0xFF) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static boolean prefixOf(byte[] b, int... signature) {
            for (int i = 0; i < Math.min(b.length, signature.length); i++) {
                if ((b[i] & 0xFF) != signature[i]) {
                    return false;
                }
            }
            return true;
        }

        private static String hex(byte[] b) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(8, b.length); i++) {
                sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
            }
            return sb.toString();
        }
    }
}
