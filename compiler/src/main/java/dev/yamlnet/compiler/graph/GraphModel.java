package dev.yamlnet.compiler.graph;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.PartialModel;
import dev.yamlnet.compiler.check.ShapeChecker;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.modules.AttentionMemory;
import dev.yamlnet.compiler.resolve.ResolvedLayer;
import dev.yamlnet.compiler.resolve.ResolvedModel;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a picture of a model shows, independent of the drawing format: one node per layer (index,
 * module, output shape, parameters, attention memory, diagnostics) plus the input image, and one
 * edge per {@code from} input. It is built from the compiler's partial model, so a model with
 * errors is drawn too: layers with an error carry its message, layers after them show an unknown
 * shape.
 *
 * @param title the file name and the scale and image size drawn
 * @param notes diagnostics that belong to no layer (file-level errors), as one-line texts
 */
public record GraphModel(String title, Node image, List<Node> layers, List<Edge> edges, List<String> notes) {

    /** The pseudo-index of the input image, as {@code from} resolution uses it. */
    public static final int IMAGE = -1;

    public GraphModel {
        layers = List.copyOf(layers);
        edges = List.copyOf(edges);
        notes = List.copyOf(notes);
    }

    /**
     * One box. {@code params} is -1 when unknown; {@code attention} is "" for layers without an
     * attention block; {@code strides} is non-empty for a detection head (its levels' strides).
     */
    public record Node(
            int index,
            String section,
            String module,
            int repeats,
            String shape,
            long params,
            String attention,
            boolean attentionBlock,
            List<Double> strides,
            List<String> errors,
            boolean unknown) {
        public Node {
            strides = List.copyOf(strides);
            errors = List.copyOf(errors);
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        public boolean isHead() {
            return !strides.isEmpty();
        }

        /** The text lines of the box, first line the title. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            if (index == IMAGE) {
                out.add("input image");
                out.add(shape);
                return out;
            }
            out.add(index + "  " + module + (repeats > 1 ? " x" + repeats : ""));
            out.add(shape);
            out.add(params < 0 ? "params ?" : "params " + String.format(Locale.ROOT, "%,d", params));
            if (!attention.isEmpty()) {
                out.add("attention " + attention);
            }
            if (!strides.isEmpty()) {
                out.add("outputs at stride "
                        + String.join(
                                ", ",
                                strides.stream().map(GraphModel::strideText).toList()));
            }
            for (String e : errors) {
                out.addAll(wrap(e, 46));
            }
            return out;
        }
    }

    /** One input edge: layer (or {@link #IMAGE}) {@code from} feeds layer {@code to}; label e.g. a stride. */
    public record Edge(int from, int to, String label) {}

    /** Builds the graph from whatever the compiler produced; empty when nothing was resolved. */
    public static Optional<GraphModel> from(Compilation c) {
        if (c.partial().isEmpty()) {
            return Optional.empty();
        }
        PartialModel p = c.partial().get();
        ResolvedModel m = p.resolved();
        List<Shape> shapes = p.shapes();
        Shape.FeatureMap image = new Shape.FeatureMap(m.channels(), p.imgsz(), p.imgsz(), 1.0);
        List<Diagnostic> errors = c.errors();
        List<Boolean> placed = new ArrayList<>();
        errors.forEach(e -> placed.add(false));
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (ResolvedLayer l : m.layers()) {
            Shape out = shapes.get(l.index());
            List<String> mine = new ArrayList<>();
            Span span = l.syntax().span();
            for (int k = 0; k < errors.size(); k++) {
                Span s = errors.get(k).span();
                if (!placed.get(k) && s.isKnown() && s.line() >= span.line() && s.line() <= span.endLine()) {
                    mine.add(errors.get(k).code() + ": " + errors.get(k).message());
                    placed.set(k, true);
                }
            }
            String module = l.syntax().moduleName().isEmpty() ? "?" : l.syntax().moduleName();
            module = module.length() > 40 ? module.substring(0, 37) + "..." : module; // a box is 46 characters wide
            long params = l.resolved() ? l.instance().params() : -1;
            String attention = "";
            boolean attentionBlock = false;
            List<Double> strides = List.of();
            if (l.resolved()) {
                attentionBlock = l.instance().flopTraits().attention()
                        || l.instance().flopTraits().multiheadAttention();
                boolean inputsKnown =
                        l.inputs().stream().allMatch(i -> i < 0 || !(shapes.get(i) instanceof Shape.Unknown));
                if (inputsKnown) {
                    List<Shape> in = ShapeChecker.inputsOf(l, shapes, image);
                    if (!(out instanceof Shape.Unknown)) {
                        Optional<AttentionMemory> memory =
                                l.instance().facts(in, out).attentionMemory();
                        if (memory.isPresent()) {
                            attentionBlock = true;
                            attention = memory.get().perImage();
                        }
                    }
                    strides = l.instance().strides(in).orElse(List.of());
                }
            }
            nodes.add(new Node(
                    l.index(),
                    l.syntax().section(),
                    module,
                    l.repeats(),
                    describe(out),
                    params,
                    attention,
                    attentionBlock,
                    strides,
                    mine,
                    out instanceof Shape.Unknown));
            for (int k = 0; k < l.inputs().size(); k++) {
                int from = l.inputs().get(k);
                String label = strides.size() == l.inputs().size() ? "stride " + strideText(strides.get(k)) : "";
                edges.add(new Edge(from, l.index(), label));
            }
        }
        List<String> notes = new ArrayList<>();
        for (int k = 0; k < errors.size(); k++) {
            if (!placed.get(k)) {
                notes.add(errors.get(k).code() + ": " + errors.get(k).message());
            }
        }
        Node img = new Node(
                IMAGE,
                "input",
                "image",
                1,
                image.channels() + "x" + image.height() + "x" + image.width(),
                0,
                "",
                false,
                List.of(),
                List.of(),
                false);
        String name = ModelFile.fileName(c.source().name());
        int errorCount = c.errorCount();
        String title = name + (m.scale().isEmpty() ? "" : "  scale " + m.scale()) + "  imgsz " + p.imgsz()
                + (errorCount == 0 ? "" : "  (" + errorCount + " error" + (errorCount == 1 ? "" : "s") + ")");
        return Optional.of(new GraphModel(title, img, nodes, edges, notes));
    }

    /** The layer with this index, or the image for {@link #IMAGE}. */
    public Node node(int index) {
        return index == IMAGE ? image : layers.get(index);
    }

    static String strideText(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    private static String describe(Shape s) {
        if (s instanceof Shape.Unknown) {
            return "shape ?";
        }
        String d = Shape.describe(s);
        return d.length() > 40 ? d.substring(0, 37) + "..." : d;
    }

    /** The most lines one error message takes in a box; the rest of a longer message is left out. */
    static final int MAX_ERROR_LINES = 8;

    /**
     * Splits a message into lines of at most {@code width} characters, at spaces where possible, and
     * at most {@link #MAX_ERROR_LINES} of them (the last ending in "..." when text is left out). It
     * walks the text once, so its cost is linear in what it returns, whatever the message's length.
     */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        int start = skipSpaces(text, 0);
        int end = trimEnd(text, text.length());
        while (start < end && out.size() < MAX_ERROR_LINES) {
            if (end - start <= width) {
                out.add(text.substring(start, end));
                return out;
            }
            int cut = text.lastIndexOf(' ', start + width);
            if (cut - start < width / 2) {
                cut = start + width;
            }
            out.add(text.substring(start, trimEnd(text, cut)));
            start = skipSpaces(text, cut);
        }
        if (start < end) {
            String last = out.get(out.size() - 1);
            out.set(out.size() - 1, (last.length() > width - 3 ? last.substring(0, width - 3) : last) + "...");
        }
        return out;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String text, int end) {
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
