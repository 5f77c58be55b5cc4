package dev.yamlnet.compiler.check;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.resolve.ResolvedLayer;
import dev.yamlnet.compiler.resolve.ResolvedModel;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes every layer's output (channels, height, width, stride) for an image size, statically:
 * no dummy forward pass and no engine. Module-specific rules live in the modules' instances; this
 * class wires inputs to outputs along the {@code from} graph, keeps poisoned layers from causing
 * follow-on errors, and checks what concerns the whole model (channel bookkeeping, the image size
 * against the largest stride, unused outputs).
 */
public final class ShapeChecker {
    /** No feature map may be larger than this per side (4x the largest accepted image size). */
    static final long MAX_SIDE = 65_536;

    private final ResolvedModel model;

    public ShapeChecker(ResolvedModel model) {
        this.model = model;
    }

    /** Shapes at {@code imgsz x imgsz}, reporting every problem to {@code diags}. */
    public List<Shape> check(int imgsz, Diagnostics diags) {
        Diagnostics pass = new Diagnostics();
        List<Shape> shapes = run(imgsz, imgsz, pass, false, false);
        double maxStride = maxStride(shapes);
        boolean sizeProblem = maxStride >= 1 && imgsz % Math.round(maxStride) != 0;
        for (Diagnostic d : pass.sorted()) {
            // at an unsuitable image size, spatial mismatches are consequences of E0505 below
            if (sizeProblem
                    && (d.code() == DiagCode.E0502 || d.code() == DiagCode.E0504 || d.code() == DiagCode.E0506)) {
                continue;
            }
            diags.add(d);
        }
        // with rows the resolver rejected, the largest stride is not known: report the size once they are fixed
        if (sizeProblem && model.layers().stream().allMatch(ResolvedLayer::resolved)) {
            long s = Math.round(maxStride);
            long lower = imgsz / s * s;
            long upper = lower + s;
            diags.report(
                            DiagCode.E0505,
                            Span.NONE,
                            "image size " + imgsz + " is not a multiple of the model's largest stride " + s)
                    .hint("use a multiple of " + s + ", e.g. " + (lower > 0 ? lower + " or " : "") + upper)
                    .emit();
        }
        reportUnused(diags);
        return shapes;
    }

    /**
     * Shapes at {@code height x width} with problems collected silently; empty when any layer
     * fails (the GFLOPs counter treats that like a forward pass that raised).
     */
    public Optional<List<Shape>> probe(long height, long width) {
        return probe(height, width, false);
    }

    /** As {@link #probe(long, long)}; {@code estimating} lifts run-time-only constraints. */
    public Optional<List<Shape>> probe(long height, long width, boolean estimating) {
        Diagnostics silent = new Diagnostics();
        List<Shape> shapes = run(height, width, silent, true, estimating);
        if (silent.hasErrors() || shapes.stream().anyMatch(s -> s instanceof Shape.Unknown)) {
            return Optional.empty();
        }
        return Optional.of(shapes);
    }

    /** The inputs of a layer given all outputs so far. */
    public static List<Shape> inputsOf(ResolvedLayer layer, List<Shape> outputs, Shape image) {
        List<Shape> in = new ArrayList<>();
        for (int idx : layer.inputs()) {
            in.add(idx < 0 ? image : outputs.get(idx));
        }
        return in;
    }

    public Shape.FeatureMap image(long height, long width) {
        return new Shape.FeatureMap(model.channels(), height, width, 1.0);
    }

    private List<Shape> run(long height, long width, Diagnostics diags, boolean probing, boolean estimating) {
        Shape.FeatureMap image = image(height, width);
        List<Shape> outputs = new ArrayList<>();
        for (ResolvedLayer layer : model.layers()) {
            if (!layer.resolved()) {
                outputs.add(Shape.UNKNOWN);
                continue;
            }
            List<Shape> inputs = inputsOf(layer, outputs, image);
            if (inputs.stream().anyMatch(s -> s instanceof Shape.Unknown)) {
                outputs.add(Shape.UNKNOWN);
                continue;
            }
            Context ctx = new Context(layer, height, width, diags, probing, estimating);
            Shape out;
            int before = diags.errorCount();
            out = layer.instance().infer(inputs, ctx);
            if (diags.errorCount() > before) {
                out = Shape.UNKNOWN;
            } else if (!probing && !recordedChannelsAgree(layer, out, diags)) {
                out = Shape.UNKNOWN;
            } else if (out instanceof Shape.FeatureMap f && (f.height() > MAX_SIDE || f.width() > MAX_SIDE)) {
                diags.report(
                                DiagCode.E0507,
                                layer.syntax().module().span(),
                                "layer " + layer.index() + " would output a " + f.sizeText()
                                        + " map, beyond the limit of " + MAX_SIDE + " pixels per side")
                        .hint("check scale factors and sizes; YOLO maps shrink from the image size")
                        .emit();
                out = Shape.UNKNOWN;
            }
            outputs.add(out);
        }
        return outputs;
    }

    /**
     * Ultralytics builds every layer for the input channels its parser recorded ({@code ch}), not
     * for the real tensors. A module whose real output differs from what the parser records (one
     * that Ultralytics treats as keeping its input channels) makes every consumer's first forward
     * pass crash; report it at that layer when a later layer consumes it.
     */
    private boolean recordedChannelsAgree(ResolvedLayer layer, Shape out, Diagnostics diags) {
        if (!(out instanceof Shape.FeatureMap f)
                || layer.instance().recordedChannels().isEmpty()) {
            return true;
        }
        int recorded = layer.instance().recordedChannels().getAsInt();
        if (recorded == f.channels()) {
            return true;
        }
        ResolvedLayer consumer = null;
        for (ResolvedLayer later : model.layers()) {
            if (later.index() > layer.index() && later.inputs().contains(layer.index())) {
                consumer = later;
                break;
            }
        }
        if (consumer == null) {
            return true;
        }
        diags.report(
                        DiagCode.E0501,
                        layer.syntax().module().span(),
                        "layer " + layer.index() + " outputs " + f.channels() + " channels, but Ultralytics records "
                                + recorded + " for it")
                .label(layer.spec().name() + " does not declare its output channels to the parser")
                .note(
                        "layer " + consumer.index() + " is built for " + recorded + " input channels",
                        consumer.syntax().span())
                .hint("give " + layer.spec().name()
                        + " as many output channels as it has input channels, or use a module "
                        + "whose first argument is its output channel count")
                .emit();
        return false;
    }

    /** The largest stride any feature map has. */
    public static double maxStride(List<Shape> shapes) {
        double max = 0;
        for (Shape s : shapes) {
            if (s instanceof Shape.FeatureMap f) {
                max = Math.max(max, f.stride());
            }
        }
        return max;
    }

    private void reportUnused(Diagnostics diags) {
        List<ResolvedLayer> layers = model.layers();
        boolean[] used = new boolean[layers.size()];
        for (ResolvedLayer l : layers) {
            for (int idx : l.inputs()) {
                if (idx >= 0) {
                    used[idx] = true;
                }
            }
            if (!l.resolved() && l.index() > 0) {
                used[l.index() - 1] = true; // unknown wiring: do not guess
            }
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            if (!used[i] && layers.get(i).resolved()) {
                diags.report(
                                DiagCode.W0301,
                                layers.get(i).syntax().span(),
                                "the output of layer " + i + " is never used")
                        .hint("remove the layer, or take it as an input of a later row")
                        .emit();
            }
        }
    }

    private final class Context implements ShapeContext {
        private final ResolvedLayer layer;
        private final long height;
        private final long width;
        private final Diagnostics diags;
        private final boolean probing;
        private final boolean estimating;

        Context(ResolvedLayer layer, long height, long width, Diagnostics diags, boolean probing, boolean estimating) {
            this.layer = layer;
            this.height = height;
            this.width = width;
            this.diags = diags;
            this.probing = probing;
            this.estimating = estimating;
        }

        @Override
        public boolean estimating() {
            return estimating;
        }

        @Override
        public int layerIndex() {
            return layer.index();
        }

        @Override
        public List<Integer> inputLayers() {
            return layer.inputs();
        }

        @Override
        public long imageHeight() {
            return height;
        }

        @Override
        public long imageWidth() {
            return width;
        }

        @Override
        public Span rowSpan() {
            return layer.syntax().span();
        }

        @Override
        public Span moduleSpan() {
            return layer.syntax().module().span();
        }

        @Override
        public Span argSpan(String name) {
            int i = layer.spec().argumentIndex(name);
            List<Value> items = ((Value.Seq) layer.syntax().args()).items();
            return i < items.size()
                    ? items.get(i).span()
                    : layer.syntax().args().span();
        }

        @Override
        public Span fromSpan() {
            return layer.syntax().from().span();
        }

        @Override
        public Span layerSpan(int index) {
            return index >= 0 && index < model.layers().size()
                    ? model.layers().get(index).syntax().span()
                    : Span.NONE;
        }

        @Override
        public Diagnostics diagnostics() {
            return diags;
        }

        @Override
        public boolean probing() {
            return probing;
        }
    }
}
