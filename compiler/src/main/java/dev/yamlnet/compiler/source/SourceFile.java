package dev.yamlnet.compiler.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model file's display name and decoded text. The name is what diagnostics print (the path as the
 * user gave it), the text is what the YAML front end parses.
 *
 * <p>A model that comes from a checkpoint has no text file: {@link #embedded} makes a source of one
 * rendered line per row (or top-level value), each with the key path it stands for
 * ({@code model.yaml.backbone[3]}); diagnostics then name that path instead of a line number.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final List<String> lines;
    /** The key path of each line of an embedded source; null for a text file. */
    private final List<String> keyPaths;
    /** Lines holding a character outside the Basic Multilingual Plane, where columns and Java indices differ. */
    private final java.util.BitSet wideLines = new java.util.BitSet();

    public SourceFile(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        this.lines = splitLines(text);
        this.keyPaths = null;
        markWideLines();
    }

    private SourceFile(String name, List<String> lines, List<String> keyPaths) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = String.join("\n", lines);
        this.lines = List.copyOf(lines);
        this.keyPaths = List.copyOf(keyPaths);
        markWideLines();
        if (lines.size() != keyPaths.size()) {
            throw new IllegalArgumentException(lines.size() + " lines but " + keyPaths.size() + " key paths");
        }
    }

    /**
     * A source without a file: {@code lines} (1-based line {@code n} is {@code lines.get(n - 1)}) are
     * what excerpts show, {@code keyPaths} what locations name.
     */
    public static SourceFile embedded(String name, List<String> lines, List<String> keyPaths) {
        return new SourceFile(name, lines, keyPaths);
    }

    /** Whether this source is rendered from data (a checkpoint's model YAML) rather than read from a file. */
    public boolean isEmbedded() {
        return keyPaths != null;
    }

    /** The key path of line {@code n} of an embedded source ({@code model.yaml.head[2]}); empty for a text file. */
    public java.util.Optional<String> keyPath(int n) {
        return keyPaths != null && n >= 1 && n <= keyPaths.size()
                ? java.util.Optional.of(keyPaths.get(n - 1))
                : java.util.Optional.empty();
    }

    /**
     * The index in line {@code n} of a 1-based column, as {@link #offset(String, int)}, in constant
     * time on lines without characters outside the Basic Multilingual Plane (so that many
     * diagnostics on one long line cost time linear in what is printed).
     */
    public int offset(int n, int column) {
        String l = line(n);
        if (n >= 1 && n <= lines.size() && !wideLines.get(n - 1)) {
            return Math.min(Math.max(column - 1, 0), l.length());
        }
        return offset(l, column);
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
        int from = offset(l, span.column());
        int to = Math.max(offset(l, span.endColumn()), from);
        return l.substring(from, to);
    }

    /**
     * The index in {@code lineText} of a 1-based column. Columns count code points, as SnakeYAML's
     * marks do, so a character outside the Basic Multilingual Plane (an emoji) is one column but
     * two Java chars. Columns past the end give the line's length.
     */
    public static int offset(String lineText, int column) {
        int codePoints = Math.max(column - 1, 0);
        int index = 0;
        for (int k = 0; k < codePoints && index < lineText.length(); k++) {
            index += Character.charCount(lineText.codePointAt(index));
        }
        return Math.min(index, lineText.length());
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // YAML 1.1 line breaks, as SnakeYAML counts them for its marks (NEL, LS and PS included)
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
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
    /** Marks the lines holding a character outside the Basic Multilingual Plane. */
    private void markWideLines() {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            for (int k = 0; k < l.length(); k++) {
                if (Character.isSurrogate(l.charAt(k))) {
                    wideLines.set(i);
                    break;
                }
            }
        }
    }
}
