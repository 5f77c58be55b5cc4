package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.backend.java.GenerationRun.BadClassName;
import dev.yamlnet.compiler.backend.java.GenerationRun.Generated;
import dev.yamlnet.compiler.backend.java.GenerationRun.Job;
import dev.yamlnet.compiler.backend.java.GenerationRun.ModelErrors;
import dev.yamlnet.compiler.backend.java.GenerationRun.NameTaken;
import dev.yamlnet.compiler.backend.java.GenerationRun.NoRuntimeBlock;
import dev.yamlnet.compiler.backend.java.GenerationRun.Outcome;
import dev.yamlnet.compiler.backend.java.GenerationRun.ScaleInName;
import dev.yamlnet.compiler.backend.java.GenerationRun.Written;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation steps the CLI and the Maven plugin share, one outcome per model. */
class GenerationRunTest {
    @TempDir
    Path tmp;

    private static Job job(String file, String scale) {
        Path model = TestPaths.examples().resolve(file);
        return new Job(
                model, CompileOptions.defaults(model.toString()).withImgsz(64).withScale(scale));
    }

    private Job inline(String file, String yaml) throws Exception {
        Path model = Files.writeString(tmp.resolve(file), yaml);
        return new Job(model, CompileOptions.defaults(model.toString()).withImgsz(64));
    }

    @Test
    void aModelIsGeneratedAndWrittenOnlyWhenItsBytesChange() throws Exception {
        GenerationRun run = new GenerationRun("com.example", ScaleInName.COMPILED);
        Generated g = (Generated) run.generate(job("yolov8n.yaml", null));
        assertThat(g.className()).isEqualTo("Yolov8nModel");
        assertThat(g.model().layers()).hasSize(23);
        assertThat(run.relativeFile("Yolov8nModel")).isEqualTo(Path.of("com/example/Yolov8nModel.java"));

        Path out = tmp.resolve("gen");
        Written first = run.write(out, g);
        assertThat(first.file()).isEqualTo(out.resolve("com/example/Yolov8nModel.java"));
        assertThat(first.changed()).isTrue();
        assertThat(Files.readString(first.file()))
                .startsWith("package com.example;\n")
                .contains("public final class Yolov8nModel {");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(first.file(), old);

        Written again = run.write(out, g);
        assertThat(again.changed()).isFalse();
        assertThat(Files.getLastModifiedTime(again.file())).isEqualTo(old);
        try (var files = Files.list(first.file().getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(first.file());
        }
    }

    @Test
    void theCliNamesTheCompiledScaleAndThePluginOnlyARequestedOne() throws Exception {
        // yolov8.yaml has a scales table; without --scale it is built at its first scale, n
        GenerationRun cli = new GenerationRun("p", ScaleInName.COMPILED);
        GenerationRun plugin = new GenerationRun("p", ScaleInName.REQUESTED);
        assertThat(((Generated) cli.generate(job("yolov8.yaml", null))).className())
                .isEqualTo("Yolov8nModel");
        assertThat(((Generated) plugin.generate(job("yolov8.yaml", null))).className())
                .isEqualTo("Yolov8Model");
        assertThat(((Generated) cli.generate(job("yolo11.yaml", "s"))).className())
                .isEqualTo("Yolo11sModel");
        assertThat(((Generated) plugin.generate(job("yolo11.yaml", "s"))).className())
                .isEqualTo("Yolo11sModel");
    }

    @Test
    void aSecondModelGivingTheSameClassIsRefusedAndNamesTheFirst() throws Exception {
        GenerationRun run = new GenerationRun("p", ScaleInName.COMPILED);
        Generated first = (Generated) run.generate(job("yolov8n.yaml", null));
        Outcome second = run.generate(job("yolov8.yaml", "n"));
        assertThat(second).isInstanceOf(NameTaken.class);
        NameTaken taken = (NameTaken) second;
        assertThat(taken.className()).isEqualTo("Yolov8nModel");
        assertThat(taken.earlier()).isSameAs(first);
        // another scale is another class
        assertThat(((Generated) run.generate(job("yolov8.yaml", "s"))).className())
                .isEqualTo("Yolov8sModel");
    }

    @Test
    void aModelWithErrorsOrNoFileGeneratesNothing() throws Exception {
        GenerationRun run = new GenerationRun("p", ScaleInName.COMPILED);
        Outcome broken = run.generate(inline(
                "broken.yaml",
                "nc: 2\nbackbone:\n  - [-1, 1, Convv, [16, 3, 2]]\nhead:\n  - [-1, 1, Conv, [16, 3, 1]]\n"));
        assertThat(broken).isInstanceOf(ModelErrors.class);
        assertThat(broken.compilation().errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0201);
        Outcome missing = run.generate(new Job(tmp.resolve("nothing.yaml"), CompileOptions.defaults("nothing.yaml")));
        assertThat(missing).isInstanceOf(ModelErrors.class);
        assertThat(missing.compilation().errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0001);
    }

    @Test
    void aLayerWithoutARuntimeBlockIsE0901AtItsRow() throws Exception {
        // an OBB head with two extra values per box: the runtime decodes exactly one angle
        Outcome o = new GenerationRun("p", ScaleInName.COMPILED)
                .generate(inline(
                        "obb2.yaml",
                        "nc: 2\nbackbone:\n"
                                + "  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv, [32, 3, 2]]\n"
                                + "head:\n  - [[0, 1], 1, OBB, [nc, 2]]\n"));
        assertThat(o).isInstanceOf(NoRuntimeBlock.class);
        assertThat(((NoRuntimeBlock) o).cause().diagnostics())
                .singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo(DiagCode.E0901))
                .satisfies(d -> assertThat(d.span().line()).isEqualTo(6));
    }

    @Test
    void aFileNameWithoutLettersOrDigitsGivesNoClass() throws Exception {
        Outcome o = new GenerationRun("p", ScaleInName.COMPILED)
                .generate(inline(
                        "---.yaml",
                        "nc: 2\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [-1, 1, Conv, [16, 3, 1]]\n"));
        assertThat(o).isInstanceOf(BadClassName.class);
        assertThat(((BadClassName) o).cause().code()).isEqualTo(DiagCode.E0903);
    }

    @Test
    void aPackageThatIsNoJavaPackageIsRefusedBeforeAnyModel() {
        for (String pkg : new String[] {"Com.Example", "a;b", "com.example.class", ""}) {
            assertThatThrownBy(() -> new GenerationRun(pkg, ScaleInName.COMPILED))
                    .as(pkg)
                    .isInstanceOf(JavaBackend.InvalidNameException.class)
                    .extracting(e -> ((JavaBackend.InvalidNameException) e).code())
                    .isEqualTo(DiagCode.E0902);
        }
    }

    @Test
    void aFileInTheWayOfTheOutputDirectoryIsAClearWriteError() throws Exception {
        GenerationRun run = new GenerationRun("com.example", ScaleInName.COMPILED);
        Generated g = (Generated) run.generate(job("yolov8n.yaml", null));
        Path blocker = Files.writeString(tmp.resolve("gen"), "a file where the output directory should be");
        assertThatThrownBy(() -> run.write(blocker, g))
                .isInstanceOf(GenerationRun.WriteException.class)
                .hasMessage("cannot create directory " + blocker.resolve("com/example") + ": " + blocker
                        + " is a file, not a directory");
    }
}
