package dev.yamlnet.compiler.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.compiler.CheckpointCompilation;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.conformance.ReferenceCase;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.diag.JsonDiagnosticPrinter;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryText;
import dev.yamlnet.compiler.syntax.SourceLoader;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code .pt} alone compiles: the model YAML Ultralytics embedded in it ({@code model.yaml}) is
 * the compiler's input, with the scale the model was built with, and diagnostics name key paths into
 * it. Reference: the YAML each checkpoint was trained from (test resources {@code checkpoints/}).
 */
class CheckpointCompileTest {
    @TempDir
    static Path files;

    @TempDir
    Path tmp;

    static Stream<String> trained() {
        return Stream.of(
                "yolov8t-shapes",
                "yolov8t-seg-shapes",
                "yolov8t-pose-shapes",
                "yolov8t-obb-shapes",
                "yolov8t-cls-shapes",
                "yolo11t-shapes",
                "yolov8t-bot3-notable-shapes",
                "yolo26t-shapes");
    }

    /**
     * The YAML a checkpoint was trained from, as Ultralytics' model saw it: like nc, the keypoint shape
     * comes from the data set (PoseModel writes it into its yaml dict), here [5, 3] for 17 in the file.
     */
    private static String trainedYaml(String model) throws Exception {
        String text = TestCheckpoints.text(model + ".yaml");
        return model.contains("pose") ? text.replace("kpt_shape: [17, 3]", "kpt_shape: [5, 3]") : text;
    }

    private static Compilation compileYaml(String model, int imgsz) throws Exception {
        return Compiler.compile(
                new SourceFile(model + ".yaml", trainedYaml(model)),
                CompileOptions.defaults(model + ".yaml").withImgsz(imgsz));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trained")
    void aCheckpointCompilesAsTheYamlItWasTrainedFrom(String model) throws Exception {
        int imgsz = JsonParser.parseString(TestCheckpoints.text(model + ".json"))
                .getAsJsonObject()
                .get("imgsz")
                .getAsInt();
        Path pt = TestCheckpoints.file(model + ".pt", files);
        CheckpointCompilation fromPt = Compiler.compileCheckpoint(
                pt, CompileOptions.defaults(pt.toString()).withImgsz(imgsz));
        Compilation fromYaml = compileYaml(model, imgsz);
        assertThat(fromYaml.isSuccessful())
                .as(fromYaml.diagnostics().toString())
                .isTrue();
        // the scale the model was built with is a fact of the checkpoint: no "assuming scale" warning
        assertThat(fromPt.compilation().diagnostics()).isEmpty();
        assertThat(fromPt.checkpoint()).isPresent();
        assertThat(SummaryText.render(fromPt.compilation().model().orElseThrow()))
                .isEqualTo(SummaryText.render(fromYaml.model().orElseThrow()));
        assertThat(fromPt.compilation().source().name()).isEqualTo(pt.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trained")
    void theEmbeddedDocumentIsTheTrainedYamlsDocument(String model) throws Exception {
        Diagnostics diags = new Diagnostics();
        Value.Dict file = (Value.Dict) new SourceLoader()
                .load(new SourceFile(model + ".yaml", trainedYaml(model)), diags)
                .orElseThrow();
        Checkpoint ckpt = Checkpoint.read(TestCheckpoints.file(model + ".pt", files));
        Value.Dict embedded = (Value.Dict) dev.yamlnet.compiler.syntax.EmbeddedYaml.of(
                        "x.pt", "model.yaml", ckpt.yaml().orElseThrow(), SourceLoader.Limits.DEFAULT, diags)
                .orElseThrow()
                .root();
        assertThat(diags.size()).isZero();
        Map<String, String> fromFile = reprs(file);
        Map<String, String> fromPt = reprs(embedded);
        // Ultralytics adds what it used to the dict: the scale guess, the file, the input channels
        assertThat(fromPt.keySet()).containsAll(fromFile.keySet()).contains("scale", "yaml_file", "channels");
        fromFile.forEach((k, v) -> assertThat(fromPt.get(k)).as(k).isEqualTo(v));
    }

    private static Map<String, String> reprs(Value.Dict d) {
        Map<String, String> out = new LinkedHashMap<>();
        d.entries().forEach(e -> out.put(((Value.Str) e.key()).value(), PyRepr.repr(e.value())));
        return out;
    }

    @Test
    void theUntrainedCheckpointHasTheFixturesRows() throws Exception {
        Path pt = TestCheckpoints.file("yolov8t.pt", files);
        Compilation c =
                Compiler.compile(pt, CompileOptions.defaults(pt.toString()).withImgsz(128));
        Compilation yaml = Compiler.compile(
                ReferenceCase.resource("conformance/fixtures/yolov8t.yaml"),
                CompileOptions.defaults("yolov8t.yaml").withScale("t").withImgsz(128));
        assertThat(c.diagnostics()).isEmpty();
        // the rows and totals; the title differs: Ultralytics names the model after its yaml_file, yolov8.yaml
        assertThat(rows(SummaryText.render(c.model().orElseThrow())))
                .isEqualTo(rows(SummaryText.render(yaml.model().orElseThrow())));
        assertThat(c.model().orElseThrow().name()).isEqualTo("yolov8");
        assertThat(c.model().orElseThrow().scale()).isEqualTo("t");
    }

    private static List<String> rows(String table) {
        return table.lines().filter(l -> !l.contains(" summary: ")).toList();
    }

    private Path handMade(Map<String, ?> yaml) throws Exception {
        return TestCheckpoints.withYaml(tmp.resolve("custom.pt"), yaml);
    }

    private static Map<String, Object> model(List<?> backbone, List<?> head) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("nc", 3);
        yaml.put("backbone", backbone);
        yaml.put("head", head);
        yaml.put("scale", "");
        yaml.put("yaml_file", "custom.yaml");
        yaml.put("channels", 3);
        return yaml;
    }

    @Test
    void anUnknownModuleIsE0201AtItsKeyPath() throws Exception {
        Path pt = handMade(model(
                List.of(List.of(-1, 1, "Conv", List.of(16, 3, 2)), List.of(-1, 1, "FancyBlock", List.of(32))),
                List.of(List.of(-1, 1, "Classify", List.of("nc")))));
        Compilation c = Compiler.compile(pt, CompileOptions.defaults(pt.toString()));
        assertThat(c.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0201);
        String text = new DiagnosticPrinter(c.source()).render(c.diagnostics());
        assertThat(text)
                .startsWith(pt + ":model.yaml.backbone[1]: error[E0201]: unknown module 'FancyBlock'\n"
                        + " |\n"
                        + " | [-1, 1, 'FancyBlock', [32]]\n"
                        + " |         ^^^^^^^^^^^^");
        JsonObject json = JsonDiagnosticPrinter.toJson(c.source(), c.diagnostics())
                .getAsJsonArray("diagnostics")
                .get(0)
                .getAsJsonObject();
        assertThat(json.get("path").getAsString()).isEqualTo("model.yaml.backbone[1]");
        assertThat(json.get("line").getAsInt()).isZero();
        assertThat(json.get("file").getAsString()).isEqualTo(pt.toString());
    }

    @Test
    void aBadArgumentAndABadTopLevelValueArePointedAt() throws Exception {
        Map<String, Object> yaml = model(
                List.of(List.of(-1, 1, "Conv", List.of(16, "three", 2))),
                List.of(List.of(-1, 1, "Classify", List.of("nc"))));
        yaml.put("nc", "many");
        Path pt = handMade(yaml);
        Compilation c = Compiler.compile(pt, CompileOptions.defaults(pt.toString()));
        String text = new DiagnosticPrinter(c.source()).render(c.diagnostics());
        assertThat(text).contains(pt + ":model.yaml.nc: error[E0103]").contains(" | 'many'\n | ^^^^^^");
        assertThat(text)
                .contains(pt + ":model.yaml.backbone[0]: error[E0403]")
                .contains(" | [-1, 1, 'Conv', [16, 'three', 2]]\n |                      ^^^^^^^ kernel size");
    }

    @Test
    void aPlugInModuleResolvesFromACheckpointAsFromAYaml() throws Exception {
        // SEBlock is the compiler tests' ServiceLoader plug-in
        Path pt = handMade(model(
                List.of(List.of(-1, 1, "Conv", List.of(16, 3, 2)), List.of(-1, 1, "SEBlock", List.of(4))),
                List.of(List.of(-1, 1, "Classify", List.of("nc")))));
        Compilation c =
                Compiler.compile(pt, CompileOptions.defaults(pt.toString()).withImgsz(64));
        assertThat(c.isSuccessful()).as(c.diagnostics().toString()).isTrue();
        assertThat(c.model().orElseThrow().layers().get(1).spec().pythonType()).isEqualTo("example.plugins.SEBlock");
        assertThat(c.model().orElseThrow().name()).isEqualTo("custom");
    }

    @Test
    void aCheckpointThatCannotBeUsedIsOneDiagnostic() throws Exception {
        Path hostile = TestCheckpoints.file("hostile/os-system.pt", files);
        Compilation refused = Compiler.compile(hostile, CompileOptions.defaults(hostile.toString()));
        assertThat(refused.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagCode.E0010);
        assertThat(refused.diagnostics().get(0).message()).contains("posix.system");
        Compilation missing = Compiler.compile(tmp.resolve("nothing.pt"), CompileOptions.defaults("nothing.pt"));
        assertThat(missing.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagCode.E0001);
        Path truncated = TestCheckpoints.file("hostile/truncated-half.pt", files);
        assertThat(Compiler.compile(truncated, CompileOptions.defaults("t.pt")).diagnostics())
                .extracting(Diagnostic::code)
                .containsExactly(DiagCode.E0010);
    }

    @Test
    void aGivenScaleOrNcOverridesTheCheckpoints() throws Exception {
        Path pt = TestCheckpoints.file("yolov8t-shapes.pt", files);
        Compilation n = Compiler.compile(
                pt,
                CompileOptions.defaults(pt.toString()).withScale("n").withNc(7).withImgsz(320));
        assertThat(n.model().orElseThrow().scale()).isEqualTo("n");
        assertThat(n.model().orElseThrow().nc()).isEqualTo(7);
    }
}
