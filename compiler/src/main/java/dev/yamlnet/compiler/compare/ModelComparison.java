package dev.yamlnet.compiler.compare;

import dev.yamlnet.compiler.compare.RowDiff.Status;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Two compiled models side by side: their rows aligned ({@link LayerAlignment}), what differs in
 * each pair of rows, the totals of both and where their shapes first part. It needs only the two
 * {@link ModelIr}s, so models compiled from any source compare alike.
 *
 * @param rows every row of both models in order: the alignment's script
 */
public record ModelComparison(ModelIr base, ModelIr changed, List<RowDiff> rows) {

    public ModelComparison {
        rows = List.copyOf(rows);
    }

    /** Aligns and compares {@code changed} against {@code base}. */
    public static ModelComparison of(ModelIr base, ModelIr changed) {
        List<LayerIr> a = base.layers();
        List<LayerIr> b = changed.layers();
        List<LayerAlignment.Step> steps = LayerAlignment.align(a, b);
        int[] mapping = new int[a.size()];
        java.util.Arrays.fill(mapping, -1);
        for (LayerAlignment.Step s : steps) {
            if (s.paired()) {
                mapping[s.base()] = s.changed();
            }
        }
        List<RowDiff> rows = new ArrayList<>();
        for (LayerAlignment.Step s : steps) {
            if (!s.paired()) {
                rows.add(s.base() < 0 ? RowDiff.inserted(b.get(s.changed())) : RowDiff.removed(a.get(s.base())));
            } else {
                LayerIr x = a.get(s.base());
                LayerIr y = b.get(s.changed());
                rows.add(RowDiff.paired(x, y, LayerAlignment.inputsCorrespond(x, y, mapping)));
            }
        }
        return new ModelComparison(base, changed, rows);
    }

    /** How many rows have each status (every status present, zeros included). */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> out = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            out.put(s, 0);
        }
        rows.forEach(r -> out.merge(r.status(), 1, Integer::sum));
        return out;
    }

    /** Whether the two models have the same rows, field for field. */
    public boolean identical() {
        return rows.stream().allMatch(r -> r.status() == Status.SAME);
    }

    /** The rows that are not the same on both sides, in order. */
    public List<RowDiff> differences() {
        return rows.stream().filter(r -> r.status() != Status.SAME).toList();
    }

    /** Where the shapes part: the first pair of corresponding rows whose output shapes differ. */
    public Optional<RowDiff> firstShapeDivergence() {
        return rows.stream()
                .filter(r -> r.status() == Status.CHANGED && r.differences().contains(RowDiff.Field.OUTPUT))
                .findFirst();
    }

    /** One total of both models. */
    public record Total(String key, double base, double changed) {
        public double delta() {
            return changed - base;
        }

        /** {@code delta / base}; empty when the base is 0. */
        public OptionalDouble relative() {
            return base == 0 ? OptionalDouble.empty() : OptionalDouble.of(delta() / base);
        }
    }

    /**
     * The totals compared: {@code params}, {@code gradients}, {@code layers} (Ultralytics' leaf
     * count), {@code gflops} (at 640, Ultralytics' figure where it has one), {@code gflops_imgsz}, and
     * {@code rows} (rows of the YAML).
     */
    public List<Total> totals() {
        List<Total> out = new ArrayList<>();
        out.add(new Total("params", base.params(), changed.params()));
        out.add(new Total("gradients", base.gradients(), changed.gradients()));
        out.add(new Total("layers", base.layerCount(), changed.layerCount()));
        out.add(new Total("gflops", base.gflops(), changed.gflops()));
        out.add(new Total("gflops_imgsz", base.gflopsImgsz(), changed.gflopsImgsz()));
        out.add(new Total("rows", base.layers().size(), changed.layers().size()));
        return out;
    }

    /** The total with this key. */
    public Total total(String key) {
        return totals().stream()
                .filter(t -> t.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no total " + key));
    }
}
