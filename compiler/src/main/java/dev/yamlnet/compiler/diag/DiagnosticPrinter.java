package dev.yamlnet.compiler.diag;

import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import java.util.List;

/**
 * Renders diagnostics the way compilers do, so that terminals and IDEs make the first line
 * clickable:
 *
 * <pre>
 * model.yaml:27:6: error[E0502]: Concat inputs have different spatial sizes
 *    |
 * 27 |   - [[-1, 4], 1, Concat, [1]]
 *    |      ^^^^^^^ input 0 (layer 12) is 40x40, input 1 (layer 4) is 80x80
 * hint: insert [-1, 1, nn.Upsample, [None, 2, "nearest"]] before this row
 * </pre>
 *
 * For a model embedded in a checkpoint the location is the key path and the excerpt has no line
 * number: {@code best.pt:model.yaml.backbone[3]: error[E0201]: ...}.
 */
public final class DiagnosticPrinter {
    /** Source lines longer than this many characters are shown as a window around the span. */
    static final int MAX_EXCERPT = 200;
    /** Characters shown on each side of the span in such a window. */
    static final int CONTEXT = 60;

    private static final String ELLIPSIS = "...";

    private final SourceFile source;

    public DiagnosticPrinter(SourceFile source) {
        this.source = source;
    }

    /** All diagnostics, each followed by a blank line, then nothing else. */
    public String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d)).append('\n');
        }
        return out.toString();
    }

    public String render(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(location(d.span()))
                .append(": ")
                .append(d.severity().label())
                .append('[')
                .append(d.code().name())
                .append("]: ")
                .append(sanitize(d.message()))
                .append('\n');
        Span span = d.span();
        if (span.isKnown() && span.line() <= source.lineCount()) {
            String number = source.isEmbedded() ? "" : Integer.toString(span.line());
            String gutter = " ".repeat(number.length());
            String line = source.line(span.line());
            int start = source.offset(span.line(), span.column());
            int end = span.isSingleLine()
                    ? Math.max(source.offset(span.line(), span.endColumn()), start + 1)
                    : Math.max(line.length(), start + 1);
            // a long line (a flow-style file on one line) is shown as a window around the span, so
            // that each diagnostic costs the same whatever the line's length
            int from = 0;
            int to = line.length();
            if (line.length() > MAX_EXCERPT) {
                int shownEnd = Math.max(Math.min(end, start + MAX_EXCERPT - 2 * CONTEXT), start + 1);
                from = Math.max(0, start - CONTEXT);
                to = Math.min(line.length(), shownEnd + CONTEXT);
                from = from > 0 && Character.isLowSurrogate(line.charAt(from)) ? from - 1 : from;
                to = to < line.length() && Character.isLowSurrogate(line.charAt(to)) ? to + 1 : to;
            }
            String before = from > 0 ? ELLIPSIS : "";
            String text = before + line.substring(from, to) + (to < line.length() ? ELLIPSIS : "");
            start = start - from + before.length();
            end = Math.min(end - from, to - from) + before.length();
            end = Math.max(end, start + 1);
            out.append(gutter).append(" |\n");
            out.append(number).append(" | ").append(sanitize(text)).append('\n');
            StringBuilder marker = new StringBuilder();
            for (int i = 0; i < start; i++) {
                marker.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
            }
            marker.append("^".repeat(end - start));
            if (!d.label().isEmpty()) {
                marker.append(' ').append(sanitize(d.label()));
            }
            out.append(gutter).append(" | ").append(marker).append('\n');
        } else if (!d.label().isEmpty()) {
            out.append("  = ").append(sanitize(d.label())).append('\n');
        }
        for (Note note : d.notes()) {
            out.append("note: ").append(sanitize(note.message())).append('\n');
            if (note.span().isKnown()) {
                out.append("  --> ").append(location(note.span())).append('\n');
            }
        }
        for (String hint : d.hints()) {
            out.append("hint: ")
                    .append(sanitizeLines(hint).replace("\n", "\n      "))
                    .append('\n');
        }
        return out.toString();
    }

    private String location(Span span) {
        if (span.isKnown() && source.isEmbedded()) {
            return source.name() + source.keyPath(span.line()).map(p -> ":" + p).orElse("");
        }
        return span.isKnown() ? source.name() + ":" + span.line() + ":" + span.column() : source.name();
    }

    private static String sanitizeLines(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            b.append(b.length() > 0 ? "\n" : "").append(sanitize(line));
        }
        return b.toString();
    }

    /**
     * Control characters in a hostile file must not reach the terminal as escape sequences: not in
     * the source excerpt, and not in messages that quote the file (a module named "\e[2J...").
     */
    private static String sanitize(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t' || (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0))) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }
}
