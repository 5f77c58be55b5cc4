package dev.yamlnet.compiler.modules.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every per-module example under {@code examples/yaml/modules} compiles without errors (scale n when it has scales). */
class ModuleExamplesTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.examples().resolve("modules"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void compilesWithoutErrors(Path yaml) throws IOException {
        CompileOptions options = CompileOptions.defaults(yaml.getFileName().toString());
        if (Files.readString(yaml).contains("\nscales:")) {
            options = options.withScale("n");
        }
        Compilation result = Compiler.compile(yaml, options);
        assertThat(result.errors())
                .as(() -> new DiagnosticPrinter(result.source()).render(result.diagnostics()))
                .isEmpty();
        assertThat(result.model()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void usesTheModuleItIsNamedAfter(Path yaml) throws IOException {
        String module = yaml.getFileName().toString().replace(".yaml", "");
        assertThat(Files.readString(yaml)).contains(", " + module + ", [");
    }
}
