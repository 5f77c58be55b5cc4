package dev.yamlnet.compiler.flops;

import dev.yamlnet.compiler.check.ShapeChecker;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.resolve.ResolvedLayer;
import dev.yamlnet.compiler.resolve.ResolvedModel;
import dev.yamlnet.compiler.shape.Shape;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * GFLOPs as Ultralytics 8.4.117 reports them through thop 2.1.6, computed statically: each
 * "forward pass" thop would profile is a shape pass here, and each module adds the MACs thop's
 * rules give it. The choice of passes reproduces {@code get_flops}: full size for models with
 * Ultralytics' attention blocks, otherwise a stride-sized proxy (with a second sample and an
 * affine fit when the model holds a Linear or an adaptive pool), falling back to full size when a
 * sample fails, and to nothing (Ultralytics prints no GFLOPs) when that fails too.
 */
public final class FlopCounter {
    private final ResolvedModel model;
    private final ShapeChecker checker;

    public FlopCounter(ResolvedModel model, ShapeChecker checker) {
        this.model = model;
        this.checker = checker;
    }

    /** The result for one image size. */
    public record Result(OptionalDouble ultralytics, double yamlnet) {
        /** True when Ultralytics' counter fails and prints no GFLOPs. */
        public boolean ultralyticsFails() {
            return ultralytics.isEmpty();
        }
    }

    /**
     * @param strides the model's strides (heads' levels; [32] or [1] otherwise)
     */
    public Result gflops(int imgsz, List<Double> strides) {
        OptionalDouble thop = thopMacs(imgsz, strides);
        if (thop.isPresent()) {
            double g = thop.getAsDouble() * 2 / 1e9;
            return new Result(OptionalDouble.of(g), g);
        }
        // Ultralytics' counter fails; yamlnet still knows what the model costs at this size
        Optional<Long> estimate = macs(imgsz, imgsz, true);
        return new Result(OptionalDouble.empty(), estimate.map(m -> m * 2 / 1e9).orElse(0.0));
    }

    /**
     * GFLOPs with thop's torch-2 rule for {@code nn.MultiheadAttention} added to {@code result} (Ultralytics'
     * figure on torch 1.13), or empty when no layer holds one. Such models are counted at full size on
     * either torch, so the difference is exactly the attention layers' own cost.
     */
    public OptionalDouble gflopsTorch2(int imgsz, Result result) {
        boolean any = model.layers().stream()
                .anyMatch(l -> l.resolved() && l.instance().flopTraits().multiheadAttention());
        if (!any) {
            return OptionalDouble.empty();
        }
        Optional<List<Shape>> shapes = checker.probe(imgsz, imgsz, false);
        if (shapes.isEmpty()) {
            return OptionalDouble.empty();
        }
        Shape image = checker.image(imgsz, imgsz);
        long extra = 0;
        for (ResolvedLayer l : model.layers()) {
            List<Shape> in = ShapeChecker.inputsOf(l, shapes.get(), image);
            extra += l.instance().multiheadAttentionMacs(in, shapes.get().get(l.index()));
        }
        return OptionalDouble.of(result.yamlnet() + extra * 2 / 1e9);
    }

    private OptionalDouble thopMacs(int imgsz, List<Double> strides) {
        FlopTraits traits = FlopTraits.PLAIN;
        for (ResolvedLayer l : model.layers()) {
            if (l.resolved()) {
                traits = traits.or(l.instance().flopTraits());
            }
        }
        if (!traits.attention()) {
            double maxStride =
                    strides.stream().mapToDouble(Double::doubleValue).max().orElse(32);
            long s = Math.max((long) maxStride, 32);
            if (imgsz % s == 0 && s * s < (long) imgsz * imgsz && !traits.multiheadAttention()) {
                Optional<Long> ops1 = macs(s, s, false);
                if (ops1.isPresent()) {
                    if (!traits.linearOrAdaptivePool()) {
                        return OptionalDouble.of(ops1.get() * (double) imgsz * imgsz / (double) (s * s));
                    }
                    Optional<Long> ops2 = macs(s, 2 * s, false);
                    if (ops2.isPresent()) {
                        double a = ops1.get();
                        double b = ops2.get();
                        return OptionalDouble.of(
                                a + (b - a) * ((double) imgsz * imgsz - s * s) / (2.0 * s * s - s * s));
                    }
                }
            }
        }
        Optional<Long> full = macs(imgsz, imgsz, false);
        return full.isPresent() ? OptionalDouble.of(full.get()) : OptionalDouble.empty();
    }

    /** Total MACs of one pass at {@code h x w}, or empty when the pass fails. */
    public Optional<Long> macs(long h, long w, boolean estimating) {
        Optional<List<Shape>> shapes = checker.probe(h, w, estimating);
        if (shapes.isEmpty()) {
            return Optional.empty();
        }
        Shape image = checker.image(h, w);
        long total = 0;
        for (ResolvedLayer l : model.layers()) {
            List<Shape> in = ShapeChecker.inputsOf(l, shapes.get(), image);
            total += l.instance().macs(in, shapes.get().get(l.index()));
        }
        return Optional.of(total);
    }
}
