package dev.yamlnet.compiler.backend.java;

import java.util.Locale;

/**
 * Text from the YAML made safe for the generated source: comments of printable ASCII without
 * comment delimiters, unicode escapes or HTML ({@link #safeComment}), and string literals of
 * printable ASCII on one line ({@link #javaString}). Nothing taken from a model reaches the source
 * any other way, except numbers the generator prints itself.
 */
final class JavaText {
    private JavaText() {}

    /** Text for comments: printable ASCII only, no comment terminators, no unicode escapes, no HTML. */
    static String safeComment(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 && c != '\\' && c != '<' && c != '>' && c != '&' && c != '@' ? c : '?');
        }
        return sb.toString().replace("*/", "*?").replace("/*", "?*");
    }

    /**
     * A string as a Java literal of printable ASCII only, on one line. JavaPoet's {@code $S} writes
     * non-ASCII characters as they are, and JavaPoet starts a new line at every Unicode line break in
     * the code it writes (U+2028 and U+0085 included), even inside a literal, which leaves the literal
     * unclosed (found by the hostile-YAML test). Here quotes, backslashes and control characters get the
     * escapes the lexer reads ({@code \n}, octal {@code \013}), and every character from U+0080 up a
     * unicode escape; those are decoded before lexing, which is safe because none of them decodes to a
     * quote, a backslash or a line terminator.
     */
    static String javaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format(Locale.ROOT, "\\%03o", (int) c));
                    } else if (c >= 0x80) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
