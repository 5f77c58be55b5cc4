package dev.yamlnet.predict.post;

/**
 * The way back from the letterboxed model input to the original picture, as Ultralytics' {@code scale_boxes},
 * {@code clip_boxes} and {@code scale_coords}: the gain and the padding are recomputed from the two sizes (not
 * taken from the letterbox), then the arithmetic runs in float32 in PyTorch's order (subtract the padding, then a
 * float32 division by the gain).
 */
final class Letterbox {
    final int inputHeight;
    final int inputWidth;
    final int originalHeight;
    final int originalWidth;
    /** {@code min(H / h0, W / w0)} as Python computes it (double), and its float32 value the tensors see. */
    final double gain;

    final float gainF;
    /** The padding {@code scale_boxes} removes: {@code round((W - round(w0 * gain)) / 2 - 0.1)}. */
    final int padX;

    final int padY;

    Letterbox(int inputHeight, int inputWidth, int originalHeight, int originalWidth) {
        if (inputHeight <= 0 || inputWidth <= 0 || originalHeight <= 0 || originalWidth <= 0) {
            throw new IllegalArgumentException("picture sizes must be positive: input " + inputHeight + "x" + inputWidth
                    + ", original " + originalHeight + "x" + originalWidth);
        }
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.originalHeight = originalHeight;
        this.originalWidth = originalWidth;
        this.gain = Math.min((double) inputHeight / originalHeight, (double) inputWidth / originalWidth);
        this.gainF = (float) gain;
        this.padX = (int) Math.rint((inputWidth - Math.rint(originalWidth * gain)) / 2 - 0.1);
        this.padY = (int) Math.rint((inputHeight - Math.rint(originalHeight * gain)) / 2 - 0.1);
    }

    /** {@code scale_boxes} + {@code clip_boxes} on one xyxy box, in place at {@code off}. */
    void scaleXyxy(float[] row, int off) {
        float x1 = (row[off] - padX) / gainF;
        float y1 = (row[off + 1] - padY) / gainF;
        float x2 = (row[off + 2] - padX) / gainF;
        float y2 = (row[off + 3] - padY) / gainF;
        row[off] = clamp(x1, originalWidth);
        row[off + 1] = clamp(y1, originalHeight);
        row[off + 2] = clamp(x2, originalWidth);
        row[off + 3] = clamp(y2, originalHeight);
    }

    /** {@code scale_boxes(xywh=True)} on one rotated box: only the centre is shifted, nothing is clipped. */
    void scaleXywh(float[] row, int off) {
        row[off] = (row[off] - padX) / gainF;
        row[off + 1] = (row[off + 1] - padY) / gainF;
        row[off + 2] = row[off + 2] / gainF;
        row[off + 3] = row[off + 3] / gainF;
    }

    /** {@code scale_coords} + {@code clip_coords} on one point (x at {@code off}, y at {@code off + 1}). */
    void scalePoint(float[] row, int off) {
        row[off] = clamp((row[off] - padX) / gainF, originalWidth);
        row[off + 1] = clamp((row[off + 1] - padY) / gainF, originalHeight);
    }

    private static float clamp(float v, int max) {
        // torch.clamp: NaN stays NaN
        return v < 0 ? 0f : v > max ? (float) max : v;
    }
}
