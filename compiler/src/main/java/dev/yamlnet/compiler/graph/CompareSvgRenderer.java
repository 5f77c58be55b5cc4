package dev.yamlnet.compiler.graph;

import dev.yamlnet.compiler.compare.ModelComparison;
import dev.yamlnet.compiler.compare.RowDiff;
import dev.yamlnet.compiler.compare.RowDiff.Status;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Two pictures side by side in one SVG document, base on the left, changed model on the right,
 * each drawn exactly as {@code yamlnet graph} draws it (a nested {@code <svg>}), with the rows the
 * comparison found different outlined: changed rows on both sides, inserted rows on the right,
 * removed rows on the left. Each outlined layer's group carries {@code data-diff} with its status.
 */
public final class CompareSvgRenderer {
    static final double GAP = 40;
    static final double HEADER = 64;

    private CompareSvgRenderer() {}

    public static String render(GraphLayout base, GraphLayout changed, ModelComparison comparison) {
        Map<Integer, String> baseMarks = new HashMap<>();
        Map<Integer, String> changedMarks = new HashMap<>();
        for (RowDiff r : comparison.rows()) {
            if (r.status() == Status.SAME) {
                continue;
            }
            if (r.base() != null) {
                baseMarks.put(r.base().index(), r.status().id());
            }
            if (r.changed() != null) {
                changedMarks.put(r.changed().index(), r.status().id());
            }
        }
        double width = width(base, changed);
        double height = height(base, changed);
        String w = SvgRenderer.n(width);
        String h = SvgRenderer.n(height);
        Map<Status, Integer> counts = comparison.counts();
        ModelComparison.Total params = comparison.total("params");
        String title = comparison.base().name() + " -> " + comparison.changed().name();
        String summary = String.format(
                Locale.US,
                "%d changed, %d inserted, %d removed; parameters %,d -> %,d%s",
                counts.get(Status.CHANGED),
                counts.get(Status.INSERTED),
                counts.get(Status.REMOVED),
                (long) params.base(),
                (long) params.changed(),
                params.relative().isPresent() && params.delta() != 0
                        ? String.format(
                                Locale.ROOT, " (%+.1f %%)", params.relative().getAsDouble() * 100)
                        : "");
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">\n");
        sb.append("<title>").append(SvgRenderer.esc(title)).append("</title>\n");
        sb.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" fill=\"#ffffff\"/>\n");
        double x = GraphLayout.MARGIN;
        sb.append("<text class=\"compare-title\" x=\"")
                .append(SvgRenderer.n(x))
                .append("\" y=\"34\" font-size=\"16\" font-weight=\"bold\">")
                .append(SvgRenderer.esc(title))
                .append("</text>\n");
        sb.append("<text class=\"compare-summary\" x=\"")
                .append(SvgRenderer.n(x))
                .append("\" y=\"54\" font-size=\"12\" fill=\"#37474f\">")
                .append(SvgRenderer.esc(summary))
                .append("</text>\n");
        legend(
                sb,
                Math.max(x + 12 + Math.max(title.length() * 9.7, summary.length() * GraphLayout.CHAR_W), width / 2),
                34);
        sb.append("<line class=\"separator\" x1=\"")
                .append(SvgRenderer.n(base.width() + GAP / 2))
                .append("\" y1=\"")
                .append(SvgRenderer.n(HEADER))
                .append("\" x2=\"")
                .append(SvgRenderer.n(base.width() + GAP / 2))
                .append("\" y2=\"")
                .append(h)
                .append("\" stroke=\"#b0bec5\" stroke-dasharray=\"6 4\"/>\n");
        sb.append("<g class=\"side base\">\n")
                .append(SvgRenderer.element(base, baseMarks, "base-", " x=\"0\" y=\"" + SvgRenderer.n(HEADER) + "\""))
                .append("</g>\n");
        sb.append("<g class=\"side changed\">\n")
                .append(SvgRenderer.element(
                        changed,
                        changedMarks,
                        "changed-",
                        " x=\"" + SvgRenderer.n(base.width() + GAP) + "\" y=\"" + SvgRenderer.n(HEADER) + "\""))
                .append("</g>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The total size of the document: both pictures side by side under the header. */
    public static double width(GraphLayout base, GraphLayout changed) {
        return base.width() + GAP + changed.width();
    }

    public static double height(GraphLayout base, GraphLayout changed) {
        return HEADER + Math.max(base.height(), changed.height());
    }

    private static void legend(StringBuilder sb, double x, double y) {
        sb.append("<g class=\"compare-legend\" font-size=\"11\">");
        double cx = x;
        for (String mark : new String[] {"changed", "inserted", "removed"}) {
            sb.append("<rect x=\"")
                    .append(SvgRenderer.n(cx))
                    .append("\" y=\"")
                    .append(SvgRenderer.n(y - 10))
                    .append("\" width=\"14\" height=\"12\" rx=\"3\" fill=\"none\" stroke=\"")
                    .append(SvgRenderer.markColor(mark))
                    .append("\" stroke-width=\"3\"/>");
            sb.append("<text x=\"")
                    .append(SvgRenderer.n(cx + 20))
                    .append("\" y=\"")
                    .append(SvgRenderer.n(y))
                    .append("\">")
                    .append(mark)
                    .append("</text>");
            cx += 20 + mark.length() * 6.7 + 16;
        }
        sb.append("</g>\n");
    }
}
