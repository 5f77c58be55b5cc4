package dev.yamlnet.compiler.compare;

import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.value.PyRepr;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a comparison: a base row and the changed model's row it corresponds to, or a row only
 * one of them has.
 *
 * @param base the base model's row; null when {@link Status#INSERTED}
 * @param changed the changed model's row; null when {@link Status#REMOVED}
 * @param differences what differs between the two rows; empty unless {@link Status#CHANGED}
 */
public record RowDiff(Status status, LayerIr base, LayerIr changed, Set<Field> differences) {

    /** How the row relates the two models. */
    public enum Status {
        /** Both models have the row, identical in every field compared. */
        SAME,
        /** Both models have the row, with different fields. */
        CHANGED,
        /** Only the changed model has the row. */
        INSERTED,
        /** Only the base model has the row. */
        REMOVED;

        /** The JSON and documentation spelling: {@code same}, {@code changed}... */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The fields of a row that are compared, with their JSON spelling. */
    public enum Field {
        MODULE("module"),
        ARGS("args"),
        FROM("from"),
        REPEATS("repeats"),
        OUTPUT("output_shape"),
        PARAMS("params"),
        GFLOPS("gflops");

        private final String id;

        Field(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public RowDiff {
        differences = Collections.unmodifiableSet(
                differences.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(differences));
    }

    /** Compares two corresponding rows; {@code inputsCorrespond} is the alignment's verdict on their {@code from}. */
    static RowDiff paired(LayerIr base, LayerIr changed, boolean inputsCorrespond) {
        Set<Field> d = EnumSet.noneOf(Field.class);
        if (!base.module().equals(changed.module())) {
            d.add(Field.MODULE);
        }
        if (!PyRepr.list(base.args(), false).equals(PyRepr.list(changed.args(), false))) {
            d.add(Field.ARGS);
        }
        if (!inputsCorrespond) {
            d.add(Field.FROM);
        }
        if (base.repeats() != changed.repeats()) {
            d.add(Field.REPEATS);
        }
        if (!base.output().equals(changed.output())) {
            d.add(Field.OUTPUT);
        }
        if (base.params() != changed.params()) {
            d.add(Field.PARAMS);
        }
        if (macs(base) != macs(changed)) {
            d.add(Field.GFLOPS);
        }
        return new RowDiff(d.isEmpty() ? Status.SAME : Status.CHANGED, base, changed, d);
    }

    static RowDiff inserted(LayerIr changed) {
        return new RowDiff(Status.INSERTED, null, changed, Set.of());
    }

    static RowDiff removed(LayerIr base) {
        return new RowDiff(Status.REMOVED, base, null, Set.of());
    }

    /** The base row's parameters, 0 when inserted. */
    public long baseParams() {
        return base == null ? 0 : base.params();
    }

    /** The changed row's parameters, 0 when removed. */
    public long changedParams() {
        return changed == null ? 0 : changed.params();
    }

    /** Changed minus base parameters (an inserted row adds all of its own, a removed one takes its away). */
    public long paramsDelta() {
        return changedParams() - baseParams();
    }

    /** The base row's GFLOPs at the model's image size, 0 when inserted. */
    public double baseGflops() {
        return base == null ? 0 : gflops(base);
    }

    /** The changed row's GFLOPs at the model's image size, 0 when removed. */
    public double changedGflops() {
        return changed == null ? 0 : gflops(changed);
    }

    public double gflopsDelta() {
        return changedGflops() - baseGflops();
    }

    /** The side that describes the row: the changed one where it exists, else the base one. */
    public LayerIr either() {
        return changed != null ? changed : base;
    }

    /** Attention memory of the base row in bytes, when it has an attention block. */
    public Optional<Long> baseAttentionBytes() {
        return attentionBytes(base);
    }

    /** Attention memory of the changed row in bytes, when it has an attention block. */
    public Optional<Long> changedAttentionBytes() {
        return attentionBytes(changed);
    }

    /** What one layer's forward pass costs at the model's image size, by thop's rules (multiply-accumulates). */
    public static long macs(LayerIr l) {
        return l.instance().macs(l.inputShapes(), l.output());
    }

    /** {@link #macs} as GFLOPs, as Ultralytics counts them (two operations per multiply-accumulate). */
    public static double gflops(LayerIr l) {
        return macs(l) * 2 / 1e9;
    }

    /** The {@code attention_memory_bytes} a layer's module reports, if any. */
    public static Optional<Long> attentionBytes(LayerIr l) {
        if (l != null && l.extras().get("attention_memory_bytes") instanceof Number n) {
            return Optional.of(n.longValue());
        }
        return Optional.empty();
    }

    /** The readable {@code attention_memory} text a layer's module reports, if any. */
    public static Optional<String> attentionText(LayerIr l) {
        if (l != null && l.extras().get("attention_memory") instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }
}
