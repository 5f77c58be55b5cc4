package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Engine types stay in the DJL back end: the rest of the compiler (resolver, checker, module specs,
 * summaries) never mentions {@code ai.djl}, so it runs and is tested without an engine and a second
 * back end needs no DJL.
 */
class ArchitectureTest {
    @Test
    void onlyTheDjlBackEndUsesDjl() throws IOException {
        Path main = Path.of("src/main/java");
        Path backend = main.resolve("dev/yamlnet/compiler/backend/djl");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.startsWith(backend))
                    .filter(ArchitectureTest::mentionsDjl).map(Path::toString).toList();
        }
        assertThat(Files.isDirectory(backend)).isTrue();
        assertThat(offenders).isEmpty();
    }

    private static boolean mentionsDjl(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).contains("ai.djl");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
