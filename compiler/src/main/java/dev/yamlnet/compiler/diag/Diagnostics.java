package dev.yamlnet.compiler.diag;

import dev.yamlnet.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The collector every pipeline stage reports to. Stages never print or throw for a user's
 * mistake: they add a diagnostic here and carry on, so that one run reports every problem.
 */
public final class Diagnostics {
    /**
     * The most diagnostics kept for one file. A hostile file can make every one of its values
     * wrong; beyond this many, diagnostics are only counted ({@link #hiddenErrors()},
     * {@link #hiddenWarnings()}) and the printers say how many were left out.
     */
    public static final int MAX_KEPT = 200;

    private final List<Diagnostic> all = new ArrayList<>();
    private final int limit;
    private int hiddenErrors;
    private int hiddenWarnings;

    public Diagnostics() {
        this(MAX_KEPT);
    }

    /** A collector keeping at most {@code limit} diagnostics. */
    public Diagnostics(int limit) {
        this.limit = limit;
    }

    /** Adds a finished diagnostic, or only counts it once {@link #MAX_KEPT} are kept. */
    public void add(Diagnostic d) {
        if (all.size() < limit) {
            all.add(d);
        } else if (d.isError()) {
            hiddenErrors++;
        } else {
            hiddenWarnings++;
        }
    }

    /** Errors reported after the limit: counted, not kept. */
    public int hiddenErrors() {
        return hiddenErrors;
    }

    /** Warnings reported after the limit: counted, not kept. */
    public int hiddenWarnings() {
        return hiddenWarnings;
    }

    /** Starts a diagnostic that is added when {@link Report#emit()} is called. */
    public Report report(DiagCode code, Span span, String message) {
        return new Report(Diagnostic.builder(code, span, message));
    }

    /** Shorthand for a diagnostic with just a message. */
    public void error(DiagCode code, Span span, String message) {
        add(Diagnostic.builder(code, span, message).build());
    }

    public boolean hasErrors() {
        return hiddenErrors > 0 || all.stream().anyMatch(Diagnostic::isError);
    }

    /** Errors reported, kept or not. */
    public int errorCount() {
        return (int) all.stream().filter(Diagnostic::isError).count() + hiddenErrors;
    }

    /** Diagnostics reported, kept or not. */
    public int size() {
        return all.size() + hiddenErrors + hiddenWarnings;
    }

    /** Every diagnostic, de-duplicated and ordered by position (file-level ones first). */
    public List<Diagnostic> sorted() {
        List<Diagnostic> unique = new ArrayList<>(new LinkedHashSet<>(all));
        unique.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line())
                .thenComparingInt(d -> d.span().column()));
        return List.copyOf(unique);
    }

    /** A diagnostic under construction that adds itself to this collector. */
    public final class Report {
        private final Diagnostic.Builder builder;

        private Report(Diagnostic.Builder builder) {
            this.builder = builder;
        }

        public Report label(String label) {
            builder.label(label);
            return this;
        }

        public Report note(String message, Span at) {
            builder.note(message, at);
            return this;
        }

        public Report note(String message) {
            builder.note(message);
            return this;
        }

        public Report hint(String hint) {
            builder.hint(hint);
            return this;
        }

        public void emit() {
            add(builder.build());
        }
    }
}
