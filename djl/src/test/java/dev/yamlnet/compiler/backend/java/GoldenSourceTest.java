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
 * Pins the generated source of the BoT3 example and of YOLO26 (an end-to-end head), so that any
 * change to what users get is seen in review as a diff of {@code src/test/resources/golden/<Class>.java.txt}. After an intended
 * change, regenerate the file with
 * {@code mvn -o test -pl runtime,compiler -Dtest=GoldenSourceTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and commit it with the change.
 */
class GoldenSourceTest {
    static final Path GOLDEN = golden("Yolov8nBot3Model");
    static final String HOW_TO_UPDATE =
            "the generated source differs from its golden file; if the change is intended, run\n"
                    + "  mvn -o test -pl runtime,compiler -Dtest=GoldenSourceTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true\n"
                    + "from the repository root and commit the updated file (review its diff)";

    static Path golden(String className) {
        return Path.of("src/test/resources/golden/" + className + ".java.txt");
    }

    /** {@code yamlnet generate examples/yaml/yolov8n-bot3.yaml --package com.example.models}, as a string. */
    static String generated() throws Exception {
        return generated("yolov8n-bot3.yaml", "Yolov8nBot3Model");
    }

    /** {@code yamlnet generate examples/yaml/<file> --package com.example.models}, as a string. */
    static String generated(String file, String expectedClass) throws Exception {
        Path yaml = TestPaths.examples().resolve(file);
        Compilation c = Compiler.compile(yaml, CompileOptions.defaults(yaml.toString()));
        assertThat(c.errors()).isEmpty();
        String className = JavaBackend.className(yaml.toString(), c.model().orElseThrow());
        assertThat(className).isEqualTo(expectedClass);
        return JavaBackend.generate(c.model().orElseThrow(), "com.example.models", className)
                .toString();
    }

    @Test
    void generatedSourceOfTheBot3ExampleIsThePinnedOne() throws Exception {
        assertPinned(generated(), GOLDEN);
    }

    /** YOLO26's end-to-end head is generated as {@code Layers.detectEnd2end(...)}. */
    @Test
    void generatedSourceOfTheYolo26ExampleIsThePinnedOne() throws Exception {
        String actual = generated("yolo26.yaml", "Yolo26nModel");
        assertThat(actual).contains("Layers.detectEnd2end(80, 1, false, new int[] {64, 128, 256}");
        assertPinned(actual, golden("Yolo26nModel"));
    }

    private static void assertPinned(String actual, Path golden) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(golden))
                .as("missing " + golden + "; create it with -Dgolden.update=true")
                .isTrue();
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        assertThat(actual).as(HOW_TO_UPDATE).isEqualTo(expected);
    }

    @Tag("engine")
    @Test
    void thePinnedYolo26SourceCompiles() throws Exception {
        String golden = Files.readString(golden("Yolo26nModel"), StandardCharsets.UTF_8);
        Class<?> type = InMemoryJavac.compile("com.example.models.Yolo26nModel", golden);
        assertThat(type.getField("NC").getInt(null)).isEqualTo(80);
        assertThat((int[]) type.getMethod("strides").invoke(null)).containsExactly(8, 16, 32);
        assertThat(golden).doesNotContain("/work/").doesNotContain("/home/").doesNotContain("\r");
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
