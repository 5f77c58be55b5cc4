package dev.yamlnet.compiler.modules.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryJson;
import dev.yamlnet.compiler.summary.SummaryText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RT-DETR modules against Ultralytics 8.4.117's figures in the project's zoo specification:
 * every stock RT-DETR configuration (only rtdetr-l has a reference JSON, replayed by
 * ReferenceConformanceTest; the others are our own YAMLs with the rows of the stock files), the
 * per-module parameter vectors, the torch-2 GFLOPs figure beside the torch 1.13 one, and the
 * position-embedding check.
 */
class RtDetrSpecTest {

    private static ModelIr compileExample(String file) {
        Compilation c = Compiler.compile(TestPaths.examples().resolve(file), CompileOptions.defaults(file));
        assertThat(c.errors())
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .isEmpty();
        return c.model().orElseThrow();
    }

    private static Compilation compile(String yaml) {
        return Compiler.compile(new SourceFile("model.yaml", yaml), CompileOptions.defaults("model.yaml"));
    }

    /**
     * Layers, parameters and GFLOPs (torch 1.13, as Ultralytics printed them for the reference data, and the
     * torch 2 figure with thop's MultiheadAttention rule), from the zoo specification (sections 6 and E2 of
     * the YAML specification for the layer counts).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rtdetr-l.yaml, 470, 32970476, 108.3, 110.24",
        "rtdetr-x.yaml, 592, 67467852, 232.7, 234.93",
        "rtdetr-resnet50.yaml, 410, 42925132, 130.8, 132.72",
        "rtdetr-resnet101.yaml, 546, 61917260, 191.8, 193.67"
    })
    void stockConfigurationsMatchUltralytics(String file, int layers, long params, String gflops, double torch2) {
        ModelIr m = compileExample(file);
        assertThat(m.layerCount()).as("layers").isEqualTo(layers);
        assertThat(m.params()).as("parameters").isEqualTo(params);
        assertThat(m.gradients()).as("gradients").isEqualTo(params);
        assertThat(SummaryText.oneDecimal(m.gflops())).as("GFLOPs").isEqualTo(gflops);
        assertThat(m.gflopsTorch2()).isPresent();
        assertThat(m.gflopsTorch2().getAsDouble()).as("torch 2 GFLOPs").isCloseTo(torch2, within(0.005));
        assertThat(m.strides()).containsExactly(32.0);
        assertThat(SummaryJson.render(m)).contains("\"gflops_torch2\"");
    }

    @Test
    void rtdetrLGflopsAreTheReferenceValue() {
        // reference/rtdetr-l.json: gflops_640 108.3396096 (torch 1.13: nn.MultiheadAttention costs nothing)
        assertThat(compileExample("rtdetr-l.yaml").gflops()).isCloseTo(108.3396096, within(1e-7));
    }

    @Test
    void modelsWithoutMultiheadAttentionHaveNoTorch2Figure() {
        ModelIr m = compileExample("yolov8.yaml");
        assertThat(m.gflopsTorch2()).isEmpty();
        assertThat(SummaryJson.render(m)).doesNotContain("gflops_torch2");
    }

    /**
     * The unit-test vectors of the YAML specification, section 4.10: one module after a layer of c1 channels
     * (an unscaled HGStem, or the image for c1 = 3). ResNetLayer(16, 64, 1, True) is 16 * 64 * 49 + 2 * 64.
     */
    @ParameterizedTest(name = "{0} after {1} channels")
    @CsvSource(
            delimiter = ';',
            value = {
                "HGStem, [32, 48]; 3; 25248",
                "HGBlock, [48, 128, 3]; 48; 155072",
                "HGBlock, [96, 512, 5, True, False]; 128; 387904",
                "ResNetLayer, [16, 64, 1, True, 1]; 16; 50304",
                "ResNetLayer, [64, 64, 1, False, 3]; 64; 215808",
                "AIFI, [1024, 8]; 256; 789760",
                "RepC3, [32]; 32; 33280",
                "RepC3, [32, 0.5]; 32; 9536"
            })
    void moduleParametersMatchTheSpecification(String row, int c1, long params) {
        String n = row.startsWith("HGBlock") ? "6" : row.startsWith("RepC3") ? "3" : "1";
        String first = c1 == 3 ? "[-1, 1, nn.Identity, []]" : "[-1, 1, HGStem, [8, %d]]".formatted(c1);
        Compilation c = compile("""
                backbone:
                  - %s
                  - [-1, %s, %s]
                head: []
                """.formatted(first, n, row));
        assertThat(c.errors())
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .isEmpty();
        assertThat(c.model().orElseThrow().layers().get(1).params()).isEqualTo(params);
    }

    @Test
    void aifiNeedsChannelsDivisibleByFour() {
        Compilation c = compile("""
                backbone:
                  - [-1, 1, HGStem, [8, 30]]
                  - [-1, 1, AIFI, [64, 2]]
                head: []
                """);
        assertThat(c.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0510);
        Diagnostic d = c.errors().get(0);
        assertThat(d.span().line()).isEqualTo(3);
        assertThat(d.message()).contains("divisible by 4").contains("30");
    }

    @Test
    void aifiHeadsMustDivideChannels() {
        Compilation c = compile("""
                backbone:
                  - [-1, 1, HGStem, [8, 32]]
                  - [-1, 1, AIFI, [64, 3]]
                head: []
                """);
        assertThat(c.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0503);
    }

    @Test
    void resNetLayerChecksItsWrittenInputChannels() {
        Compilation c = compile("""
                backbone:
                  - [-1, 1, ResNetLayer, [3, 64, 1, True, 1]]
                  - [-1, 1, ResNetLayer, [128, 64, 1, False, 3]]
                head: []
                """);
        assertThat(c.errors()).extracting(Diagnostic::code).contains(DiagCode.E0501);
    }

    @Test
    void decoderNeedsAsManyPositionsAsQueries() {
        // rtdetr-l at 128 pixels: 16x16 + 8x8 + 4x4 = 336 positions, enough for 300 queries; at 96: 189
        Compilation ok = Compiler.compile(
                TestPaths.examples().resolve("rtdetr-l.yaml"),
                CompileOptions.defaults("rtdetr-l.yaml").withImgsz(128));
        assertThat(ok.errors()).isEmpty();
        Compilation small = Compiler.compile(
                TestPaths.examples().resolve("rtdetr-l.yaml"),
                CompileOptions.defaults("rtdetr-l.yaml").withImgsz(96));
        assertThat(small.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0506);
        assertThat(small.errors().get(0).message()).contains("300 queries").contains("189");
    }
}
