package dev.yamlnet.maven;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's examples directory: Maven passes it as a system property; an IDE run searches upwards. */
final class TestPaths {
    private TestPaths() {}

    static Path examples() {
        String configured = System.getProperty("yamlnet.examples");
        if (configured != null) {
            return Path.of(configured);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find examples/yaml; set -Dyamlnet.examples");
        }
        return p.resolve("examples/yaml");
    }
}
