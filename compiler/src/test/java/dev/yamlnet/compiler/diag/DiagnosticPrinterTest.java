package dev.yamlnet.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text format: a clickable first line, the source line, an underline under the span, notes and hints. */
class DiagnosticPrinterTest {
    @Test
    void underlinesTheSpanWithItsLabel() {
        SourceFile src = new SourceFile("m.yaml", "nc: 80\nbackbone:\n  - [-1, 1, C2F, [64]]\n");
        Diagnostic d = Diagnostic.builder(DiagCode.E0201, new Span(3, 13, 3, 16), "unknown module 'C2F'")
                .label("here").note("see also", new Span(1, 1, 1, 3)).hint("did you mean 'C2f'?").build();
        assertEquals("m.yaml:3:13: error[E0201]: unknown module 'C2F'\n"
                + "  |\n"
                + "3 |   - [-1, 1, C2F, [64]]\n"
                + "  |             ^^^ here\n"
                + "note: see also\n"
                + "  --> m.yaml:1:1\n"
                + "hint: did you mean 'C2f'?\n", new DiagnosticPrinter(src).render(d));
    }

    @Test
    void columnsCountCharactersNotJavaChars() {
        // the emoji is one column (code point) but two Java chars and two terminal cells
        SourceFile src = new SourceFile("m.yaml", "a: [\"\uD83D\uDE00\", x y]\n");
        Diagnostic d = Diagnostic.builder(DiagCode.E0405, new Span(1, 10, 1, 13), "bad").build();
        String out = new DiagnosticPrinter(src).render(d);
        assertEquals("  | " + " ".repeat(10) + "^^^", out.split("\n")[3]); // 10 Java chars before x
        assertEquals("x y", src.textOf(new Span(1, 10, 1, 13)));
    }

    @Test
    void controlCharactersNeverReachTheTerminal() {
        SourceFile src = new SourceFile("m.yaml", "a: \"\u001b[2J\"\n");
        Diagnostic d = Diagnostic.builder(DiagCode.E0201, new Span(1, 4, 1, 10), "unknown module '\u001b[2J'")
                .label("\u001b[31m").hint("x\u0007y").build();
        String out = new DiagnosticPrinter(src).render(List.of(d));
        assertEquals("m.yaml:1:4: error[E0201]: unknown module '?[2J'\n"
                + "  |\n"
                + "1 | a: \"?[2J\"\n"
                + "  |    ^^^^^^ ?[31m\n"
                + "hint: x?y\n\n", out);
    }
}
