package dev.yamlnet.compiler.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** How a YAML given beside a checkpoint is compared with the checkpoint's: the first row that differs. */
class ModelComparisonTest {
    private static final String BASE = """
            nc: 3
            backbone:
              - [-1, 1, Conv, [16, 3, 2]]
              - [-1, 1, Conv, [32, 3, 2]]
            head:
              - [-1, 1, Classify, [nc]]
            """;

    private static ModelIr compile(String text) {
        return Compiler.compile(
                        new SourceFile("m.yaml", text),
                        CompileOptions.defaults("m.yaml").withImgsz(64))
                .model()
                .orElseThrow();
    }

    @Test
    void theSameRowsAreTheSameModel() {
        assertThat(ModelComparison.firstDifference(
                        compile(BASE), "m.yaml", compile(BASE + "\n# a comment\n"), "best.pt"))
                .isEmpty();
    }

    @Test
    void theFirstDifferingRowIsShownBothWays() {
        String other = BASE.replace("[32, 3, 2]", "[32, 3, 1]").replace("nc: 3", "nc: 7");
        String d = ModelComparison.firstDifference(compile(other), "m.yaml", compile(BASE), "best.pt")
                .orElseThrow();
        assertThat(d).isEqualTo("""
                layer 1 differs:
                  m.yaml:  1  -1  1  ultralytics.nn.modules.conv.Conv  [16, 32, 3, 1]
                  best.pt: 1  -1  1  ultralytics.nn.modules.conv.Conv  [16, 32, 3, 2]
                hint: pass --nc 3, the checkpoint's class count""");
    }

    @Test
    void aRowOnlyOneSideHasIsNamed() {
        String longer = BASE.replace("head:", "  - [-1, 1, Conv, [32, 1, 1]]\nhead:");
        String d = ModelComparison.firstDifference(compile(BASE), "m.yaml", compile(longer), "best.pt")
                .orElseThrow();
        assertThat(d)
                .startsWith("layer 2 differs:")
                .contains("m.yaml:  2  -1  1  ultralytics.nn.modules.head.Classify")
                .contains("best.pt: 2  -1  1  ultralytics.nn.modules.conv.Conv  [32, 32, 1, 1]");
        String convs = "backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [-1, 1, Conv, [16, 3, 1]]\n";
        String e = ModelComparison.firstDifference(
                        compileLoose(convs),
                        "m.yaml",
                        compileLoose(convs + "  - [-1, 1, Conv, [8, 1, 1]]\n"),
                        "best.pt")
                .orElseThrow();
        assertThat(e)
                .isEqualTo("m.yaml has 2 layers, best.pt has 3; the first one only best.pt has:\n"
                        + "  best.pt: 2  -1  1  ultralytics.nn.modules.conv.Conv  [16, 8, 1, 1]");
    }

    /** A model of convolutions only: no head, any number of rows. */
    private static ModelIr compileLoose(String text) {
        var c = Compiler.compile(
                new SourceFile("b.yaml", text),
                CompileOptions.defaults("b.yaml").withImgsz(64));
        assertThat(c.model()).as(c.diagnostics().toString()).isPresent();
        return c.model().orElseThrow();
    }
}
