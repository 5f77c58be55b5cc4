package dev.yamlnet.compiler.modules.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryJson;
import dev.yamlnet.compiler.summary.SummaryText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BoT3 as its reference implementation defines it (docs/modules.md#bot3): the parameter formula, the leaf count,
 * thop's FLOPs rule, each check with its position, and the attention memory report. Expected
 * values are computed by hand from the formulas in the comments.
 */
class Bot3SpecTest {

    /** Five stride-2 convolutions (16..256 channels, no scales: width 1), then the given BoT3 row at P5. */
    private static String atP5(String bot3Args) {
        return atP5(1, bot3Args);
    }

    private static String atP5(int repeats, String bot3Args) {
        return """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Conv, [32, 3, 2]]
                  - [-1, 1, Conv, [64, 3, 2]]
                  - [-1, 1, Conv, [128, 3, 2]]
                  - [-1, 1, Conv, [256, 3, 2]]
                  - [-1, %d, BoT3, %s]
                head: []
                """.formatted(repeats, bot3Args);
    }

    private static Compilation compile(String yaml, int imgsz) {
        return Compiler.compile(
                new SourceFile("model.yaml", yaml),
                CompileOptions.defaults("model.yaml").withImgsz(imgsz));
    }

    private static ModelIr model(Compilation c) {
        assertThat(c.errors())
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .isEmpty();
        return c.model().orElseThrow();
    }

    private static Diagnostic only(Compilation c, DiagCode code) {
        List<Diagnostic> found =
                c.diagnostics().stream().filter(d -> d.code() == code).toList();
        assertThat(found)
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .hasSize(1);
        return found.get(0);
    }

    /** The 1-based column of {@code text} in the row of BoT3 (line 7 of {@link #atP5}). */
    private static int columnOf(String yaml, int line, String text) {
        String row = yaml.lines().toList().get(line - 1);
        return row.indexOf(text) + 1;
    }

    // ---- parameters, leaves, shape ------------------------------------------------------------

    @Test
    void paramsMatchTheWorkedExampleWithTables() {
        // bot3.md: BoT3(256, 256, n=1), c = 128:
        //   cv1 + cv2 = 2*256*128 + 4*128 = 66,048; cv3 = 2*128*256 + 2*256 = 66,048
        //   inner block = 5*128^2 + 6*128 + 128*(20 + 20) = 82,688 + 5,120 = 87,808
        //   total = 219,904
        ModelIr m = model(compile(atP5("[256]"), 640));
        LayerIr bot3 = m.layers().get(5);
        assertThat(bot3.params()).isEqualTo(219_904);
        assertThat(dev.yamlnet.compiler.value.PyRepr.list(bot3.args(), false)).isEqualTo("[256, 256, 1]");
        assertThat(Shape.toPlain(bot3.output())).isEqualTo(List.of(256L, 20L, 20L));
    }

    @Test
    void paramsWithoutTablesDropThePositionTerm() {
        // same block with w = h = 0: 219,904 - 128*40 = 214,784
        ModelIr m = model(compile(atP5("[256, 0.5, 1, 0, 0]"), 640));
        LayerIr bot3 = m.layers().get(5);
        assertThat(bot3.params()).isEqualTo(214_784);
        assertThat(dev.yamlnet.compiler.value.PyRepr.list(bot3.args(), false)).isEqualTo("[256, 256, 1, 0.5, 1, 0, 0]");
    }

    @Test
    void repeatsAreFoldedIntoInnerBlocksWithSevenLeavesEach() {
        // no scales: depth 1, n = 3. Leaves (each MHSA's softmax module is one): 6 + 7*3 = 27;
        // five Convs have 2 each; plus the shared SiLU:
        // 10 + 27 + 1 = 38. Params: 66,048 + 66,048 + 3 * 87,808 = 395,520
        ModelIr m = model(compile(atP5(3, "[256]"), 640));
        LayerIr bot3 = m.layers().get(5);
        assertThat(bot3.repeats()).isEqualTo(3);
        assertThat(bot3.instance().leaves()).isEqualTo(27);
        assertThat(m.layerCount()).isEqualTo(38);
        assertThat(bot3.params()).isEqualTo(395_520);
        assertThat(bot3.instance().norms()).isEqualTo(3 + 3);
        assertThat(dev.yamlnet.compiler.value.PyRepr.list(bot3.args(), false)).isEqualTo("[256, 256, 3]");
    }

    @Test
    void macsFollowThopRules() {
        // BoT3(256, 256) on 20x20 (N = 400), c = 128, thop 2.1.6 counts:
        //   cv1, cv2: 128*400*256 + 4*128*400 = 13,312,000 each
        //   cv3:      256*400*256 + 4*256*400 = 26,624,000
        //   m.0.cv1:  128*400*128 + 4*128*400 = 6,758,400
        //   q, k, v:  3 * 400*128^2 = 19,660,800
        //   softmax:  4*400*(3*400 - 1) = 1,918,400; fc1 and the matrix products: 0
        //   total = 81,585,600
        ModelIr m = model(compile(atP5("[256]"), 640));
        LayerIr bot3 = m.layers().get(5);
        assertThat(bot3.instance().macs(bot3.inputShapes(), bot3.output())).isEqualTo(81_585_600L);
        assertThat(bot3.instance().flopTraits().linearOrAdaptivePool())
                .as("fc1 is an nn.Linear")
                .isTrue();
        assertThat(bot3.instance().flopTraits().attention()).isFalse();
    }

    // ---- attention memory ---------------------------------------------------------------------

    @Test
    void attentionMemoryOfYolov8nBot3IsReportedInSummaryAndJson() throws IOException {
        // yolov8n-bot3 at 640: BoT3 at P5 sees 20x20, N = 400; logits 4 * 400^2 float32
        //   = 4 * 160,000 * 4 bytes = 2,560,000 bytes (2.4 MiB) per image and inner block
        Path yaml = TestPaths.examples().resolve("yolov8-bot3.yaml");
        Compilation c = Compiler.compile(yaml, CompileOptions.defaults("yolov8n-bot3.yaml"));
        ModelIr m = model(c);
        assertThat(c.diagnostics())
                .as("the silent proxy pass and a small map: nothing to report")
                .isEmpty();
        LayerIr bot3 = m.layers().get(8);
        assertThat(bot3.extras()).containsEntry("attention_memory_bytes", 2_560_000L);
        JsonObject layer = SummaryJson.toJson(m).getAsJsonArray("layers").get(8).getAsJsonObject();
        assertThat(layer.get("attention_memory_bytes").getAsLong()).isEqualTo(2_560_000L);
        assertThat(SummaryText.render(m))
                .contains("layer 8 BoT3: attention memory 2.4 MiB per image and inner block")
                .doesNotContain("attention memory bytes"); // the exact figure is for machines: JSON only
    }

    @Test
    void largeAttentionMemoryIsWarnedAbout() {
        // at P3 of 640 (80x80, N = 6,400): 4 * 6,400^2 * 4 = 655,360,000 bytes = 625.0 MiB > 256 MiB
        String yaml = """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Conv, [32, 3, 2]]
                  - [-1, 1, Conv, [64, 3, 2]]
                  - [-1, 1, BoT3, [64, 0.5, 1, 80, 80]]
                head: []
                """;
        Compilation c = compile(yaml, 640);
        ModelIr m = model(c);
        assertThat(m.layers().get(3).extras()).containsEntry("attention_memory_bytes", 655_360_000L);
        Diagnostic w = only(c, DiagCode.W0501);
        assertThat(w.span().line()).isEqualTo(5);
        assertThat(w.span().column()).isEqualTo(columnOf(yaml, 5, "BoT3"));
        assertThat(w.message()).contains("layer 3").contains("625.0 MiB").contains("256 MiB");
        assertThat(w.hints()).isNotEmpty();
    }

    @Test
    void noWarningJustBelowTheLimit() {
        // P4 of 640 (40x40, N = 1,600): 4 * 1,600^2 * 4 = 40,960,000 bytes = 39.1 MiB
        String yaml = """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Conv, [32, 3, 2]]
                  - [-1, 1, Conv, [64, 3, 2]]
                  - [-1, 1, Conv, [128, 3, 2]]
                  - [-1, 1, BoT3, [128, 0.5, 1, 0, 0]]
                head: []
                """;
        Compilation c = compile(yaml, 640);
        assertThat(model(c).layers().get(4).extras()).containsEntry("attention_memory_bytes", 40_960_000L);
        assertThat(c.diagnostics()).isEmpty();
    }

    // ---- checks -------------------------------------------------------------------------------

    @Test
    void expansionOtherThanOneIsRejectedAtE2() {
        String yaml = atP5("[256, 0.5, 2, 20, 20]");
        Diagnostic d = only(compile(yaml, 640), DiagCode.E0404);
        assertThat(d.span().line()).isEqualTo(7);
        assertThat(d.span().column()).isEqualTo(columnOf(yaml, 7, "2, 20"));
        assertThat(d.message()).contains("e2 must be 1, got 2");
        assertThat(d.hints()).isNotEmpty();
    }

    @Test
    void hiddenWidthMustSplitOverFourHeads() {
        // int(40 * 0.25) = 10, not a multiple of 4
        String yaml = atP5("[40, 0.25, 1, 20, 20]");
        Diagnostic d = only(compile(yaml, 640), DiagCode.E0503);
        assertThat(d.span().line()).isEqualTo(7);
        assertThat(d.span().column()).isEqualTo(columnOf(yaml, 7, "0.25"));
        assertThat(d.message()).contains("int(40 * 0.25) = 10").contains("4 attention heads");
        assertThat(d.hints()).isNotEmpty();
    }

    @Test
    void defaultRatioAlwaysSplitsBecauseWidthScalingRoundsToEight() {
        // c2 = 20 is scaled to make_divisible(20, 8) = 24, and int(24 * 0.5) = 12 is a multiple of 4
        ModelIr m = model(compile(atP5("[20]"), 640));
        assertThat(dev.yamlnet.compiler.value.PyRepr.list(m.layers().get(5).args(), false))
                .isEqualTo("[256, 24, 1]");
    }

    @Test
    void negativeTableSizeIsRejected() {
        String yaml = atP5("[256, 0.5, 1, -20, 20]");
        Diagnostic d = only(compile(yaml, 640), DiagCode.E0404);
        assertThat(d.span().line()).isEqualTo(7);
        assertThat(d.span().column()).isEqualTo(columnOf(yaml, 7, "-20"));
        assertThat(d.message()).contains("w (position table rows) must not be negative, got -20");
        assertThat(d.hints()).isNotEmpty();
    }

    @Test
    void tableNeedsBothSidesOrNeither() {
        String yaml = atP5("[256, 0.5, 1, 20, 0]");
        Diagnostic d = only(compile(yaml, 640), DiagCode.E0404);
        assertThat(d.span().line()).isEqualTo(7);
        assertThat(d.span().column()).isEqualTo(columnOf(yaml, 7, "0]"));
        assertThat(d.message()).contains("w = 20, h = 0");
        assertThat(d.hints()).anyMatch(h -> h.contains("0, 0"));
    }

    @Test
    void tablesAtP4OfA640ImageDoNotFit() {
        // P4 at 640 is 40x40; 20x20 tables need imgsz = 20 * 16 = 320
        String yaml = """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Conv, [32, 3, 2]]
                  - [-1, 1, Conv, [64, 3, 2]]
                  - [-1, 1, Conv, [128, 3, 2]]
                  - [-1, 1, BoT3, [128, 0.5, 1, 20, 20]]
                head: []
                """;
        Compilation c = compile(yaml, 640);
        Diagnostic d = only(c, DiagCode.E0504);
        assertThat(c.errors()).hasSize(1);
        assertThat(d.span().line()).isEqualTo(6);
        assertThat(d.span().column()).isEqualTo(columnOf(yaml, 6, "20, 20"));
        assertThat(d.message()).contains("layer 4").contains("20x20").contains("40x40");
        assertThat(d.notes())
                .anyMatch(n -> n.message().contains("layer 3") && n.span().line() == 5);
        assertThat(d.hints()).anyMatch(h -> h.contains("imgsz = w * stride = 20 * 16 = 320"));
        // the same file at 320 is fine
        assertThat(model(compile(yaml, 320)).layers().get(4).output())
                .isEqualTo(new Shape.FeatureMap(128, 20, 20, 16.0));
    }

    @Test
    void w10ExampleFitsOnlyAt320() {
        // 10x10 tables at P5: 640 gives a 20x20 map (error); 320 gives 10x10
        Path yaml = TestPaths.examples().resolve("yolov8-bot3-w10.yaml");
        Compilation at640 = Compiler.compile(yaml, CompileOptions.defaults("yolov8n-bot3-w10.yaml"));
        Diagnostic d = only(at640, DiagCode.E0504);
        assertThat(d.message()).contains("layer 8").contains("20x20");
        assertThat(d.hints()).anyMatch(h -> h.contains("= 320"));

        Compilation at320 = Compiler.compile(
                yaml, CompileOptions.defaults("yolov8n-bot3-w10.yaml").withImgsz(320));
        ModelIr m = model(at320);
        // Ultralytics' counter fails at 640 (the 10x10 tables fit neither its proxy nor 640); yamlnet
        // estimates without the table constraint
        assertThat(m.gflopsUltralytics()).isEmpty();
        assertThat(m.gflops()).isPositive();
        assertThat(at320.warnings()).extracting(Diagnostic::code).contains(DiagCode.W0502);
        // Ultralytics' line (conformance/reference/yolov8n-bot3-w10.json) ends after the gradients
        assertThat(SummaryText.summaryLine(m))
                .isEqualTo("YOLOv8n-bot3-w10 summary: 135 layers, 2,914,256 parameters, 2,914,240 gradients");
        assertThat(SummaryText.render(m)).contains("GFLOPs: 8.6 at 640 by yamlnet's static count");
    }

    // ---- invalid examples: each file yields exactly the diagnostics its comments expect --------

    static Stream<Path> invalidExamples() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.examples().resolve("invalid"))) {
            List<Path> bot3 = files.filter(p -> p.getFileName().toString().matches("bot3-.*\\.yaml"))
                    .sorted()
                    .toList();
            return bot3.stream();
        }
    }

    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*([EW]\\d{4})");

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleReportsWhatItsCommentsExpect(Path file) throws IOException {
        List<String> expected = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            while (m.find()) {
                expected.add(m.group(1) + "@" + (i + 1));
            }
        }
        assertThat(expected).as("expectation comments").isNotEmpty();
        Compilation c = Compiler.compile(
                file, CompileOptions.defaults(file.getFileName().toString()));
        List<String> actual = c.diagnostics().stream()
                .map(d -> d.code().name() + "@" + d.span().line())
                .toList();
        assertThat(actual)
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
