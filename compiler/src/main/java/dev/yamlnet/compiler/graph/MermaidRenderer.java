package dev.yamlnet.compiler.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link GraphModel} as a Mermaid flowchart, which GitHub, GitLab and many Markdown
 * viewers render inline: the backbone and head as subgraphs, one node per layer, one link per
 * input, classes for errors, attention blocks and detection outputs.
 */
public final class MermaidRenderer {
    private MermaidRenderer() {}

    public static String render(GraphModel model) {
        StringBuilder sb = new StringBuilder();
        sb.append("---\ntitle: ").append(model.title().replace(":", " ")).append("\n---\n");
        sb.append("flowchart TB\n");
        sb.append("  image[\"").append(text(model.image())).append("\"]\n");
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
            sb.append("  subgraph ").append(section).append('\n');
            for (GraphModel.Node n : nodes) {
                sb.append("    L")
                        .append(n.index())
                        .append("[\"")
                        .append(text(n))
                        .append("\"]\n");
            }
            sb.append("  end\n");
        }
        for (GraphModel.Edge e : model.edges()) {
            sb.append("  ")
                    .append(e.from() < 0 ? "image" : "L" + e.from())
                    .append(e.label().isEmpty() ? " --> " : " -- \"" + e.label() + "\" --> ")
                    .append('L')
                    .append(e.to())
                    .append('\n');
        }
        for (String kind : List.of("error", "attention", "output", "unknown")) {
            String[] c = DotRenderer.colours(kind);
            List<String> ids = new ArrayList<>();
            for (GraphModel.Node n : model.layers()) {
                if (SvgRenderer.kind(n).equals(kind)) {
                    ids.add("L" + n.index());
                }
            }
            sb.append("  classDef ")
                    .append(kind)
                    .append(" fill:")
                    .append(c[0])
                    .append(",stroke:")
                    .append(c[1])
                    .append(kind.equals("unknown") ? ",stroke-dasharray:5 3" : ",stroke-width:3px")
                    .append('\n');
            if (!ids.isEmpty()) {
                sb.append("  class ")
                        .append(String.join(",", ids))
                        .append(' ')
                        .append(kind)
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** Node text: lines joined with {@code <br/>}, quotes and angle brackets as entities. */
    private static String text(GraphModel.Node n) {
        List<String> lines = new ArrayList<>();
        for (String l : n.lines()) {
            lines.add(l.replace("&", "#amp;")
                    .replace("\"", "#quot;")
                    .replace("<", "#lt;")
                    .replace(">", "#gt;"));
        }
        return String.join("<br/>", lines);
    }
}
