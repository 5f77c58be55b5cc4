package dev.yamlnet.predict.image;

import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.LetterboxMode;
import java.util.Arrays;

/**
 * Ultralytics' {@code LetterBox} as its predictor uses it ({@code scaleup=True}, {@code center=True}): scale the
 * picture to fit, resize with {@link CvResize#linear OpenCV's INTER_LINEAR}, pad with grey 114.
 *
 * <p>The rounding, step by step ({@code data/augment.py LetterBox}): {@code r = min(H / h0, W / w0)} in double;
 * {@code new_unpad = (round(w0 * r), round(h0 * r))} with Python's {@code round} (half to even); {@code dw = W -
 * new_w}, {@code dh = H - new_h}, in {@link LetterboxMode#RECT} taken modulo the stride (so each side becomes the
 * next multiple of the stride); then halved, and {@code top = round(dh/2 - 0.1)}, {@code bottom = round(dh/2 +
 * 0.1)}, the same for left/right: an odd padding puts the extra pixel at the bottom or right.
 */
public final class LetterBox {

    private LetterBox() {}

    /**
     * Where the picture goes in the model input.
     *
     * @param height the model input's height ({@code newHeight + top + bottom})
     * @param width the model input's width
     * @param newWidth the resized picture's width ({@code new_unpad[0]})
     * @param newHeight the resized picture's height
     * @param top grey rows above
     * @param bottom grey rows below
     * @param left grey columns on the left
     * @param right grey columns on the right
     * @param ratio the scale factor {@code r}
     */
    public record Geometry(
            int height,
            int width,
            int newWidth,
            int newHeight,
            int top,
            int bottom,
            int left,
            int right,
            double ratio) {}

    /**
     * The letterbox of an {@code h0 x w0} picture for the target {@code targetHeight x targetWidth}.
     *
     * @param auto Ultralytics' {@code auto}: pad only to multiples of {@code stride} (the rectangular mode)
     */
    public static Geometry geometry(int h0, int w0, int targetHeight, int targetWidth, boolean auto, int stride) {
        if (h0 <= 0 || w0 <= 0 || targetHeight <= 0 || targetWidth <= 0 || stride <= 0) {
            throw new IllegalArgumentException("letterbox of " + w0 + "x" + h0 + " into " + targetWidth + "x"
                    + targetHeight + " with stride " + stride);
        }
        double r = Math.min((double) targetHeight / h0, (double) targetWidth / w0);
        int newW = (int) Math.rint(w0 * r);
        int newH = (int) Math.rint(h0 * r);
        int dw = targetWidth - newW;
        int dh = targetHeight - newH;
        if (auto) {
            dw = Math.floorMod(dw, stride);
            dh = Math.floorMod(dh, stride);
        }
        double halfW = dw / 2.0;
        double halfH = dh / 2.0;
        int top = (int) Math.rint(halfH - 0.1);
        int bottom = (int) Math.rint(halfH + 0.1);
        int left = (int) Math.rint(halfW - 0.1);
        int right = (int) Math.rint(halfW + 0.1);
        return new Geometry(newH + top + bottom, newW + left + right, newW, newH, top, bottom, left, right, r);
    }

    /** The letterbox of a picture for a square {@code imgsz} in the given mode. */
    public static Geometry geometry(int h0, int w0, int imgsz, LetterboxMode mode, int stride) {
        return geometry(h0, w0, imgsz, imgsz, mode == LetterboxMode.RECT, stride);
    }

    /** The picture letterboxed into a square {@code imgsz} in the given mode. */
    public static BgrImage apply(BgrImage image, int imgsz, LetterboxMode mode, int stride) {
        return apply(image, geometry(image.height(), image.width(), imgsz, mode, stride));
    }

    /**
     * The picture resized to {@code g.newWidth() x g.newHeight()} (skipped when the size does not change) and
     * padded with {@code (114, 114, 114)} as {@code cv2.copyMakeBorder(..., BORDER_CONSTANT)}.
     */
    public static BgrImage apply(BgrImage image, Geometry g) {
        BgrImage resized = CvResize.linear(image, g.newWidth(), g.newHeight());
        if (g.top() == 0 && g.bottom() == 0 && g.left() == 0 && g.right() == 0) {
            return resized;
        }
        byte[] out = new byte[g.height() * g.width() * 3];
        Arrays.fill(out, (byte) 114);
        byte[] src = resized.bgr();
        int rowBytes = g.newWidth() * 3;
        for (int y = 0; y < g.newHeight(); y++) {
            System.arraycopy(src, y * rowBytes, out, ((y + g.top()) * g.width() + g.left()) * 3, rowBytes);
        }
        return new BgrImage(g.width(), g.height(), out);
    }
}
