package dev.yamlnet.compiler.graph;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link GraphLayout} as a standalone SVG 1.1 document: no scripts, no external fonts or
 * style sheets, so that browsers, editors and image viewers show it alike. Each layer is a
 * {@code <g class="layer ...">} holding one {@code <rect class="box">}; each input is one
 * {@code <path class="edge">} with an arrowhead; {@code data-} attributes carry the indices, which
 * makes the picture checkable by tools (and tests) without parsing the text.
 */
public final class SvgRenderer {
    private static final String FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";

    private SvgRenderer() {}

    public static String render(GraphLayout layout) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + element(layout, Map.of(), "", " xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    }

    /**
     * The {@code <svg>} element of one picture, for a document of its own or nested in another.
     *
     * @param marks layers to outline as a comparison's {@code changed}, {@code inserted} or {@code removed} rows, by index
     * @param idPrefix prefix of the element ids, unique per picture within one document
     * @param attributes extra attributes of the element (namespace, position)
     */
    static String element(GraphLayout layout, Map<Integer, String> marks, String idPrefix, String attributes) {
        GraphModel model = layout.model();
        StringBuilder sb = new StringBuilder();
        sb.append("<svg")
                .append(attributes)
                .append(" width=\"")
                .append(n(layout.width()))
                .append("\" height=\"")
                .append(n(layout.height()))
                .append("\" viewBox=\"0 0 ")
                .append(n(layout.width()))
                .append(' ')
                .append(n(layout.height()))
                .append("\" font-family=\"")
                .append(FONT)
                .append("\" font-size=\"12\">\n");
        sb.append("<title>").append(esc(model.title())).append("</title>\n");
        sb.append("<defs>\n"
                + "  <marker id=\"" + idPrefix
                + "arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#455a64\"/></marker>\n"
                + "  <marker id=\"" + idPrefix
                + "arrow-out\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#6a1b9a\"/></marker>\n"
                + "</defs>\n");
        sb.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"")
                .append(n(layout.width()))
                .append("\" height=\"")
                .append(n(layout.height()))
                .append("\" fill=\"#ffffff\"/>\n");
        double x = GraphLayout.MARGIN;
        double y = GraphLayout.MARGIN + 14;
        sb.append("<text class=\"title\" x=\"")
                .append(n(x))
                .append("\" y=\"")
                .append(n(y))
                .append("\" font-size=\"15\" font-weight=\"bold\">")
                .append(esc(model.title()))
                .append("</text>\n");
        legend(sb, x, y + 22);
        y += 22 + 30;
        for (String note : model.notes()) {
            sb.append("<text class=\"note error\" x=\"")
                    .append(n(x))
                    .append("\" y=\"")
                    .append(n(y))
                    .append("\" fill=\"#c62828\">")
                    .append(esc(note))
                    .append("</text>\n");
            y += GraphLayout.LINE_H;
        }
        for (GraphLayout.Panel p : layout.panels()) {
            GraphLayout.Box b = p.box();
            sb.append("<g class=\"section\" data-section=\"").append(p.label()).append("\">");
            sb.append("<rect x=\"")
                    .append(n(b.x()))
                    .append("\" y=\"")
                    .append(n(b.y()))
                    .append("\" width=\"")
                    .append(n(b.w()))
                    .append("\" height=\"")
                    .append(n(b.h()))
                    .append("\" rx=\"8\" fill=\"")
                    .append(p.label().equals("head") ? "#f1f8f3" : "#f2f5fb")
                    .append("\" stroke=\"#cfd8dc\" stroke-dasharray=\"4 3\"/>");
            sb.append("<text x=\"")
                    .append(n(b.x() + 8))
                    .append("\" y=\"")
                    .append(n(b.y() + 16))
                    .append("\" font-size=\"13\" font-weight=\"bold\" fill=\"#546e7a\">")
                    .append(p.label())
                    .append("</text></g>\n");
        }
        for (GraphLayout.Route r : layout.routes()) {
            boolean out = !r.edge().label().isEmpty();
            sb.append("<path class=\"edge")
                    .append(out ? " detection-input" : "")
                    .append("\" data-from=\"")
                    .append(r.edge().from())
                    .append("\" data-to=\"")
                    .append(r.edge().to())
                    .append("\" d=\"");
            List<GraphLayout.Point> pts = r.points();
            for (int k = 0; k < pts.size(); k++) {
                sb.append(k == 0 ? "M" : " L")
                        .append(n(pts.get(k).x()))
                        .append(',')
                        .append(n(pts.get(k).y()));
            }
            sb.append("\" fill=\"none\" stroke=\"")
                    .append(out ? "#6a1b9a" : "#455a64")
                    .append("\" stroke-width=\"")
                    .append(out ? "1.6" : "1.2")
                    .append("\" marker-end=\"url(#")
                    .append(idPrefix)
                    .append(out ? "arrow-out" : "arrow")
                    .append(")\"/>\n");
            if (out) {
                sb.append("<text class=\"edge-label\" x=\"")
                        .append(n(r.labelAt().x()))
                        .append("\" y=\"")
                        .append(n(r.labelAt().y()))
                        .append("\" font-size=\"10\" fill=\"#6a1b9a\">")
                        .append(esc(r.edge().label()))
                        .append("</text>\n");
            }
        }
        for (GraphModel.Node node : allNodes(model)) {
            GraphLayout.Box b = layout.boxes().get(node.index());
            String kind = kind(node);
            String mark = marks.get(node.index());
            sb.append("<g class=\"layer ")
                    .append(kind)
                    .append(mark == null ? "" : " " + mark)
                    .append("\" data-index=\"")
                    .append(node.index())
                    .append(mark == null ? "" : "\" data-diff=\"" + mark)
                    .append("\">");
            sb.append("<title>").append(esc(String.join("\n", node.lines()))).append("</title>");
            sb.append("<rect class=\"box\" x=\"")
                    .append(n(b.x()))
                    .append("\" y=\"")
                    .append(n(b.y()))
                    .append("\" width=\"")
                    .append(n(b.w()))
                    .append("\" height=\"")
                    .append(n(b.h()))
                    .append("\" rx=\"4\" ")
                    .append(style(node))
                    .append("/>");
            if (mark != null) {
                // an outline around the box, in the comparison's colour
                sb.append("<rect class=\"diff-mark\" x=\"")
                        .append(n(b.x() - 4))
                        .append("\" y=\"")
                        .append(n(b.y() - 4))
                        .append("\" width=\"")
                        .append(n(b.w() + 8))
                        .append("\" height=\"")
                        .append(n(b.h() + 8))
                        .append("\" rx=\"6\" fill=\"none\" stroke=\"")
                        .append(markColor(mark))
                        .append("\" stroke-width=\"3\"/>");
            }
            List<String> lines = node.lines();
            double ty = b.y() + GraphLayout.PAD_Y + 11.5;
            for (int k = 0; k < lines.size(); k++) {
                boolean error = k >= lines.size() - errorLines(node);
                sb.append("<text x=\"")
                        .append(n(b.x() + GraphLayout.PAD_X))
                        .append("\" y=\"")
                        .append(n(ty))
                        .append('"');
                if (k == 0) {
                    sb.append(" font-weight=\"bold\"");
                }
                if (error) {
                    sb.append(" fill=\"#b71c1c\"");
                } else if (k > 0) {
                    sb.append(" fill=\"#37474f\"");
                }
                sb.append(">").append(esc(lines.get(k))).append("</text>");
                ty += GraphLayout.LINE_H;
            }
            if (mark != null
                    && b.w() - 2 * GraphLayout.PAD_X - lines.get(0).length() * GraphLayout.CHAR_W
                            >= (mark.length() + 1) * GraphLayout.CHAR_W * 0.85) {
                // a badge on the title line, right-aligned, where the line leaves room for it
                sb.append("<text class=\"diff-badge\" x=\"")
                        .append(n(b.right() - GraphLayout.PAD_X))
                        .append("\" y=\"")
                        .append(n(b.y() + GraphLayout.PAD_Y + 11.5))
                        .append("\" text-anchor=\"end\" font-size=\"10\" font-weight=\"bold\" fill=\"")
                        .append(markColor(mark))
                        .append("\">")
                        .append(mark)
                        .append("</text>");
            }
            sb.append("</g>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static List<GraphModel.Node> allNodes(GraphModel m) {
        List<GraphModel.Node> out = new java.util.ArrayList<>();
        out.add(m.image());
        out.addAll(m.layers());
        return out;
    }

    private static int errorLines(GraphModel.Node node) {
        int k = 0;
        for (String e : node.errors()) {
            k += GraphModel.wrap(e, 46).size();
        }
        return k;
    }

    /** The CSS-like class naming the box's role: error, attention, output, unknown, input, backbone or head. */
    static String kind(GraphModel.Node node) {
        if (node.index() == GraphModel.IMAGE) {
            return "input";
        } else if (node.hasErrors()) {
            return "error";
        } else if (node.attentionBlock()) {
            return "attention";
        } else if (node.isHead()) {
            return "output";
        } else if (node.unknown()) {
            return "unknown";
        }
        return node.section();
    }

    private static String style(GraphModel.Node node) {
        switch (kind(node)) {
            case "input":
                return "fill=\"#eceff1\" stroke=\"#607d8b\" stroke-width=\"1.2\"";
            case "error":
                return "fill=\"#ffebee\" stroke=\"#d32f2f\" stroke-width=\"2.5\"";
            case "attention":
                return "fill=\"#fff3e0\" stroke=\"#ef6c00\" stroke-width=\"2.5\"";
            case "output":
                return "fill=\"#f3e5f5\" stroke=\"#6a1b9a\" stroke-width=\"2\"";
            case "unknown":
                return "fill=\"#fafafa\" stroke=\"#9e9e9e\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"";
            case "head":
                return "fill=\"#e8f5e9\" stroke=\"#388e3c\" stroke-width=\"1.2\"";
            default:
                return "fill=\"#e3f2fd\" stroke=\"#1565c0\" stroke-width=\"1.2\"";
        }
    }

    /** The outline colour of a comparison mark. */
    static String markColor(String mark) {
        switch (mark) {
            case "inserted":
                return "#2e7d32";
            case "removed":
                return "#c62828";
            default:
                return "#d81b60";
        }
    }

    private static void legend(StringBuilder sb, double x, double y) {
        String[][] items = {
            {"backbone", "#e3f2fd", "#1565c0"},
            {"head", "#e8f5e9", "#388e3c"},
            {"attention", "#fff3e0", "#ef6c00"},
            {"detection output", "#f3e5f5", "#6a1b9a"},
            {"error", "#ffebee", "#d32f2f"},
            {"shape unknown", "#fafafa", "#9e9e9e"}
        };
        sb.append("<g class=\"legend\" font-size=\"11\">");
        double cx = x;
        for (String[] it : items) {
            sb.append("<rect x=\"")
                    .append(n(cx))
                    .append("\" y=\"")
                    .append(n(y - 10))
                    .append("\" width=\"14\" height=\"12\" fill=\"")
                    .append(it[1])
                    .append("\" stroke=\"")
                    .append(it[2])
                    .append("\"/>");
            sb.append("<text x=\"")
                    .append(n(cx + 18))
                    .append("\" y=\"")
                    .append(n(y))
                    .append("\">")
                    .append(it[0])
                    .append("</text>");
            cx += 18 + it[0].length() * 6.7 + 14;
        }
        sb.append("</g>\n");
    }

    /** A coordinate with at most one decimal, without a trailing ".0": short, deterministic output. */
    static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                default:
                    // XML 1.0 forbids most control characters even escaped
                    out.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }
}
