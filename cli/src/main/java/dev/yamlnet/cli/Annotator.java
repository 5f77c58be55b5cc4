package dev.yamlnet.cli;

import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.Mask;
import dev.yamlnet.predict.Predictions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Locale;

/**
 * Draws what a model found on the picture, as Ultralytics' plotted results show it: each box in its class colour
 * with the class name and confidence above it, masks overlaid at half opacity, key points (with the COCO skeleton
 * for 17-point models, the points alone otherwise), rotated boxes as their four-sided outline, and the top 5 for
 * classification. Plain java.awt, no native library.
 */
final class Annotator {
    /** Ultralytics' 20-colour palette (its {@code Colors} class), by class index modulo 20. */
    private static final int[] PALETTE = {
        0xFF3838, 0xFF9D97, 0xFF701F, 0xFFB21D, 0xCFD231, 0x48F90A, 0x92CC17, 0x3DDB86, 0x1A9334, 0x00D4BB,
        0x2C99A8, 0x00C2FF, 0x344593, 0x6473FF, 0x0018EC, 0x8438FF, 0x520085, 0xCB38FF, 0xFF95C8, 0xFF37C7
    };

    /** The COCO person skeleton, pairs of 1-based key point indices. */
    private static final int[][] COCO_SKELETON = {
        {16, 14}, {14, 12}, {17, 15}, {15, 13}, {12, 13}, {6, 12}, {7, 13}, {6, 7}, {6, 8}, {7, 9}, {8, 10}, {9, 11},
        {2, 3}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}, {5, 7}
    };

    /** Key points with a lower visibility score are not drawn (Ultralytics' default for plots). */
    static final float KEYPOINT_MIN_VISIBILITY = 0.25f;

    private Annotator() {}

    static Color color(int classId) {
        return new Color(PALETTE[Math.floorMod(classId, PALETTE.length)]);
    }

    /** The picture with the predictions drawn on it. */
    static BufferedImage draw(BgrImage picture, Predictions p) {
        BufferedImage img = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(picture.bgr(), 0, target, 0, target.length);
        int w = picture.width();
        int h = picture.height();
        for (Detection d : p.detections()) {
            if (d.mask() != null) {
                overlay(target, w, h, d.mask(), color(d.classId()));
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int line = Math.max(Math.round((w + h) / 2f * 0.003f), 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, line * 6)));
            for (Detection d : p.detections()) {
                Color c = color(d.classId());
                g.setColor(c);
                g.setStroke(new BasicStroke(line));
                int lx;
                int ly;
                if (d.obb() != null) {
                    Polygon poly = new Polygon();
                    for (float[] corner : d.obb().corners()) {
                        poly.addPoint(Math.round(corner[0]), Math.round(corner[1]));
                    }
                    g.drawPolygon(poly);
                    lx = poly.getBounds().x;
                    ly = poly.getBounds().y;
                } else {
                    int x1 = Math.round(d.box().x1());
                    int y1 = Math.round(d.box().y1());
                    g.drawRect(
                            x1,
                            y1,
                            Math.round(d.box().x2()) - x1,
                            Math.round(d.box().y2()) - y1);
                    lx = x1;
                    ly = y1;
                }
                if (!d.keypoints().isEmpty()) {
                    keypoints(g, d.keypoints(), line);
                }
                label(g, String.format(Locale.ROOT, "%s %.2f", d.name(), d.confidence()), lx, ly, c, w);
            }
            if (p.classification() != null) {
                top5(g, p.classification());
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void overlay(byte[] bgr, int w, int h, Mask mask, Color c) {
        if (mask.width() != w || mask.height() != h) {
            return;
        }
        int[] rgb = {c.getBlue(), c.getGreen(), c.getRed()};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask.get(x, y)) {
                    int i = (y * w + x) * 3;
                    for (int k = 0; k < 3; k++) {
                        bgr[i + k] = (byte) (((bgr[i + k] & 0xFF) + rgb[k]) / 2);
                    }
                }
            }
        }
    }

    private static void keypoints(Graphics2D g, List<Keypoint> points, int line) {
        int radius = Math.max(line + 1, 3);
        if (points.size() == 17) {
            g.setStroke(new BasicStroke(line));
            for (int i = 0; i < COCO_SKELETON.length; i++) {
                Keypoint a = points.get(COCO_SKELETON[i][0] - 1);
                Keypoint b = points.get(COCO_SKELETON[i][1] - 1);
                if (visible(a) && visible(b)) {
                    g.setColor(color(i + 7));
                    g.drawLine(Math.round(a.x()), Math.round(a.y()), Math.round(b.x()), Math.round(b.y()));
                }
            }
        }
        for (int i = 0; i < points.size(); i++) {
            Keypoint k = points.get(i);
            if (visible(k)) {
                g.setColor(color(i + 16));
                g.fillOval(Math.round(k.x()) - radius, Math.round(k.y()) - radius, 2 * radius, 2 * radius);
                g.setColor(Color.WHITE);
                g.drawOval(Math.round(k.x()) - radius, Math.round(k.y()) - radius, 2 * radius, 2 * radius);
            }
        }
    }

    private static boolean visible(Keypoint k) {
        return Float.isNaN(k.visibility()) || k.visibility() >= KEYPOINT_MIN_VISIBILITY;
    }

    /** A label on a filled box of the class colour, above {@code (x, y)}, or inside the box at the top edge. */
    private static void label(Graphics2D g, String text, int x, int y, Color c, int width) {
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(text) + 6;
        int th = fm.getAscent() + fm.getDescent() + 2;
        int top = y - th >= 0 ? y - th : y;
        int left = Math.max(0, Math.min(x, width - tw));
        g.setColor(c);
        g.fillRect(left, top, tw, th);
        double luma = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
        g.setColor(luma > 150 ? Color.BLACK : Color.WHITE);
        g.drawString(text, left + 3, top + 1 + fm.getAscent());
    }

    private static void top5(Graphics2D g, Classification c) {
        FontMetrics fm = g.getFontMetrics();
        int y = 4;
        for (int i = 0; i < c.top5().size(); i++) {
            String text = String.format(
                    Locale.ROOT,
                    "%s %.2f",
                    c.top5Names().get(i),
                    c.top5Confidence().get(i));
            int tw = fm.stringWidth(text) + 6;
            int th = fm.getAscent() + fm.getDescent() + 2;
            g.setColor(new Color(0, 0, 0, 150));
            g.fillRect(4, y, tw, th);
            g.setColor(Color.WHITE);
            g.drawString(text, 7, y + 1 + fm.getAscent());
            y += th + 2;
        }
    }
}
