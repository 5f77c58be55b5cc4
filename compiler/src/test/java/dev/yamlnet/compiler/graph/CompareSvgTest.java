package dev.yamlnet.compiler.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.compare.ModelComparison;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code graph --compare}: both pictures in one well-formed SVG document, side by side, with the
 * rows that differ outlined on the side they belong to.
 */
class CompareSvgTest {
    record Drawn(Document doc, GraphLayout base, GraphLayout changed) {}

    static Compilation compile(String file) {
        return Compiler.compile(TestPaths.examples().resolve(file), CompileOptions.defaults(file));
    }

    static Drawn draw(String base, String changed) throws Exception {
        Compilation a = compile(base);
        Compilation b = compile(changed);
        GraphLayout la = GraphLayout.of(GraphModel.from(a).orElseThrow());
        GraphLayout lb = GraphLayout.of(GraphModel.from(b).orElseThrow());
        String svg = CompareSvgRenderer.render(
                la, lb, ModelComparison.of(a.model().orElseThrow(), b.model().orElseThrow()));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return new Drawn(
                f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))), la, lb);
    }

    /** The layers outlined on one side ("base" or "changed"), index to status. */
    static Map<Integer, String> marks(Document d, String side) {
        Map<Integer, String> out = new TreeMap<>();
        NodeList groups = d.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("side " + side)) {
                NodeList layers = g.getElementsByTagName("g");
                for (int k = 0; k < layers.getLength(); k++) {
                    Element l = (Element) layers.item(k);
                    if (l.hasAttribute("data-diff")) {
                        assertThat(l.getElementsByTagName("rect").getLength())
                                .as("box and outline")
                                .isEqualTo(2);
                        out.put(Integer.parseInt(l.getAttribute("data-index")), l.getAttribute("data-diff"));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void p2HeadIsOutlinedAsSixInsertedRowsAndTheChangedDetectOnBothSides() throws Exception {
        Drawn d = draw("yolov8n.yaml", "yolov8n-p2.yaml");
        assertThat(marks(d.doc(), "base")).isEqualTo(Map.of(22, "changed"));
        Map<Integer, String> changed = marks(d.doc(), "changed");
        assertThat(changed).containsEntry(28, "changed").hasSize(7);
        for (int i = 16; i <= 21; i++) {
            assertThat(changed).containsEntry(i, "inserted");
        }
        Element root = d.doc().getDocumentElement();
        NodeList nested = root.getElementsByTagName("svg");
        assertThat(nested.getLength()).isEqualTo(2);
        // side by side: the changed picture starts right of the base one, and the document holds both
        double baseWidth = Double.parseDouble(((Element) nested.item(0)).getAttribute("width"));
        double changedX = Double.parseDouble(((Element) nested.item(1)).getAttribute("x"));
        assertThat(changedX).isGreaterThan(baseWidth);
        assertThat(Double.parseDouble(root.getAttribute("width")))
                .isEqualTo(changedX + Double.parseDouble(((Element) nested.item(1)).getAttribute("width")));
        assertThat(root.getTextContent())
                .contains("1 changed, 6 inserted, 0 removed; parameters 3,157,200 -> 3,354,144 (+6.2 %)");
    }

    @Test
    void aRemovedRowIsOutlinedOnTheBaseSideOnly() throws Exception {
        Drawn d = draw("yolov8n.yaml", "yolov8n-no-sppf.yaml");
        assertThat(marks(d.doc(), "base")).isEqualTo(Map.of(9, "removed", 20, "changed"));
        assertThat(marks(d.doc(), "changed")).isEqualTo(Map.of(19, "changed"));
    }

    @Test
    void idsAreUniqueAndEveryArrowUsesItsOwnSidesMarker() throws Exception {
        Document doc = draw("yolov8n.yaml", "yolov8n-bot3.yaml").doc();
        Set<String> ids = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            if (!id.isEmpty() && !ids.add(id)) {
                duplicates.add(id);
            }
        }
        assertThat(duplicates).isEmpty();
        assertThat(ids).contains("base-arrow", "changed-arrow");
        NodeList paths = doc.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            String marker = p.getAttribute("marker-end");
            if (!marker.isEmpty()) {
                assertThat(ids).contains(marker.substring("url(#".length(), marker.length() - 1));
            }
        }
        assertThat(marks(doc, "base")).isEqualTo(Map.of(8, "changed"));
        assertThat(marks(doc, "changed")).isEqualTo(Map.of(8, "changed"));
    }

    @Test
    void aPlainGraphHasNoOutlines() {
        String svg = SvgRenderer.render(
                GraphLayout.of(GraphModel.from(compile("yolov8n-bot3.yaml")).orElseThrow()));
        assertThat(svg).doesNotContain("data-diff").doesNotContain("diff-mark").contains("marker-end=\"url(#arrow)\"");
    }
}
