package dev.yamlnet.compiler.diag;

import dev.yamlnet.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a model file: a code, a message, the primary span with an optional label
 * printed under the caret, notes at related places, and hints saying how to fix it.
 */
public record Diagnostic(DiagCode code, String message, Span span, String label, List<Note> notes, List<String> hints) {

    /**
     * The longest message, label, note or hint kept, in characters. Messages quote the file (a
     * module name, an argument), and a hostile file can make those megabytes long; longer texts keep
     * their start and end with the middle left out, so every diagnostic stays a few kilobytes.
     */
    public static final int MAX_TEXT = 1_000;

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(span, "span");
        message = shorten(message);
        label = label == null ? "" : shorten(label);
        notes = notes.stream()
                .map(n -> n.message().length() > MAX_TEXT ? new Note(shorten(n.message()), n.span()) : n)
                .toList();
        hints = hints.stream().map(Diagnostic::shorten).toList();
    }

    /** {@code text} when it has at most {@link #MAX_TEXT} characters, else its start and end around a count of what is left out. */
    static String shorten(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int head = MAX_TEXT * 3 / 4;
        int tail = MAX_TEXT / 5;
        // never cut a surrogate pair in two
        if (Character.isHighSurrogate(text.charAt(head - 1))) {
            head--;
        }
        int from = text.length() - tail;
        if (Character.isLowSurrogate(text.charAt(from))) {
            from++;
        }
        return text.substring(0, head) + " [... " + String.format(java.util.Locale.ROOT, "%,d", from - head)
                + " characters left out ...] " + text.substring(from);
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
