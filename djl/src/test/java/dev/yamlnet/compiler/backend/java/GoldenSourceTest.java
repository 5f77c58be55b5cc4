package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pins the generated source of the BoT3 example, so that any change to what users get is seen in
 * review as a diff of {@code src/test/resources/golden/Yolov8nBot3Model.java.txt}. After an intended
 * change, regenerate the file with
 * {@code mvn -o test -pl runtime,compiler -Dtest=GoldenSourceTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and commit it with the change.
 */
class GoldenSourceTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/Yolov8nBot3Model.java.txt");
    static final String HOW_TO_UPDATE =
            "the generated source differs from " + GOLDEN + "; if the change is intended, run\n"
                    + "  mvn -o test -pl runtime,compiler -Dtest=GoldenSourceTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true\n"
                    + "from the repository root and commit the updated file (review its diff)";

    /** {@code yamlnet generate examples/yaml/yolov8n-bot3.yaml --package com.example.models}, as a string. */
    static String generated() throws Exception {
        Path yaml = TestPaths.examples().resolve("yolov8n-bot3.yaml");
        Compilation c = Compiler.compile(yaml, CompileOptions.defaults(yaml.toString()));
        assertThat(c.errors()).isEmpty();
        String className = JavaBackend.className(yaml.toString(), c.model().orElseThrow());
        assertThat(className).isEqualTo("Yolov8nBot3Model");
        return JavaBackend.generate(c.model().orElseThrow(), "com.example.models", className)
                .toString();
    }

    @Test
    void generatedSourceOfTheBot3ExampleIsThePinnedOne() throws Exception {
        String actual = generated();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(GOLDEN))
                .as("missing " + GOLDEN + "; create it with -Dgolden.update=true")
                .isTrue();
        String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8);
        assertThat(actual).as(HOW_TO_UPDATE).isEqualTo(expected);
    }

    @Tag("engine")
    @Test
    void thePinnedSourceCompilesAndHasNoMachineSpecificText() throws IOException, Exception {
        String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
        Class<?> type = InMemoryJavac.compile("com.example.models.Yolov8nBot3Model", golden);
        assertThat(type.getField("IMGSZ").getInt(null)).isEqualTo(640);
        assertThat(type.getField("NC").getInt(null)).isEqualTo(80);
        assertThat((int[]) type.getMethod("strides").invoke(null)).containsExactly(8, 16, 32);
        // no absolute path, user name or date: the same bytes on every machine
        assertThat(golden)
                .doesNotContain("/work/")
                .doesNotContain("/home/")
                .doesNotContain("/tmp/")
                .doesNotContainPattern("20\\d\\d-\\d\\d-\\d\\d")
                .doesNotContain("\r");
    }
}
