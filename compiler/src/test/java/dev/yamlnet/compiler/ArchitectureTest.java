package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compiler runs without an engine. Maven enforces it (the compiler's dependencies hold no DJL
 * and no runtime); these tests check the result as a user of the artifact sees it: no DJL or
 * runtime class can be loaded next to the compiler, and no compiled compiler class refers to one.
 * (The Java back end names runtime classes for the code it generates, as strings.)
 */
class ArchitectureTest {
    @Test
    void noEngineOrRuntimeClassIsOnTheCompilersClassPath() {
        for (String name : List.of("ai.djl.nn.Block", "ai.djl.engine.Engine", "dev.yamlnet.runtime.ModelGraph")) {
            assertThatThrownBy(() -> Class.forName(name, false, getClass().getClassLoader()))
                    .as(name)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void noCompiledCompilerClassReferencesDjlOrTheRuntime() throws IOException {
        Path classes = Path.of("target/classes/dev/yamlnet/compiler");
        assertThat(Files.isDirectory(classes))
                .as("compiled classes at %s", classes.toAbsolutePath())
                .isTrue();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(ArchitectureTest::referencesEngineTypes)
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    /** Class references in the constant pool are internal names such as {@code ai/djl/nn/Block}. */
    private static boolean referencesEngineTypes(Path classFile) {
        try {
            String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return bytes.contains("ai/djl/") || bytes.contains("dev/yamlnet/runtime/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
