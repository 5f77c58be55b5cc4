package dev.yamlnet.compiler.modules;

/** What a row's {@code from} field must be for a module. */
public enum InputArity {
    /** One layer index ({@code -1}, {@code 6}); a list is an error, as in Ultralytics. */
    ONE,
    /** A list of layer indices ({@code [-1, 6]}, {@code [15, 18, 21]}); a bare int is an error. */
    MANY,
    /** Either form; a list is concatenated on channels first (e.g. Classify). */
    ONE_OR_MANY
}
