package dev.yamlnet.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                .label("here")
                .note("see also", new Span(1, 1, 1, 3))
                .hint("did you mean 'C2f'?")
                .build();
        assertEquals(
                "m.yaml:3:13: error[E0201]: unknown module 'C2F'\n"
                        + "  |\n"
                        + "3 |   - [-1, 1, C2F, [64]]\n"
                        + "  |             ^^^ here\n"
                        + "note: see also\n"
                        + "  --> m.yaml:1:1\n"
                        + "hint: did you mean 'C2f'?\n",
                new DiagnosticPrinter(src).render(d));
    }

    @Test
    void columnsCountCharactersNotJavaChars() {
        // the emoji is one column (code point) but two Java chars and two terminal cells
        SourceFile src = new SourceFile("m.yaml", "a: [\"\uD83D\uDE00\", x y]\n");
        Diagnostic d = Diagnostic.builder(DiagCode.E0405, new Span(1, 10, 1, 13), "bad")
                .build();
        String out = new DiagnosticPrinter(src).render(d);
        assertEquals("  | " + " ".repeat(10) + "^^^", out.split("\n")[3]); // 10 Java chars before x
        assertEquals("x y", src.textOf(new Span(1, 10, 1, 13)));
    }

    @Test
    void controlCharactersNeverReachTheTerminal() {
        SourceFile src = new SourceFile("m.yaml", "a: \"\u001b[2J\"\n");
        Diagnostic d = Diagnostic.builder(DiagCode.E0201, new Span(1, 4, 1, 10), "unknown module '\u001b[2J'")
                .label("\u001b[31m")
                .hint("x\u0007y")
                .build();
        String out = new DiagnosticPrinter(src).render(List.of(d));
        assertEquals(
                "m.yaml:1:4: error[E0201]: unknown module '?[2J'\n"
                        + "  |\n"
                        + "1 | a: \"?[2J\"\n"
                        + "  |    ^^^^^^ ?[31m\n"
                        + "hint: x?y\n\n",
                out);
    }

    @Test
    void aLongLineIsShownAsAWindowAroundTheSpan() {
        // a flow-style model on one line: 100,000 characters before the span, 100,000 after
        String line = "x".repeat(100_000) + "C2F" + "y".repeat(100_000);
        SourceFile src = new SourceFile("m.yaml", line + "\n");
        Diagnostic d = Diagnostic.builder(DiagCode.E0201, new Span(1, 100_001, 1, 100_004), "unknown module 'C2F'")
                .label("here")
                .build();
        String[] out = new DiagnosticPrinter(src).render(d).split("\n");
        assertEquals("m.yaml:1:100001: error[E0201]: unknown module 'C2F'", out[0]);
        assertEquals("1 | ..." + "x".repeat(60) + "C2F" + "y".repeat(60) + "...", out[2]);
        assertEquals("  | " + " ".repeat(63) + "^^^ here", out[3]);
    }

    @Test
    void aLongMessageKeepsItsStartAndEnd() {
        String name = "Z".repeat(200_000);
        Diagnostic d = Diagnostic.builder(DiagCode.E0201, Span.NONE, "unknown module '" + name + "'")
                .hint("h" + name)
                .build();
        assertEquals(
                "unknown module '" + "Z".repeat(734) + " [... 199,067 characters left out ...] " + "Z".repeat(199)
                        + "'",
                d.message());
        assertTrue(d.hints().get(0).length() < 1_100);
    }

    /**
     * Rendering costs time linear in what it prints: a thousand diagnostics on one 1 MB line print
     * about 300 kB (not a thousand copies of the line) and finish in well under a second; the bound
     * below is generous so that a busy machine does not make the test flaky.
     */
    @Test
    void renderingAThousandDiagnosticsOnAOneMegabyteLineIsLinear() {
        String line = "[1, ".repeat(250_000);
        SourceFile src = new SourceFile("m.yaml", line + "\n");
        StringBuilder all = new StringBuilder();
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            int col = 1 + i * 1_000;
            all.append(new DiagnosticPrinter(src)
                    .render(Diagnostic.builder(
                                    DiagCode.E0403,
                                    new Span(1, col, 1, col + 2),
                                    "argument " + line.substring(0, 2_000))
                            .label(line)
                            .hint(line)
                            .build()));
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(all.length() < 1_000 * 3_500, "printed " + all.length() + " characters");
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }
}
