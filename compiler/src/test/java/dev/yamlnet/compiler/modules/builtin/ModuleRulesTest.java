package dev.yamlnet.compiler.modules.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.value.PyRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parser rules of the new modules as a user meets them: C3k2's scale override, C2PSA's assertion, Classify's input. */
class ModuleRulesTest {

    private static final String HEADER =
            "nc: 10\nscales:\n  n: [0.5, 0.25, 1024]\n  m: [0.5, 1.0, 512]\n  t: [0.33, 0.0625, 1024]\n";

    private static Compilation compile(String body, String scale) {
        String text = HEADER + body;
        return Compiler.compile(
                new SourceFile("model.yaml", text),
                CompileOptions.defaults("model.yaml").withScale(scale));
    }

    private static List<DiagCode> errorCodes(Compilation c) {
        return c.errors().stream().map(Diagnostic::code).toList();
    }

    @Test
    void c3k2AtScaleMForcesC3kTrue() {
        String body =
                "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\n  - [-1, 1, C3k2, [64, False]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        ModelIr m = compile(body, "m").model().orElseThrow();
        assertThat(PyRepr.list(m.layers().get(1).args(), false)).isEqualTo("[64, 64, 1, True]");
        // scale n is not a substring of "mlx": the row's False stays
        ModelIr n = compile(body, "n").model().orElseThrow();
        assertThat(PyRepr.list(n.layers().get(1).args(), false)).isEqualTo("[16, 16, 1, False]");
    }

    @Test
    void c3k2AtScaleMWithoutC3kIsReportedWhereUltralyticsRaisesIndexError() {
        String body =
                "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\n  - [-1, 1, C3k2, [64]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        assertThat(errorCodes(compile(body, "m"))).containsExactly(DiagCode.E0402);
        assertThat(errorCodes(compile(body, "n"))).isEmpty();
    }

    @Test
    void c3k2WithoutAnyScaleAlsoForcesC3k() {
        // "" in "mlx" is True in Python
        String text =
                "nc: 10\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, C3k2, [16]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        Compilation c = Compiler.compile(new SourceFile("custom.yaml", text), CompileOptions.defaults("custom.yaml"));
        assertThat(errorCodes(c)).containsExactly(DiagCode.E0402);
    }

    @Test
    void withoutScalesTheFileNameLetterDecidesTheC3k2Override() {
        // guess_model_scale: yolo11n-custom.yaml guesses "n", kept as parse_model's scale without a scales table
        String text =
                "nc: 10\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, C3k2, [16]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        Compilation c = Compiler.compile(
                new SourceFile("yolo11n-custom.yaml", text), CompileOptions.defaults("yolo11n-custom.yaml"));
        assertThat(errorCodes(c)).isEmpty();
        assertThat(PyRepr.list(c.model().orElseThrow().layers().get(1).args(), false))
                .isEqualTo("[16, 16, 1]");
        Compilation x = Compiler.compile(
                new SourceFile("yolo11x-custom.yaml", text), CompileOptions.defaults("yolo11x-custom.yaml"));
        assertThat(errorCodes(x)).containsExactly(DiagCode.E0402);
    }

    @Test
    void c2psaNeedsEqualInputAndOutputChannels() {
        String body =
                "backbone:\n  - [-1, 1, Conv, [128, 3, 2]]\n  - [-1, 1, C2PSA, [256]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        assertThat(errorCodes(compile(body, "m"))).containsExactly(DiagCode.E0508);
    }

    @Test
    void c2psaWithAHiddenWidthBelow64UsesOneHead() {
        // 8.4.117 gives C2PSA max(c // 64, 1) heads; fixture yolo11t layer 10: C2PSA [64, 64, 1], c = 32,
        // 1 head -> 16,352 parameters
        String body =
                "backbone:\n  - [-1, 1, Conv, [1024, 3, 2]]\n  - [-1, 1, C2PSA, [1024]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        ModelIr t = compile(body, "t").model().orElseThrow();
        assertThat(PyRepr.list(t.layers().get(1).args(), false)).isEqualTo("[64, 64, 1]");
        assertThat(t.layers().get(1).params()).isEqualTo(16_352);
    }

    @Test
    void classifyIsNotWidthScaledAndTakesOneInput() {
        String body = "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";
        ModelIr m = compile(body, "n").model().orElseThrow();
        assertThat(PyRepr.list(m.layers().get(1).args(), false)).isEqualTo("[16, 10]");
        assertThat(m.strides()).containsExactly(1.0);
        String listFrom =
                "backbone:\n  - [-1, 1, Conv, [64, 3, 2]]\n  - [-1, 1, Conv, [64, 3, 2]]\nhead:\n  - [[0, 1], 1, Classify, [nc]]\n";
        assertThat(errorCodes(compile(listFrom, "n"))).contains(DiagCode.E0302);
    }

    @Test
    void layerOutputsFollowPyTorchsSizeRules() {
        // image 3x640x640 at width 1 (scale-less file); sizes by hand from the rules of sections 4.2 and 4.3
        String text = """
                nc: 10
                backbone:
                  - [-1, 1, Focus, [32, 3]]                       # 0  space-to-depth: 32 x 320 x 320
                  - [-1, 1, nn.MaxPool2d, [3, 2, 0, 1, False, True]]  # 1  ceil((320 - 3) / 2) + 1 = 160
                  - [-1, 1, nn.MaxPool2d, [3, 2]]                 # 2  floor((160 - 3) / 2) + 1 = 79
                  - [-1, 1, nn.ZeroPad2d, [[1, 0, 2, 0]]]         # 3  81 high, 80 wide
                  - [-1, 1, GhostConv, [64, 3, 2]]                # 4  ceil(81 / 2) = 41, ceil(80 / 2) = 40
                  - [-1, 1, DWConv, [64, 3, 2]]                   # 5  21 x 20
                  - [-1, 1, nn.Identity, []]                      # 6
                  - [-1, 1, SPP, [64]]                            # 7  size kept
                head:
                  - [-1, 1, Classify, [nc]]                       # 8
                """;
        Compilation c = Compiler.compile(new SourceFile("shapes.yaml", text), CompileOptions.defaults("shapes.yaml"));
        assertThat(errorCodes(c)).isEmpty();
        ModelIr m = c.model().orElseThrow();
        List<String> outputs = m.layers().stream()
                .map(l -> dev.yamlnet.compiler.shape.Shape.describe(l.output()))
                .toList();
        assertThat(outputs)
                .containsExactly(
                        "32x320x320",
                        "32x160x160",
                        "32x79x79",
                        "32x81x80",
                        "64x41x40",
                        "64x21x20",
                        "64x21x20",
                        "64x21x20",
                        "10, ...");
    }

    @Test
    void c2psaReportsTheMemoryOfItsAttentionLogits() {
        // yolo11n at 640: C2PSA (row 10) at P5 sees 20x20, N = 400; c1 = 1024 * 0.25 = 256, c = 128,
        // heads = 128 // 64 = 2; logits 2 * 400^2 float32 = 1,280,000 bytes (1.2 MiB) per image and PSABlock
        java.nio.file.Path yaml = dev.yamlnet.compiler.TestPaths.examples().resolve("yolo11.yaml");
        ModelIr m = Compiler.compile(yaml, CompileOptions.defaults("yolo11n.yaml"))
                .model()
                .orElseThrow();
        assertThat(m.layers().get(10).extras())
                .containsEntry("attention_memory_bytes", 1_280_000L)
                .containsEntry(
                        "attention_memory", "1.2 MiB per image and inner block (2 heads x 400^2 float32 logits)");
        assertThat(dev.yamlnet.compiler.summary.SummaryText.render(m))
                .contains(
                        "layer 10 C2PSA: attention memory 1.2 MiB per image and inner block (2 heads x 400^2 float32 logits)");
        // blocks without attention report none
        assertThat(m.layers().get(8).extras()).doesNotContainKey("attention_memory_bytes");
    }
}
