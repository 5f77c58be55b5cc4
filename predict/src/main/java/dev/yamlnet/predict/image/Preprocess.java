package dev.yamlnet.predict.image;

import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.ModelInput;
import java.util.ArrayList;
import java.util.List;

/**
 * From a decoded picture to the tensor Ultralytics 8.4.117's predictor feeds the model, bit for bit.
 *
 * <p>Detect, segment, pose and OBB models ({@code BasePredictor.preprocess}): {@link LetterBox}, then B G R
 * becomes R G B, HWC becomes CHW, and each byte {@code v} becomes the float32 division {@code v / 255f} (not a
 * multiplication by {@code 1 / 255f}, which differs in the last bit for about half the byte values). Classify
 * models ({@code classify_transforms}): Pillow's bilinear resize of the shortest edge to {@code imgsz}, a centre
 * crop to {@code imgsz x imgsz}, {@code ToTensor} (the same division), a mean-0 std-1 {@code Normalize} (no
 * change).
 */
public final class Preprocess {

    private Preprocess() {}

    /**
     * Ultralytics' {@code check_imgsz}: the size rounded up to a multiple of the stride (Ultralytics warns and uses
     * that size).
     */
    public static int checkImgsz(int imgsz, int stride) {
        if (imgsz <= 0 || stride <= 0) {
            throw new IllegalArgumentException("imgsz " + imgsz + " and stride " + stride + " must be positive");
        }
        return Math.toIntExact(((long) imgsz + stride - 1) / stride * stride);
    }

    /**
     * The input of a detect-family model for one picture.
     *
     * @param imgsz the square input size ({@link #checkImgsz rounded up} to a multiple of {@code stride})
     * @param mode {@link LetterboxMode#RECT} (Ultralytics' default for one picture) or {@link LetterboxMode#SQUARE}
     * @param stride the model's largest stride (32 for P3-P5 models)
     */
    public static ModelInput forDetection(BgrImage image, int imgsz, LetterboxMode mode, int stride) {
        int size = checkImgsz(imgsz, stride);
        BgrImage boxed = LetterBox.apply(image, size, mode, stride);
        return new ModelInput(toTensor(boxed), boxed.height(), boxed.width(), image.height(), image.width());
    }

    /**
     * The inputs of a detect-family model for a batch, with Ultralytics' rule for the mode: the rectangular
     * letterbox only when asked for <em>and</em> every picture of the batch has the same size (then all inputs have
     * the same shape); otherwise every picture gets the full square, so the inputs can be stacked.
     */
    public static List<ModelInput> forDetection(List<BgrImage> images, int imgsz, LetterboxMode mode, int stride) {
        LetterboxMode used = batchMode(images, mode);
        List<ModelInput> out = new ArrayList<>(images.size());
        for (BgrImage image : images) {
            out.add(forDetection(image, imgsz, used, stride));
        }
        return out;
    }

    /**
     * The mode Ultralytics' {@code pre_transform} uses for a batch: {@code auto = same_shapes and rect}, where
     * {@code same_shapes} means every picture has the same height and width.
     */
    public static LetterboxMode batchMode(List<BgrImage> images, LetterboxMode mode) {
        if (mode != LetterboxMode.RECT || images.isEmpty()) {
            return mode;
        }
        BgrImage first = images.get(0);
        for (BgrImage image : images) {
            if (image.width() != first.width() || image.height() != first.height()) {
                return LetterboxMode.SQUARE;
            }
        }
        return LetterboxMode.RECT;
    }

    /**
     * The input of a classify model: torchvision's {@code Resize(imgsz)} on the PIL picture (shortest edge to
     * {@code imgsz}, the long edge {@code int(imgsz * long / short)}, skipped when the size already matches),
     * {@code CenterCrop(imgsz)} ({@code top = round((h - imgsz) / 2)}, half to even), then the division by 255.
     */
    public static ModelInput forClassification(BgrImage image, int imgsz) {
        if (imgsz <= 0) {
            throw new IllegalArgumentException("imgsz must be positive, got " + imgsz);
        }
        int w = image.width();
        int h = image.height();
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        int newLong = (int) ((double) ((long) imgsz * longSide) / shortSide);
        int nw = w <= h ? imgsz : newLong;
        int nh = w <= h ? newLong : imgsz;
        byte[] rgb = bgrToRgb(image.bgr());
        byte[] resized = PilResize.bilinear(rgb, w, h, 3, nw, nh);
        int cropH = Math.min(imgsz, nh);
        int cropW = Math.min(imgsz, nw);
        int top = (int) Math.rint((nh - imgsz) / 2.0);
        int left = (int) Math.rint((nw - imgsz) / 2.0);
        float[] t = new float[3 * imgsz * imgsz];
        int plane = imgsz * imgsz;
        for (int y = 0; y < cropH; y++) {
            for (int x = 0; x < cropW; x++) {
                int s = ((y + top) * nw + x + left) * 3;
                int d = y * imgsz + x;
                t[d] = (resized[s] & 0xFF) / 255f;
                t[plane + d] = (resized[s + 1] & 0xFF) / 255f;
                t[2 * plane + d] = (resized[s + 2] & 0xFF) / 255f;
            }
        }
        return new ModelInput(t, imgsz, imgsz, h, w);
    }

    /** A BGR picture as the float32 CHW RGB tensor {@code v / 255f}. */
    public static float[] toTensor(BgrImage image) {
        byte[] bgr = image.bgr();
        int plane = image.width() * image.height();
        float[] t = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            t[i] = (bgr[i * 3 + 2] & 0xFF) / 255f;
            t[plane + i] = (bgr[i * 3 + 1] & 0xFF) / 255f;
            t[2 * plane + i] = (bgr[i * 3] & 0xFF) / 255f;
        }
        return t;
    }

    private static byte[] bgrToRgb(byte[] bgr) {
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        return rgb;
    }
}
