package dev.yamlnet.compiler.source;

/**
 * A region of a source file, 1-based and inclusive of its start, exclusive of its end column,
 * as compilers print them. {@link #NONE} is used for problems that belong to the whole file.
 */
public record Span(int line, int column, int endLine, int endColumn) {
    public static final Span NONE = new Span(0, 0, 0, 0);

    /** A span covering {@code length} characters on one line. */
    public static Span of(int line, int column, int length) {
        return new Span(line, column, line, column + Math.max(length, 1));
    }

    /**
     * Converts SnakeYAML's 0-based marks. This is the only place where 0-based positions become
     * 1-based ones.
     */
    public static Span fromZeroBased(int startLine, int startColumn, int endLine, int endColumn) {
        return new Span(startLine + 1, startColumn + 1, endLine + 1, endColumn + 1);
    }

    public boolean isKnown() {
        return line > 0;
    }

    public boolean isSingleLine() {
        return line == endLine;
    }
}
