package dev.yamlnet.predict;

/**
 * A rotated box in original-picture pixels, as Ultralytics' {@code OBB.xywhr}: centre, width, height and the angle
 * in radians, in {@code [-pi/4, 3pi/4)} as the head produces it (not regularised).
 */
public record OrientedBox(float cx, float cy, float width, float height, float angle) {

    /**
     * The four corners as Ultralytics' {@code xywhr2xyxyxyxy}: {@code c+v1+v2, c+v1-v2, c-v1-v2, c-v1+v2} with
     * {@code v1 = (w/2 cos, w/2 sin)} and {@code v2 = (-h/2 sin, h/2 cos)}; {@code [corner][x or y]}.
     */
    public float[][] corners() {
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        float v1x = width / 2 * cos;
        float v1y = width / 2 * sin;
        float v2x = -height / 2 * sin;
        float v2y = height / 2 * cos;
        return new float[][] {
            {cx + v1x + v2x, cy + v1y + v2y},
            {cx + v1x - v2x, cy + v1y - v2y},
            {cx - v1x - v2x, cy - v1y - v2y},
            {cx - v1x + v2x, cy - v1y + v2y}
        };
    }
}
