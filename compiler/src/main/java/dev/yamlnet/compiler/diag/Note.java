package dev.yamlnet.compiler.diag;

import dev.yamlnet.compiler.source.Span;

/** A secondary message attached to a diagnostic, optionally pointing at a related location. */
public record Note(String message, Span span) {
    public static Note of(String message) {
        return new Note(message, Span.NONE);
    }
}
