package dev.yamlnet.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.DocBlocks;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/diagnostics.md} documents every code under its own heading, and nothing else; its
 * examples from {@code examples/yaml/invalid/} are what yamlnet prints for those files, and a code
 * it says has no example has none in that corpus.
 */
class DiagnosticsDocTest {
    private static final String CORPUS = "examples/yaml/invalid/";
    private static final Pattern IMGSZ = Pattern.compile("(?m)^\\s*#\\s*imgsz:\\s*(\\d+)\\s*$");
    private static final Pattern SCALE = Pattern.compile("(?m)^\\s*#\\s*scale:\\s*(\\S+)\\s*$");
    private static final Pattern EXPECTED = Pattern.compile("(?m)\\bexpect(?:-file)?:(.*)$");
    private static final Pattern CODE = Pattern.compile("\\b[EW]\\d{4}\\b");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+([EW]\\d{4})\\b.*$");

    private static Map<String, String> sections() throws IOException {
        String text = Files.readString(TestPaths.docs().resolve("diagnostics.md"));
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(text);
        String code = null;
        int start = 0;
        while (m.find()) {
            if (code != null) {
                out.put(code, text.substring(start, m.start()));
            }
            code = m.group(1);
            start = m.end();
        }
        if (code != null) {
            out.put(code, text.substring(start));
        }
        return out;
    }

    @Test
    void everyCodeHasAHeadingAndEveryHeadingACode() throws IOException {
        Set<String> documented = new TreeSet<>(sections().keySet());
        Set<String> codes = new TreeSet<>();
        for (DiagCode c : DiagCode.values()) {
            codes.add(c.name());
        }
        assertEquals(codes, documented);
    }

    @Test
    void everyCorpusExampleIsPrintedExactlyAsShown() throws IOException {
        Path root = TestPaths.docs().getParent();
        List<DocBlocks.Block> examples = DocBlocks.read(TestPaths.docs().resolve("diagnostics.md"), root).stream()
                .filter(b -> b.language().isEmpty() && b.text().startsWith(CORPUS))
                .toList();
        assertTrue(examples.size() >= 35, "only " + examples.size() + " examples from " + CORPUS);
        List<String> problems = new ArrayList<>();
        for (DocBlocks.Block b : examples) {
            String file = b.text().substring(0, b.text().indexOf(".yaml") + ".yaml".length());
            byte[] bytes = Files.readAllBytes(root.resolve(file));
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            CompileOptions options = CompileOptions.defaults(file);
            Matcher imgsz = IMGSZ.matcher(text);
            if (imgsz.find()) {
                options = options.withImgsz(Integer.parseInt(imgsz.group(1)));
            }
            Matcher scale = SCALE.matcher(text);
            if (scale.find()) {
                options = options.withScale(scale.group(1));
            }
            Compilation c = Compiler.compile(file, bytes, options);
            DiagnosticPrinter printer = new DiagnosticPrinter(c.source());
            List<String> printed = c.diagnostics().stream()
                    .map(d -> printer.render(d).stripTrailing())
                    .toList();
            // one diagnostic, or several in a row, as yamlnet separates them
            String all = "\n\n" + String.join("\n\n", printed) + "\n\n";
            if (!all.contains("\n\n" + b.text().stripTrailing() + "\n\n")) {
                problems.add(
                        b.where() + " is not what yamlnet prints for " + file + ":\n" + String.join("\n\n", printed));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aCodeWithoutAnExampleHasNoneInTheCorpus() throws IOException {
        Set<String> inCorpus = new TreeSet<>();
        try (Stream<Path> files = Files.list(TestPaths.examples().resolve("invalid"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = EXPECTED.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    Matcher code = CODE.matcher(m.group(1));
                    while (code.find()) {
                        inCorpus.add(code.group());
                    }
                }
            }
        }
        assertTrue(inCorpus.contains("E0504"), "the corpus's BoT3 examples");
        sections().forEach((code, section) -> {
            if (section.contains("No example")) {
                assertFalse(inCorpus.contains(code), code + " says 'No example' but examples/yaml/invalid has one");
            }
        });
    }

    @Test
    void everySectionNamesItsTitleAndAFix() throws IOException {
        Map<String, String> sections = sections();
        for (DiagCode c : DiagCode.values()) {
            String section = sections.get(c.name()).toLowerCase(Locale.ROOT);
            assertTrue(
                    section.contains(c.title().toLowerCase(Locale.ROOT)),
                    c + " section does not give its title '" + c.title() + "'");
            assertTrue(section.contains("fix:"), c + " section says nothing about the fix");
        }
    }
}
