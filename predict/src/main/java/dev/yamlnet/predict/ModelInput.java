package dev.yamlnet.predict;

/**
 * One pre-processed picture, ready for a model: float32 {@code [3, height, width]} (CHW), R G B, each value the
 * byte divided by 255 as Ultralytics divides it, plus what post-processing needs to map results back.
 *
 * @param pixels {@code 3 * height * width} values, CHW, RGB, in [0, 1]
 * @param height the model input's height (after letterbox or crop)
 * @param width the model input's width
 * @param originalHeight the picture's height before pre-processing
 * @param originalWidth the picture's width before pre-processing
 */
public record ModelInput(float[] pixels, int height, int width, int originalHeight, int originalWidth) {

    public ModelInput {
        if ((long) 3 * height * width != pixels.length) {
            throw new IllegalArgumentException("a 3x" + height + "x" + width + " input needs " + 3L * height * width
                    + " values, got " + pixels.length);
        }
    }
}
