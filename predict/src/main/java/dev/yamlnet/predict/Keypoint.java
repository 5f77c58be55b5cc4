package dev.yamlnet.predict;

/**
 * One key point in original-picture pixels, clipped to the picture as Ultralytics' {@code scale_coords} does
 * (invisible points included). {@code visibility} is the sigmoid the head computes, or {@code NaN} when the
 * model's {@code kpt_shape} has two values per point.
 */
public record Keypoint(float x, float y, float visibility) {}
