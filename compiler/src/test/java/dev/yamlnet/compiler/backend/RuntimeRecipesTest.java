package dev.yamlnet.compiler.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.djl.ModelLoadException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** The one check both back ends use: which layers have no runtime recipe, named in the message and at their rows. */
class RuntimeRecipesTest {
    /** Two Convs under a ReLU default activation (the runtime's Conv is SiLU only), then a Concat (always buildable). */
    static final String RELU = "nc: 2\nactivation: nn.ReLU()\nbackbone:\n  - [-1, 1, Conv, [16, 3, 1]]\n  - [-1, 1, Conv, [16, 3, 1]]\n"
            + "head:\n  - [[-1, 0], 1, Concat, [1]]\n";

    static ModelIr compile(String yaml) {
        Compilation c = Compiler.compile(new SourceFile("relu.yaml", yaml), CompileOptions.defaults("relu.yaml").withImgsz(64));
        assertThat(c.errors()).isEmpty();
        return c.model().orElseThrow();
    }

    @Test
    void missingLayersAreListedInOrder() {
        assertThat(RuntimeRecipes.missing(compile(RELU))).extracting(RuntimeRecipes.Missing::text)
                .containsExactly("layer 0 (Conv)", "layer 1 (Conv)");
        assertThat(RuntimeRecipes.missing(compile(RELU.replace("nn.ReLU()", "nn.SiLU()")))).isEmpty();
    }

    @Test
    void requireNamesEveryLayerAndPointsAtEachRow() {
        ModelLoadException e = catchThrowableOfType(() -> RuntimeRecipes.require(compile(RELU), "generated"), ModelLoadException.class);
        assertThat(e.getMessage()).isEqualTo("the DJL runtime has no block yet for layer 0 (Conv), layer 1 (Conv); "
                + "such models can be validated and summarised but not generated");
        assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagCode.E0901, DiagCode.E0901);
        // rows 0 and 1 are lines 4 and 5 of the file
        assertThat(e.diagnostics()).extracting(d -> d.span().line()).containsExactly(4, 5);
        assertThat(e.diagnostics().get(1).message()).isEqualTo("layer 1: the runtime has no block yet for Conv as configured here");
    }
}
