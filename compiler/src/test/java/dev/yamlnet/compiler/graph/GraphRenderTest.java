package dev.yamlnet.compiler.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The pictures as a user checks them: the SVG is well-formed XML, has one box per layer (plus the
 * input image) and one arrow per {@code from} input (counted from the YAML with SnakeYAML, not with
 * yamlnet), no two boxes overlap, no arrow runs through a box, and no two arrows share a segment.
 * Broken models are drawn with the offending layers marked.
 */
class GraphRenderTest {
    record Rect(double x, double y, double w, double h, int index) {}

    record Seg(double x1, double y1, double x2, double y2, String edge) {}

    static Stream<Path> validExamples() throws IOException {
        try (Stream<Path> s = Files.list(TestPaths.examples())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static Compilation compile(Path file, String scale) {
        return Compiler.compile(file, CompileOptions.defaults(file.toString()).withScale(scale));
    }

    private static Document svg(Compilation c) throws Exception {
        GraphModel g = GraphModel.from(c).orElseThrow();
        String text = SvgRenderer.render(GraphLayout.of(g));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The rows of the file and the number of inputs each one's {@code from} names, read with SnakeYAML. */
    @SuppressWarnings("unchecked")
    private static List<Integer> fromCounts(Path file) throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(file));
        List<Integer> out = new ArrayList<>();
        for (String section : List.of("backbone", "head")) {
            for (Object row : (List<Object>) doc.get(section)) {
                Object from = ((List<Object>) row).get(0);
                out.add(from instanceof List<?> l ? l.size() : 1);
            }
        }
        return out;
    }

    private static List<Element> withClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = d.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Rect> boxes(Document d) {
        List<Rect> out = new ArrayList<>();
        for (Element g : withClass(d, "g", "layer")) {
            Element r = (Element) g.getElementsByTagName("rect").item(0);
            out.add(new Rect(
                    num(r, "x"),
                    num(r, "y"),
                    num(r, "width"),
                    num(r, "height"),
                    Integer.parseInt(g.getAttribute("data-index"))));
        }
        return out;
    }

    private static List<Seg> segments(Document d) {
        List<Seg> out = new ArrayList<>();
        for (Element p : withClass(d, "path", "edge")) {
            String[] pts = p.getAttribute("d").replace("M", "").split(" L");
            String id = p.getAttribute("data-from") + "->" + p.getAttribute("data-to") + "#" + out.size();
            for (int k = 0; k + 1 < pts.length; k++) {
                String[] a = pts[k].trim().split(",");
                String[] b = pts[k + 1].trim().split(",");
                out.add(new Seg(
                        Double.parseDouble(a[0]),
                        Double.parseDouble(a[1]),
                        Double.parseDouble(b[0]),
                        Double.parseDouble(b[1]),
                        id));
            }
        }
        return out;
    }

    private static double num(Element e, String attr) {
        return Double.parseDouble(e.getAttribute(attr));
    }

    private static void assertReadable(Document d) {
        List<Rect> boxes = boxes(d);
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                Rect a = boxes.get(i);
                Rect b = boxes.get(j);
                boolean overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
                assertThat(overlap)
                        .as("boxes of layers %d and %d overlap", a.index, b.index)
                        .isFalse();
            }
        }
        List<Seg> segs = segments(d);
        for (Seg s : segs) {
            assertThat(s.x1 == s.x2 || s.y1 == s.y2)
                    .as("segment of %s is axis-aligned", s.edge)
                    .isTrue();
            double lx = Math.min(s.x1, s.x2);
            double hx = Math.max(s.x1, s.x2);
            double ly = Math.min(s.y1, s.y2);
            double hy = Math.max(s.y1, s.y2);
            for (Rect r : boxes) {
                // strictly inside: touching a border where the arrow leaves or enters is fine
                boolean crosses = lx < r.x + r.w - 0.5 && hx > r.x + 0.5 && ly < r.y + r.h - 0.5 && hy > r.y + 0.5;
                assertThat(crosses)
                        .as("arrow %s runs through the box of layer %d", s.edge, r.index)
                        .isFalse();
            }
        }
        for (int i = 0; i < segs.size(); i++) {
            for (int j = i + 1; j < segs.size(); j++) {
                Seg a = segs.get(i);
                Seg b = segs.get(j);
                if (a.edge.equals(b.edge)) {
                    continue;
                }
                boolean sharedVertical = a.x1 == a.x2
                        && b.x1 == b.x2
                        && a.x1 == b.x1
                        && Math.min(a.y1, a.y2) < Math.max(b.y1, b.y2)
                        && Math.min(b.y1, b.y2) < Math.max(a.y1, a.y2);
                boolean sharedHorizontal = a.y1 == a.y2
                        && b.y1 == b.y2
                        && a.y1 == b.y1
                        && Math.min(a.x1, a.x2) < Math.max(b.x1, b.x2)
                        && Math.min(b.x1, b.x2) < Math.max(a.x1, a.x2);
                assertThat(sharedVertical || sharedHorizontal)
                        .as("arrows %s and %s share a segment", a.edge, b.edge)
                        .isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void oneBoxPerLayerOneArrowPerInput(Path file) throws Exception {
        Document d = svg(compile(file, null));
        List<Integer> froms = fromCounts(file);
        assertThat(withClass(d, "g", "layer")).hasSize(froms.size() + 1); // + the input image
        assertThat(withClass(d, "path", "edge"))
                .hasSize(froms.stream().mapToInt(Integer::intValue).sum());
        assertReadable(d);
    }

    @Test
    void largestStockModelsAreReadable() throws Exception {
        for (String[] m : new String[][] {{"yolov8-p6.yaml", "x"}, {"yolo11-seg.yaml", "x"}}) {
            Path file = TestPaths.examples().resolve(m[0]);
            Compilation c = compile(file, m[1]);
            assertThat(c.isSuccessful()).isTrue();
            Document d = svg(c);
            assertThat(withClass(d, "g", "layer")).hasSize(fromCounts(file).size() + 1);
            assertReadable(d);
        }
    }

    @Test
    void detectionOutputsCarryTheirStridesAndBot3ItsAttentionMemory() throws Exception {
        Path file = TestPaths.examples().resolve("yolov8-bot3.yaml");
        Document d = svg(compile(file, "n"));
        List<Element> outputs = withClass(d, "g", "output");
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).getAttribute("data-index")).isEqualTo("22");
        assertThat(outputs.get(0).getTextContent()).contains("Detect", "outputs at stride 8, 16, 32");
        List<String> labels = new ArrayList<>();
        withClass(d, "text", "edge-label").forEach(e -> labels.add(e.getTextContent()));
        assertThat(labels).containsExactlyInAnyOrder("stride 8", "stride 16", "stride 32");
        assertThat(withClass(d, "path", "detection-input"))
                .extracting(e -> e.getAttribute("data-from"))
                .containsExactlyInAnyOrder("15", "18", "21");
        // BoT3 at 20x20 (stride 32 of 640): 4 heads x 400^2 float32 logits = 2,560,000 bytes = 2.4 MiB
        List<Element> attention = withClass(d, "g", "attention");
        assertThat(attention).extracting(e -> e.getAttribute("data-index")).containsExactly("8");
        assertThat(attention.get(0).getTextContent()).contains("BoT3", "256x20x20", "attention 2.4 MiB per image");
        assertThat(withClass(d, "g", "section"))
                .extracting(e -> e.getAttribute("data-section"))
                .containsExactly("backbone", "head");
    }

    @Test
    void brokenModelIsDrawnWithTheOffendingLayersMarked() throws Exception {
        Path file = TestPaths.examples().resolve("invalid/wrong-type-arg.yaml");
        Compilation c = compile(file, null);
        assertThat(c.isSuccessful()).isFalse();
        Document d = svg(c);
        List<Element> errors = withClass(d, "g", "error");
        assertThat(errors).extracting(e -> e.getAttribute("data-index")).containsExactly("1", "2");
        assertThat(errors.get(0).getTextContent()).contains("E0403", "must be int", "float 2.5");
        assertThat(errors.get(1).getTextContent()).contains("E0403", "bool, got 'yes'");
        // the other rows are still there, with their arrows; layer 0 before the error keeps its shape
        assertThat(withClass(d, "g", "layer")).hasSize(24);
        assertThat(withClass(d, "path", "edge"))
                .hasSize(fromCounts(file).stream().mapToInt(Integer::intValue).sum());
        Element layer0 = withClass(d, "g", "layer").stream()
                .filter(e -> e.getAttribute("data-index").equals("0"))
                .findFirst()
                .orElseThrow();
        assertThat(layer0.getTextContent()).contains("16x320x320");
        assertReadable(d);
    }

    @Test
    void outputIsDeterministic() {
        Path file = TestPaths.examples().resolve("yolo11-seg.yaml");
        GraphModel a = GraphModel.from(compile(file, "x")).orElseThrow();
        GraphModel b = GraphModel.from(compile(file, "x")).orElseThrow();
        assertThat(SvgRenderer.render(GraphLayout.of(a))).isEqualTo(SvgRenderer.render(GraphLayout.of(b)));
        assertThat(DotRenderer.render(a)).isEqualTo(DotRenderer.render(b));
    }

    @Test
    void dotAndMermaidHaveEveryLayerAndEdge() throws IOException {
        Path file = TestPaths.examples().resolve("yolov8-bot3.yaml");
        GraphModel g = GraphModel.from(compile(file, "n")).orElseThrow();
        int edges = fromCounts(file).stream().mapToInt(Integer::intValue).sum();
        String dot = DotRenderer.render(g);
        assertThat(dot)
                .startsWith("digraph yamlnet {")
                .contains(
                        "subgraph cluster_backbone",
                        "subgraph cluster_head",
                        "L8 [label=\"8  BoT3\\n256x20x20",
                        "L15 -> L22 [label=\"stride 8\"");
        assertThat(dot.lines().filter(l -> l.contains(" -> "))).hasSize(edges);
        String mermaid = MermaidRenderer.render(g);
        assertThat(mermaid)
                .contains(
                        "flowchart TB",
                        "subgraph backbone",
                        "subgraph head",
                        "class L8 attention",
                        "class L22 output",
                        "L21 -- \"stride 32\" --> L22");
        assertThat(mermaid.lines().filter(l -> l.contains("-->"))).hasSize(edges);
    }

    @Test
    void aMegabyteMessageWrapsIntoAFewLinesInLinearTime() {
        String message = "word ".repeat(200_000) + "x".repeat(50_000);
        long t0 = System.nanoTime();
        List<String> lines = GraphModel.wrap(message, 46);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(lines).hasSize(GraphModel.MAX_ERROR_LINES);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(46));
        assertThat(lines.get(lines.size() - 1)).endsWith("...");
        assertThat(GraphModel.wrap("x".repeat(1_000_000), 46).get(0)).isEqualTo("x".repeat(46));
        assertThat(millis).as("generous bound for a busy machine").isLessThan(10_000);
    }

    @Test
    void aModelWithAHugeWrongArgumentGivesASmallPicture() throws Exception {
        // a 200 kB string argument on one line, and a module name as long: each error box stays a few lines
        String text = "nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, '" + "a".repeat(200_000) + "']]\n"
                + "head:\n  - [-1, 1, " + "Z".repeat(200_000) + ", [nc]]\n";
        Compilation c = Compiler.compile(
                new dev.yamlnet.compiler.source.SourceFile("huge.yaml", text), CompileOptions.defaults("huge.yaml"));
        String svg = SvgRenderer.render(GraphLayout.of(GraphModel.from(c).orElseThrow()));
        assertThat(svg.length()).isLessThan(50_000);
        Document d = svg(c);
        assertThat(withClass(d, "g", "error")).isNotEmpty();
        assertReadable(d);
    }
}
