package dev.yamlnet.compiler.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.diag.JsonDiagnosticPrinter;
import dev.yamlnet.compiler.diag.Note;
import dev.yamlnet.compiler.diag.Severity;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code examples/yaml/invalid} is a model with known mistakes; each declares, in
 * comments, exactly which diagnostics yamlnet must report and where (see {@link Expectations}).
 * The corpus is how the front end, resolver and checker are kept honest about positions, about not
 * cascading, and about never throwing on hostile input.
 */
class InvalidExamplesTest {
    /**
     * Error codes no file in the corpus can trigger through the compiler: E0001 (unreadable file, tested
     * below) and the back ends' E09xx, reported after a valid compile (tested with yamlnet generate and run).
     */
    private static final Set<DiagCode> NOT_FROM_A_FILE =
            EnumSet.of(DiagCode.E0001, DiagCode.E0010, DiagCode.E0901, DiagCode.E0902, DiagCode.E0903, DiagCode.E0904);

    static Path corpus() {
        return TestPaths.examples().resolve("invalid");
    }

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(corpus())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reportsExactlyTheDeclaredDiagnostics(Path file) throws IOException {
        Expectations expected = Expectations.parse(text(file));
        assertDeclaresSomething(file, expected);

        CompileOptions options = CompileOptions.defaults(file.getFileName().toString());
        if (expected.imgsz().isPresent()) {
            options = options.withImgsz(expected.imgsz().get());
        }
        if (expected.scale().isPresent()) {
            options = options.withScale(expected.scale().get());
        }
        Compilation result = Compiler.compile(file, options);

        String rendered = new DiagnosticPrinter(result.source()).render(result.diagnostics());
        String json = JsonDiagnosticPrinter.render(result.source(), result.diagnostics());
        assertFalse(result.errors().isEmpty(), file + " compiled without errors:\n" + rendered);
        assertTrue(result.model().isEmpty(), file + ": a model with errors must not be assembled");
        assertTrue(
                rendered.chars()
                        .noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0),
                file + ": control characters reach the terminal:\n" + rendered);
        for (Diagnostic d : result.diagnostics()) {
            assertTrue(rendered.contains("[" + d.code().name() + "]: "), "rendering lost " + d);
            assertTrue(json.contains(d.code().name()), "JSON lost " + d);
            assertSpanInFile(file, result.source(), d.span(), d);
            for (Note n : d.notes()) {
                assertSpanInFile(file, result.source(), n.span(), d);
            }
        }

        List<Diagnostic> compared = result.diagnostics().stream()
                .filter(d -> expected.checksWarnings() || d.severity() == Severity.ERROR)
                .collect(Collectors.toCollection(ArrayList::new));
        List<Expectations.Expected> missing = new ArrayList<>();
        // positioned expectations first, so that a column-less one cannot take another's match
        List<Expectations.Expected> ordered = new ArrayList<>(expected.diagnostics());
        ordered.sort((a, b) -> Boolean.compare(a.column() == null, b.column() == null));
        for (Expectations.Expected e : ordered) {
            Diagnostic hit =
                    compared.stream().filter(d -> matches(e, d)).findFirst().orElse(null);
            if (hit == null) {
                missing.add(e);
            } else {
                compared.remove(hit);
            }
        }
        if (!missing.isEmpty() || !compared.isEmpty()) {
            fail(file.getFileName() + ": missing " + missing + ", unexpected "
                    + compared.stream().map(InvalidExamplesTest::describe).toList() + "\n" + rendered);
        }
    }

    /** The file as UTF-8; ISO-8859-1 (one char per byte) for the example that is not UTF-8. */
    static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean matches(Expectations.Expected e, Diagnostic d) {
        return d.code().name().equals(e.code())
                && d.span().line() == e.line()
                && (e.column() == null || d.span().column() == e.column());
    }

    private static String describe(Diagnostic d) {
        Span s = d.span();
        return d.code() + " at " + (s.isKnown() ? s.line() + ":" + s.column() : "file level");
    }

    private static void assertDeclaresSomething(Path file, Expectations expected) {
        if (expected.isEmpty()) {
            fail(file.getFileName() + " declares no expected diagnostics; add '# expect: E....' to the offending line"
                    + " or '# expect-file: E....' for a diagnostic without a position");
        }
    }

    /** A position must exist in the file so that editors can jump to it; line 0 is file-level. */
    private static void assertSpanInFile(Path file, SourceFile source, Span s, Diagnostic d) {
        if (!s.isKnown()) {
            assertEquals(Span.NONE, s, file + ": half-known span in " + d);
            return;
        }
        String where = file.getFileName() + ": " + describe(d) + " span " + s;
        assertTrue(s.line() <= source.lineCount(), where + " is past the last line " + source.lineCount());
        assertTrue(
                s.column() >= 1 && s.column() <= source.line(s.line()).length() + 1,
                where + " is past the end of its line");
        assertTrue(s.endLine() >= s.line() && s.endLine() <= source.lineCount() + 1, where + " ends outside the file");
        if (s.isSingleLine()) {
            assertTrue(s.endColumn() >= s.column(), where + " ends before it starts");
        }
    }

    @Test
    void aFileWithoutExpectationsFailsTheSuite() {
        Expectations none =
                Expectations.parse("# a model with a mistake nobody declared\nnc: 80\nbackbone: []\nhead: []\n");
        assertTrue(none.isEmpty());
        assertThrows(AssertionError.class, () -> assertDeclaresSomething(Path.of("undeclared.yaml"), none));
    }

    @Test
    void expectationsAreReadFromComments() {
        Expectations e = Expectations.parse("# imgsz: 650\n# scale: s\n# expect-file: E0505\n"
                + "nc: 80\n  - [[-1, 4], 1, Concat, [1]]  # 13 expect: E0502 @18 W0301\n");
        assertEquals(
                List.of(
                        new Expectations.Expected("E0505", 0, null),
                        new Expectations.Expected("E0502", 5, 18),
                        new Expectations.Expected("W0301", 5, null)),
                e.diagnostics());
        assertEquals(650, e.imgsz().orElseThrow());
        assertEquals("s", e.scale().orElseThrow());
        assertTrue(e.checksWarnings());
        assertThrows(IllegalArgumentException.class, () -> Expectations.parse("nc: 80  # expect: E05O2\n"));
        assertThrows(IllegalArgumentException.class, () -> Expectations.parse("nc: 80  # expect:\n"));
    }

    @Test
    void theCorpusCoversEveryErrorCodeAFileCanTrigger() throws IOException {
        Set<String> declared = new TreeSet<>();
        List<Path> all = files().toList();
        for (Path f : all) {
            Expectations.parse(text(f)).diagnostics().forEach(e -> declared.add(e.code()));
        }
        assertTrue(all.size() >= 45, "the corpus has only " + all.size() + " files");
        Set<String> uncovered = new TreeSet<>();
        for (DiagCode c : DiagCode.values()) {
            if (c.severity() == Severity.ERROR && !NOT_FROM_A_FILE.contains(c) && !declared.contains(c.name())) {
                uncovered.add(c.name());
            }
        }
        assertEquals(Set.of(), uncovered, "error codes without an example in " + corpus());
    }

    @Test
    void aMissingFileIsE0001WithoutAPosition(@TempDir Path dir) {
        Compilation missing =
                Compiler.compile(dir.resolve("yolov8n-nothing.yaml"), CompileOptions.defaults("yolov8n-nothing.yaml"));
        assertEquals(
                List.of(DiagCode.E0001),
                missing.diagnostics().stream().map(Diagnostic::code).toList());
        assertEquals(Span.NONE, missing.diagnostics().get(0).span());
        assertTrue(missing.model().isEmpty());

        Compilation directory =
                Compiler.compile(dir, CompileOptions.defaults(dir.getFileName().toString()));
        assertEquals(
                List.of(DiagCode.E0001),
                directory.diagnostics().stream().map(Diagnostic::code).toList());
        String text = new DiagnosticPrinter(directory.source()).render(directory.diagnostics());
        assertTrue(text.contains("error[E0001]"), text);
        assertTrue(text.contains("hint: this is a directory"), text);
    }
}
