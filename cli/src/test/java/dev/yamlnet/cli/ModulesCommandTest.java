package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.modules.ModuleRegistry;
import dev.yamlnet.compiler.modules.ModuleSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModulesCommandTest {

    @Test
    void listsEveryRegisteredModuleWithItsPythonType() {
        Cli.Result r = Cli.run("modules");
        assertThat(r.exitCode()).isEqualTo(0);
        for (ModuleSpec spec : ModuleRegistry.standard().specs()) {
            assertThat(r.out())
                    .containsPattern("(?m)^" + java.util.regex.Pattern.quote(spec.name()) + "\\b.*"
                            + java.util.regex.Pattern.quote(spec.pythonType()));
        }
        assertThat(r.out()).contains("c2: int, k: int or [int, int] = 1, s: int = 1, p: int or None = None");
    }

    @Test
    void markdownReferenceInDocsIsUpToDate() throws IOException {
        Path page = TestPaths.docs().resolve("modules.md");
        Cli.Result r = Cli.run("modules", "--markdown");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(page).as("docs/modules.md exists").exists();
        String committed = Files.readString(page, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertThat(r.out())
                .as("docs/modules.md is stale: regenerate it with ./yamlnet modules --markdown > docs/modules.md")
                .isEqualTo(committed);
    }

    @Test
    void markdownHasASectionPerModule() {
        Cli.Result r = Cli.run("modules", "--markdown");
        for (ModuleSpec spec : ModuleRegistry.standard().specs()) {
            assertThat(r.out()).contains("\n## " + spec.name() + "\n").contains("`" + spec.pythonType() + "`");
        }
    }
}
