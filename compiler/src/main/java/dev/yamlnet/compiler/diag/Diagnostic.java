package dev.yamlnet.compiler.diag;

import dev.yamlnet.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a model file: a code, a message, the primary span with an optional label
 * printed under the caret, notes at related places, and hints saying how to fix it.
 */
public record Diagnostic(
        DiagCode code, String message, Span span, String label, List<Note> notes, List<String> hints) {

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(span, "span");
        label = label == null ? "" : label;
        notes = List.copyOf(notes);
        hints = List.copyOf(hints);
    }

    public Severity severity() {
        return code.severity();
    }

    public boolean isError() {
        return code.severity() == Severity.ERROR;
    }

    public static Builder builder(DiagCode code, Span span, String message) {
        return new Builder(code, span, message);
    }

    /** Builds a diagnostic step by step; {@link Diagnostics#report} is the usual way to finish. */
    public static final class Builder {
        private final DiagCode code;
        private final Span span;
        private final String message;
        private String label = "";
        private final List<Note> notes = new ArrayList<>();
        private final List<String> hints = new ArrayList<>();

        private Builder(DiagCode code, Span span, String message) {
            this.code = code;
            this.span = span == null ? Span.NONE : span;
            this.message = message;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder note(String message, Span at) {
            notes.add(new Note(message, at == null ? Span.NONE : at));
            return this;
        }

        public Builder note(String message) {
            return note(message, Span.NONE);
        }

        public Builder hint(String hint) {
            if (hint != null && !hint.isEmpty()) {
                hints.add(hint);
            }
            return this;
        }

        public Diagnostic build() {
            return new Diagnostic(code, message, span, label, notes, hints);
        }
    }
}
