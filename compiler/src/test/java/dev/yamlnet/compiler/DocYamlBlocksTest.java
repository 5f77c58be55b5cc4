package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```yaml} block of README.md and docs/*.md is a model a reader can copy into a file:
 * it compiles without errors. A block that is broken on purpose says so with an HTML comment on
 * the line before its fence, {@code <!-- invalid: E0502 -->}, and must then fail with that code. A
 * block that uses a plug-in's module says {@code <!-- needs-plugin: SimAM -->}: without the plug-in
 * its only error is that module being unknown.
 */
class DocYamlBlocksTest {

    @Test
    void everyYamlBlockCompilesOrFailsAsItsMarkerSays() throws IOException {
        List<DocBlocks.Block> blocks = yamlBlocks();
        List<String> problems = new ArrayList<>();
        for (DocBlocks.Block b : blocks) {
            Compilation c = Compiler.compile(
                    b.where() + ".yaml",
                    b.text().getBytes(StandardCharsets.UTF_8),
                    CompileOptions.defaults("doc-example.yaml"));
            List<String> errors =
                    c.errors().stream().map(d -> d.code().name()).distinct().toList();
            if (b.marker().isEmpty()) {
                if (!c.isSuccessful()) {
                    problems.add(b.where() + " does not compile: " + describe(c.errors()));
                }
            } else if (b.marker().get().startsWith("needs-plugin: ")) {
                // a plug-in's module: without the plug-in, the only error is that module being unknown
                String module =
                        b.marker().get().substring("needs-plugin: ".length()).trim();
                List<String> unknown = c.errors().stream()
                        .filter(d -> d.code().name().equals("E0201"))
                        .map(Diagnostic::message)
                        .toList();
                if (!errors.equals(List.of("E0201"))
                        || unknown.stream().noneMatch(m -> m.contains("'" + module + "'"))) {
                    problems.add(b.where() + " needs the plug-in module " + module + ", but without it reports "
                            + describe(c.errors()));
                }
            } else {
                String expected = DocBlocks.invalidCode(b).orElse(null);
                if (expected == null) {
                    problems.add(
                            b.where() + " has the marker '" + b.marker().get() + "', expected <!-- invalid: E0123 -->");
                } else if (!errors.contains(expected)) {
                    problems.add(b.where() + " is marked invalid with " + expected + " but reports "
                            + (errors.isEmpty() ? "no error" : errors));
                }
            }
        }
        assertThat(problems).as("YAML blocks in the docs").isEmpty();
    }

    @Test
    void theDocsHoldTheBlocksThisTestIsAbout() throws IOException {
        List<DocBlocks.Block> blocks = yamlBlocks();
        List<String> where = blocks.stream().map(DocBlocks.Block::where).toList();
        // the README's broken model, the reference's minimal file and the editor page's modeline example
        assertThat(where)
                .anyMatch(w -> w.startsWith("README.md:"))
                .anyMatch(w -> w.startsWith("docs/yaml-reference.md:"))
                .anyMatch(w -> w.startsWith("docs/editor-support.md:"));
        assertThat(blocks).anyMatch(b -> DocBlocks.invalidCode(b).equals(java.util.Optional.of("E0502")));
    }

    @Test
    void aMarkerBelongsToTheFenceRightAfterIt() throws IOException {
        // a marker followed by prose or by a block of another language is a mistake in the docs
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().startsWith("<!-- invalid:")) {
                    String next = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
                    assertThat(next)
                            .as(doc.getFileName() + ":" + (i + 1) + ": the line after an invalid marker")
                            .isEqualTo("```yaml");
                }
            }
        }
    }

    private static List<DocBlocks.Block> yamlBlocks() throws IOException {
        List<DocBlocks.Block> out = new ArrayList<>();
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            out.addAll(DocBlocks.read(doc, TestPaths.docs().getParent()).stream()
                    .filter(b -> b.language().equals("yaml"))
                    .toList());
        }
        return out;
    }

    private static String describe(List<Diagnostic> errors) {
        return errors.stream().map(d -> d.code() + " " + d.message()).collect(Collectors.joining("; "));
    }
}
