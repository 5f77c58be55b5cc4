package dev.yamlnet.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceGeneratorTest {
    private static final String PKG = "com.example.models";
    /** 2000-01-01: a file that keeps this time was not rewritten. */
    private static final FileTime OLD = FileTime.fromMillis(946_684_800_000L);

    @TempDir
    Path dir;

    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    private SourceGenerator generator() {
        return new SourceGenerator(new SourceGenerator.Output() {
            @Override
            public void error(String line) {
                errors.add(line);
            }

            @Override
            public void warning(String line) {
                warnings.add(line);
            }

            @Override
            public void info(String line) {}
        });
    }

    private Path out() {
        return dir.resolve("out");
    }

    private SourceGenerator.Request request(List<Path> models, List<String> scales, int imgsz) {
        return new SourceGenerator.Request(models, PKG, scales, imgsz, out(), dir.resolve("target/stamp"), "test 1");
    }

    private Path copy(String example, String as) throws IOException {
        Path target = dir.resolve("src").resolve(as);
        Files.createDirectories(target.getParent());
        return Files.copy(TestPaths.examples().resolve(example), target);
    }

    private Path source(String className) {
        return out().resolve("com/example/models/" + className + ".java");
    }

    @Test
    void generatesOneClassPerModelNamedFromTheFileAndItsScale() throws Exception {
        Path bot3 = copy("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        SourceGenerator.Result r = generator().run(request(List.of(bot3), List.of(), 640));
        Path file = Path.of("com/example/models/Yolov8nBot3Model.java");
        assertThat(r.upToDate()).isFalse();
        assertThat(r.files()).containsExactly(file);
        assertThat(r.written()).containsExactly(file);
        String text = Files.readString(out().resolve(file));
        // Ultralytics 8.4.117: "YOLOv8n-bot3 summary: 135 layers, 2,916,816 parameters"
        assertThat(text)
                .startsWith("package com.example.models;")
                .contains("public final class Yolov8nBot3Model")
                .contains("IMGSZ = 640")
                .contains("at scale n for 640x640 images")
                .contains("2,916,816 parameters");
        assertThat(errors).isEmpty();
    }

    @Test
    void everyRequestedScaleGetsItsOwnClass() throws Exception {
        Path bot3 = copy("yolov8-bot3.yaml", "yolov8-bot3.yaml");
        generator().run(request(List.of(bot3), List.of("n", "s"), 640));
        // Ultralytics: yolov8n-bot3 2,916,816 and yolov8s-bot3 10,194,272 parameters
        assertThat(Files.readString(source("Yolov8nBot3Model")))
                .contains("at scale n for 640x640 images")
                .contains("2,916,816 parameters");
        assertThat(Files.readString(source("Yolov8sBot3Model")))
                .contains("at scale s for 640x640 images")
                .contains("10,194,272 parameters");
    }

    @Test
    void aSecondRunWithTheSameInputsDoesNothing() throws Exception {
        Path bot3 = copy("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        generator().run(request(List.of(bot3), List.of(), 640));
        Files.setLastModifiedTime(source("Yolov8nBot3Model"), OLD);
        SourceGenerator.Result again = generator().run(request(List.of(bot3), List.of(), 640));
        assertThat(again.upToDate()).isTrue();
        assertThat(again.files()).containsExactly(Path.of("com/example/models/Yolov8nBot3Model.java"));
        assertThat(Files.getLastModifiedTime(source("Yolov8nBot3Model"))).isEqualTo(OLD);
    }

    @Test
    void aChangedInputIsCompiledAgainButAnUnchangedSourceIsNotRewritten() throws Exception {
        Path bot3 = copy("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        generator().run(request(List.of(bot3), List.of(), 640));
        Files.setLastModifiedTime(source("Yolov8nBot3Model"), OLD);
        Files.writeString(
                bot3,
                "# a comment changes the bytes, not the model\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        SourceGenerator.Result again = generator().run(request(List.of(bot3), List.of(), 640));
        assertThat(again.upToDate()).isFalse();
        assertThat(again.written()).isEmpty();
        assertThat(Files.getLastModifiedTime(source("Yolov8nBot3Model"))).isEqualTo(OLD);
    }

    @Test
    void aChangedConfigurationRegenerates() throws Exception {
        Path v8 = copy("yolov8.yaml", "yolov8n.yaml");
        generator().run(request(List.of(v8), List.of(), 640));
        SourceGenerator.Result again = generator().run(request(List.of(v8), List.of(), 320));
        assertThat(again.upToDate()).isFalse();
        assertThat(again.written()).containsExactly(Path.of("com/example/models/Yolov8nModel.java"));
        assertThat(Files.readString(source("Yolov8nModel")))
                .contains("IMGSZ = 320")
                .contains("3,157,200 parameters");
    }

    @Test
    void aDeletedSourceIsGeneratedAgain() throws Exception {
        Path v8 = copy("yolov8.yaml", "yolov8n.yaml");
        generator().run(request(List.of(v8), List.of(), 640));
        Files.delete(source("Yolov8nModel"));
        SourceGenerator.Result again = generator().run(request(List.of(v8), List.of(), 640));
        assertThat(again.upToDate()).isFalse();
        assertThat(source("Yolov8nModel")).isRegularFile();
    }

    @Test
    void theSourceOfARemovedModelIsDeleted() throws Exception {
        Path v8 = copy("yolov8.yaml", "yolov8n.yaml");
        Path bot3 = copy("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        generator().run(request(List.of(v8, bot3), List.of(), 640));
        SourceGenerator.Result again = generator().run(request(List.of(bot3), List.of(), 640));
        assertThat(again.deleted()).containsExactly(Path.of("com/example/models/Yolov8nModel.java"));
        assertThat(source("Yolov8nModel")).doesNotExist();
        assertThat(source("Yolov8nBot3Model")).isRegularFile();
    }

    @Test
    void modelErrorsFailWithEveryDiagnosticAtItsAbsolutePosition() throws Exception {
        Path good = copy("yolov8.yaml", "yolov8n.yaml");
        Path bad = copy("invalid/bot3-table-mismatch.yaml", "bot3-table-mismatch.yaml");
        int line = lineOf(bad, "# expect: E0504");
        String expected = bad.toAbsolutePath().normalize() + ":" + line + ":";
        assertThatThrownBy(() -> generator().run(request(List.of(good, bad), List.of(), 640)))
                .isInstanceOf(SourceGenerator.GenerationException.class)
                .hasMessage("1 model has errors; nothing was generated")
                .satisfies(e -> assertThat(((SourceGenerator.GenerationException) e).locations())
                        .singleElement()
                        .asString()
                        .startsWith(expected)
                        .contains(": error[E0504]: "));
        assertThat(errors.get(0)).startsWith(expected).contains(": error[E0504]: ");
        // the compiler's printer: the source line and a caret follow the location
        assertThat(errors).anyMatch(l -> l.startsWith(line + " | ") && l.contains("BoT3"));
        assertThat(errors).anyMatch(l -> l.contains("^"));
        assertThat(out()).doesNotExist();
        assertThat(dir.resolve("target/stamp")).doesNotExist();
    }

    @Test
    void twoModelsGivingTheSameClassNameAreAnError() throws Exception {
        Path a = copy("yolov8.yaml", "a/yolov8n.yaml");
        Path b = copy("yolov8.yaml", "b/yolov8n.yaml");
        assertThatThrownBy(() -> generator().run(request(List.of(a, b), List.of(), 640)))
                .isInstanceOf(SourceGenerator.GenerationException.class);
        assertThat(errors)
                .singleElement()
                .asString()
                .startsWith(b.toString() + ": error: both ")
                .contains("would generate class Yolov8nModel");
    }

    @Test
    void aMissingModelFileIsAnError() {
        Path missing = dir.resolve("src/nothing.yaml");
        assertThatThrownBy(() -> generator().run(request(List.of(missing), List.of(), 640)))
                .isInstanceOf(SourceGenerator.GenerationException.class)
                .hasMessage(missing + ": error: no such model file");
    }

    @Test
    void badConfigurationIsRejectedBeforeAnythingIsCompiled() throws Exception {
        Path v8 = copy("yolov8.yaml", "yolov8n.yaml");
        SourceGenerator g = generator();
        assertThatThrownBy(() -> g.run(new SourceGenerator.Request(
                        List.of(v8), "Com.Example", List.of(), 640, out(), dir.resolve("stamp"), "v")))
                .hasMessageStartingWith("packageName: ");
        assertThatThrownBy(() -> g.run(request(List.of(v8), List.of("n;"), 640)))
                .hasMessageStartingWith("scales: ");
        assertThatThrownBy(() -> g.run(request(List.of(v8), List.of(), 0))).hasMessageStartingWith("imgsz: ");
        assertThat(out()).doesNotExist();
    }

    @Test
    void findModelsListsYamlAndYmlFilesBelowTheDirectorySorted() throws Exception {
        Path src = dir.resolve("models");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("b.yaml"), "");
        Files.writeString(src.resolve("sub/a.yml"), "");
        Files.writeString(src.resolve("notes.txt"), "");
        assertThat(SourceGenerator.findModels(src)).containsExactly(src.resolve("b.yaml"), src.resolve("sub/a.yml"));
        assertThat(SourceGenerator.findModels(dir.resolve("absent"))).isEmpty();
    }

    private static int lineOf(Path file, String marker) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in " + file);
    }
}
