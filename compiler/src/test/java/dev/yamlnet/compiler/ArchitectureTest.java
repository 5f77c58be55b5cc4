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
 * Engine types stay in the yamlnet-djl module: no source of the compiler (resolver, checker, module
 * specs, summaries, the Java back end) mentions {@code ai.djl}, so it runs and is tested without an
 * engine. The enforcer's ban on DJL in the compiler's dependency tree makes an import a build error;
 * this test also catches names in strings and comments.
 */
class ArchitectureTest {
    @Test
    void noCompilerSourceMentionsDjl() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> sources;
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        offenders = sources.stream().filter(s -> mentionsDjl(Path.of(s))).toList();
        assertThat(sources).hasSizeGreaterThan(50);
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
