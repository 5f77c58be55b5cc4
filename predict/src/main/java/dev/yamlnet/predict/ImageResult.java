package dev.yamlnet.predict;

/**
 * Everything {@code yamlnet predict} reports for one picture.
 *
 * @param path where the picture came from, as the user named it
 * @param width the original picture's width in pixels (after EXIF orientation)
 * @param height the original picture's height in pixels
 * @param predictions what the model found
 * @param speed time per step
 */
public record ImageResult(String path, int width, int height, Predictions predictions, Speed speed) {}
