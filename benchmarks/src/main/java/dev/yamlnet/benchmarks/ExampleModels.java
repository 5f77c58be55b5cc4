package dev.yamlnet.benchmarks;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the repository's {@code examples/yaml} for the benchmarks, which run from a jar and so
 * cannot use the test suite's Maven property: {@code -Dyamlnet.examples=DIR} wins, otherwise the
 * nearest {@code examples/yaml} above the working directory (the JMH forks inherit it).
 */
final class ExampleModels {
    private ExampleModels() {}

    static Path directory() {
        String configured = System.getProperty("yamlnet.examples");
        if (configured != null && !configured.isEmpty()) {
            return Paths.get(configured);
        }
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find examples/yaml above " + Paths.get("").toAbsolutePath()
                    + "; run from the repository or pass -Dyamlnet.examples=DIR");
        }
        return p.resolve("examples/yaml");
    }

    /**
     * Fails loudly when a model does not compile: a benchmark of the error path would measure the
     * wrong thing (for example BoT3 on a branch where it is still an unknown module).
     */
    static void requireSuccess(Compilation c, String what) {
        if (!c.isSuccessful()) {
            throw new IllegalStateException(what + " does not compile:\n"
                    + new DiagnosticPrinter(c.source()).render(c.errors()));
        }
    }
}
