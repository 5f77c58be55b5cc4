package dev.yamlnet.compiler.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.java.JavaBlocks;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/** The one check both back ends use: which layers have no runtime block, named in the message and at their rows. */
class LayerBlocksTest {
    /**
     * Two OBB heads with two extra values per box (the runtime decodes exactly one angle) around a
     * buildable Conv; with one angle the same model builds.
     */
    static final String OBB2 = "nc: 2\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv, [32, 3, 2]]\n"
            + "head:\n  - [[0, 1], 1, OBB, [nc, 2]]\n  - [1, 1, Conv, [16, 3, 1]]\n  - [[0, 1], 1, OBB, [nc, 2]]\n";

    static ModelIr compile(String yaml) {
        Compilation c = Compiler.compile(
                new SourceFile("obb2.yaml", yaml),
                CompileOptions.defaults("obb2.yaml").withImgsz(64));
        assertThat(c.errors()).isEmpty();
        return c.model().orElseThrow();
    }

    @Test
    void missingLayersAreListedInOrder() {
        assertThat(LayerBlocks.missing(compile(OBB2)))
                .extracting(LayerBlocks.Missing::text)
                .containsExactly("layer 2 (OBB)", "layer 4 (OBB)");
        assertThat(LayerBlocks.missing(compile(OBB2.replace("[nc, 2]", "[nc, 1]"))))
                .isEmpty();
    }

    @Test
    void requireNamesEveryLayerAndPointsAtEachRow() {
        ModelLoadException e = catchThrowableOfType(
                () -> LayerBlocks.require(compile(OBB2), JavaBlocks.INSTANCE, "generated"), ModelLoadException.class);
        assertThat(e.getMessage())
                .isEqualTo("the DJL runtime has no block yet for layer 2 (OBB), layer 4 (OBB); "
                        + "such models can be validated and summarised but not generated");
        assertThat(e.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagCode.E0901, DiagCode.E0901);
        // rows 2 and 4 are lines 6 and 8 of the file
        assertThat(e.diagnostics()).extracting(d -> d.span().line()).containsExactly(6, 8);
        assertThat(e.diagnostics().get(1).message())
                .isEqualTo("layer 4: the runtime has no block yet for OBB as configured here");
    }

    /**
     * A plug-in module (the test class path's {@code SEBlock}, found by {@code ServiceLoader}) whose
     * instance has no block: it validates and summarises, and both back ends refuse it with E0901 at
     * its row, naming it.
     */
    @Test
    void aPluginWithoutARuntimeBlockIsE0901AtItsRow() throws Exception {
        String yaml = "backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, SEBlock, [4]]\nhead: []\n";
        ModelIr model = compile(yaml);
        assertThat(missing(model)).containsExactly("layer 1 (SEBlock)");
        ModelLoadException e = catchThrowableOfType(
                () -> dev.yamlnet.compiler.backend.java.JavaBackend.generate(model, "p", "SeModel"),
                ModelLoadException.class);
        assertThat(e.getMessage())
                .isEqualTo("the DJL runtime has no block yet for layer 1 (SEBlock); "
                        + "such models can be validated and summarised but not generated");
        assertThat(e.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagCode.E0901);
            assertThat(d.span().line()).isEqualTo(3);
            assertThat(d.message()).isEqualTo("layer 1: the runtime has no block yet for SEBlock as configured here");
        });
    }

    private static java.util.List<String> missing(ModelIr model) {
        return LayerBlocks.missing(model).stream()
                .map(LayerBlocks.Missing::text)
                .toList();
    }
}
