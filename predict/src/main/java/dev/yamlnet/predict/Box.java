package dev.yamlnet.predict;

/**
 * An axis-aligned box in original-picture pixels, as Ultralytics' {@code Boxes.xyxy}: left, top, right, bottom,
 * after {@code scale_boxes} and {@code clip_boxes} (so {@code 0 <= x1 <= x2 <= width}).
 */
public record Box(float x1, float y1, float x2, float y2) {

    /** {@code x2 - x1}. */
    public float width() {
        return x2 - x1;
    }

    /** {@code y2 - y1}. */
    public float height() {
        return y2 - y1;
    }
}
