package dev.yamlnet.predict.image;

import dev.yamlnet.predict.BgrImage;

/**
 * OpenCV's {@code ApplyExifOrientation}: 2 flips left-right, 3 turns by 180 degrees, 4 flips top-bottom, 5
 * transposes, 6 transposes and flips left-right (a quarter turn clockwise), 7 transposes and flips both ways, 8
 * transposes and flips top-bottom (a quarter turn anticlockwise); 1 and anything else leave the picture as it is.
 */
final class Orientation {
    private Orientation() {}

    static BgrImage apply(BgrImage in, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return in;
        }
        boolean transpose = orientation >= 5;
        boolean flipH = orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
        boolean flipV = orientation == 3 || orientation == 4 || orientation == 7 || orientation == 8;
        int w = transpose ? in.height() : in.width();
        int h = transpose ? in.width() : in.height();
        byte[] src = in.bgr();
        byte[] out = new byte[src.length];
        int srcW = in.width();
        for (int oy = 0; oy < h; oy++) {
            int ty = flipV ? h - 1 - oy : oy;
            for (int ox = 0; ox < w; ox++) {
                int tx = flipH ? w - 1 - ox : ox;
                int sx = transpose ? ty : tx;
                int sy = transpose ? tx : ty;
                int s = (sy * srcW + sx) * 3;
                int d = (oy * w + ox) * 3;
                out[d] = src[s];
                out[d + 1] = src[s + 1];
                out[d + 2] = src[s + 2];
            }
        }
        return new BgrImage(w, h, out);
    }
}
