package dev.yamlnet.compiler.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every example outside {@code invalid/} is a model a user may copy: it must compile without
 * errors at the scale its name implies and at every scale of its {@code scales} table.
 */
class ValidExamplesTest {
    static Stream<Path> files() throws IOException {
        Path root = TestPaths.examples();
        Path invalid = root.resolve("invalid");
        try (Stream<Path> s = Files.walk(root)) {
            return s
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") && !p.startsWith(invalid))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void compilesAtItsDefaultScaleAndEveryScaleOfItsTable(Path file) throws IOException {
        String name = file.getFileName().toString();
        int imgsz = imgsz(file);
        check(file, CompileOptions.defaults(name).withImgsz(imgsz), "the default scale");
        for (String letter : scales(file)) {
            check(file, CompileOptions.defaults(name).withScale(letter).withImgsz(imgsz), "scale " + letter);
        }
    }

    private static void check(Path file, CompileOptions options, String what) {
        Compilation result = Compiler.compile(file, options);
        String rendered = new DiagnosticPrinter(result.source()).render(result.diagnostics());
        assertTrue(result.errors().isEmpty(), file + " at " + what + ":\n" + rendered);
        assertTrue(result.model().isPresent(), file + " at " + what + " produced no model");
    }

    /** The image size a header comment {@code # imgsz: N} asks for, else 640. */
    private static int imgsz(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# imgsz:")) {
                return Integer.parseInt(line.substring("# imgsz:".length()).trim());
            }
        }
        return CompileOptions.DEFAULT_IMGSZ;
    }

    /** The letters of the file's scales table, read independently of the compiler. */
    private static List<String> scales(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        if (doc instanceof Map<?, ?> m && m.get("scales") instanceof Map<?, ?> table) {
            return table.keySet().stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
