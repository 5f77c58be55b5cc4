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
    private final List<Diagnostic> all = new ArrayList<>();

    /** Adds a finished diagnostic. */
    public void add(Diagnostic d) {
        all.add(d);
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
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) all.stream().filter(Diagnostic::isError).count();
    }

    public int size() {
        return all.size();
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
