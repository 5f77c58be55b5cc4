package dev.yamlnet.compiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the shared test inputs are: Maven passes the examples directory as a system property. */
public final class TestPaths {
    private TestPaths() {}

    /** {@code examples/yaml} of this repository. */
    public static Path examples() {
        String configured = System.getProperty("yamlnet.examples");
        if (configured != null) {
            return Paths.get(configured);
        }
        // running from an IDE inside a module directory
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find examples/yaml; set -Dyamlnet.examples");
        }
        return p.resolve("examples/yaml");
    }

    /** {@code docs} of this repository. */
    public static Path docs() {
        String configured = System.getProperty("yamlnet.docs");
        return configured != null
                ? Paths.get(configured)
                : examples().getParent().getParent().resolve("docs");
    }
}
