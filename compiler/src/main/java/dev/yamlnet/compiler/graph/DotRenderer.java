package dev.yamlnet.compiler.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link GraphModel} as Graphviz DOT, for people who lay graphs out with their own tools:
 * one node per layer (same text and colours as the SVG), the backbone and head as clusters, one
 * edge per input, detection inputs labelled with their strides.
 */
public final class DotRenderer {
    private DotRenderer() {}

    public static String render(GraphModel model) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph yamlnet {\n");
        sb.append("  label=")
                .append(q(model.title() + (model.notes().isEmpty() ? "" : "\n" + String.join("\n", model.notes()))))
                .append(";\n  labelloc=t;\n  rankdir=TB;\n");
        sb.append("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=10];\n");
        sb.append("  edge [color=\"#455a64\"];\n");
        sb.append("  ")
                .append(id(model.image().index()))
                .append(" [label=")
                .append(q(String.join("\n", model.image().lines())))
                .append(", fillcolor=\"#eceff1\", color=\"#607d8b\"];\n");
        for (String section : List.of("backbone", "head")) {
            List<GraphModel.Node> nodes = new ArrayList<>();
            for (GraphModel.Node n : model.layers()) {
                if (section.equals(n.section())) {
                    nodes.add(n);
                }
            }
            if (nodes.isEmpty()) {
                continue;
            }
            sb.append("  subgraph cluster_")
                    .append(section)
                    .append(" {\n    label=")
                    .append(q(section))
                    .append(";\n    style=dashed;\n    color=\"#90a4ae\";\n");
            for (GraphModel.Node n : nodes) {
                String[] colours = colours(SvgRenderer.kind(n));
                sb.append("    ")
                        .append(id(n.index()))
                        .append(" [label=")
                        .append(q(String.join("\n", n.lines())))
                        .append(", fillcolor=\"")
                        .append(colours[0])
                        .append("\", color=\"")
                        .append(colours[1])
                        .append('"');
                if (n.hasErrors() || n.attentionBlock() || n.isHead()) {
                    sb.append(", penwidth=2.5");
                }
                sb.append("];\n");
            }
            sb.append("  }\n");
        }
        for (GraphModel.Edge e : model.edges()) {
            sb.append("  ").append(id(e.from())).append(" -> ").append(id(e.to()));
            if (!e.label().isEmpty()) {
                sb.append(" [label=")
                        .append(q(e.label()))
                        .append(", color=\"#6a1b9a\", fontcolor=\"#6a1b9a\", fontsize=9]");
            }
            sb.append(";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    static String[] colours(String kind) {
        switch (kind) {
            case "error":
                return new String[] {"#ffebee", "#d32f2f"};
            case "attention":
                return new String[] {"#fff3e0", "#ef6c00"};
            case "output":
                return new String[] {"#f3e5f5", "#6a1b9a"};
            case "unknown":
                return new String[] {"#fafafa", "#9e9e9e"};
            case "head":
                return new String[] {"#e8f5e9", "#388e3c"};
            default:
                return new String[] {"#e3f2fd", "#1565c0"};
        }
    }

    private static String id(int index) {
        return index < 0 ? "image" : "L" + index;
    }

    /** A DOT string literal; line breaks become left-justified {@code \l} breaks. */
    private static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
