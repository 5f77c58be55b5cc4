package dev.yamlnet.compiler.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model file's display name and decoded text. The name is what diagnostics print (the path as the
 * user gave it), the text is what the YAML front end parses.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final List<String> lines;

    public SourceFile(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        this.lines = splitLines(text);
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The 1-based line {@code n} without its line terminator, or "" outside the file. */
    public String line(int n) {
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }

    public int lineCount() {
        return lines.size();
    }

    /** The text a single-line span covers, or "" if it is not on one line. */
    public String textOf(Span span) {
        if (!span.isKnown() || !span.isSingleLine()) {
            return "";
        }
        String l = line(span.line());
        int from = Math.min(Math.max(span.column() - 1, 0), l.length());
        int to = Math.min(Math.max(span.endColumn() - 1, from), l.length());
        return l.substring(from, to);
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return name;
    }
}
