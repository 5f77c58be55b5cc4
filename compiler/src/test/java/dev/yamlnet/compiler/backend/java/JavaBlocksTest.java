package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.CodeBlock;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.LayerBlocks;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.core.Activation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Java back end's block factory prints each call as the runtime's static factory of the same
 * name with Java literals, the text generated classes contain (the generated-class tests compile
 * and run it against the DJL back end).
 */
class JavaBlocksTest {
    private static final JavaBlocks BLOCKS = JavaBlocks.INSTANCE;

    /** The code as it reads in a generated class, which imports {@code Layers}. */
    static String text(CodeBlock code) {
        return code.toString().replace("dev.yamlnet.runtime.blocks.", "").replace("java.lang.", "");
    }

    @Test
    void eachMethodPrintsTheLayersCallOfTheSameName() {
        assertThat(text(BLOCKS.conv(3, 16, 3, 2, 1, 1, 1, true))).isEqualTo("Layers.conv(3, 16, 3, 2, 1, 1, 1, true)");
        assertThat(text(BLOCKS.conv(3, 16, 1, 3, 1, 0, 1, 1, 1, false)))
                .isEqualTo("Layers.conv(3, 16, 1, 3, 1, 0, 1, 1, 1, false)");
        assertThat(text(BLOCKS.c3k2(32, 64, 1, false, 0.25, false, 1, true)))
                .isEqualTo("Layers.c3k2(32, 64, 1, false, 0.25, false, 1, true)");
        assertThat(text(BLOCKS.pose(1, new int[] {17, 3}, 16, true, new int[] {16, 32}, new double[] {8, 16})))
                .isEqualTo("Layers.pose(1, new int[] {17, 3}, 16, true, new int[] {16, 32}, new double[] {8.0, 16.0})");
        assertThat(text(BLOCKS.maxPool(2, 2, 2, 2, 0, 0, false))).isEqualTo("Layers.maxPool(2, 2, 2, 2, 0, 0, false)");
        assertThat(text(BLOCKS.maxPool(3, 3, 1, 1, 1, 1, 2, 2, true)))
                .isEqualTo("Layers.maxPool(3, 3, 1, 1, 1, 1, 2, 2, true)");
        assertThat(text(BLOCKS.identity())).isEqualTo("Layers.identity()");
    }

    @Test
    void repeatAndActivationWrapTheirBlocksInLambdas() {
        CodeBlock code = BLOCKS.repeat(
                2,
                () -> BLOCKS.withActivation(Activation.leakyRelu(0.1), () -> BLOCKS.conv(4, 4, 3, 1, 1, 1, 1, true)));
        assertThat(text(code))
                .isEqualTo("Layers.repeat(2, () -> Layers.withActivation(\"nn.LeakyReLU(negative_slope=0.1)\", "
                        + "() -> Layers.conv(4, 4, 3, 1, 1, 1, 1, true)))");
    }

    @Test
    void stringsAndSpecialNumbersBecomeJavaLiterals() {
        assertThat(text(BLOCKS.upsample(Double.POSITIVE_INFINITY, "say \"hi\"\\\n")))
                .isEqualTo("Layers.upsample(Double.POSITIVE_INFINITY, \"say \\\"hi\\\"\\\\\\n\")");
        assertThat(text(BLOCKS.upsample(Double.NaN, "é"))).isEqualTo("Layers.upsample(Double.NaN, \"\\u00e9\")");
    }

    @Test
    void aRepeatedRowIsOneRepeatCallAndABoT3RowItsOwnFactory() {
        String yaml =
                "backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 2, Conv, [16, 3, 1]]\n  - [-1, 1, BoT3, [16, 0.5, 1, 0, 0]]\n"
                        + "head: []\n";
        Compilation c = Compiler.compile(
                new SourceFile("r.yaml", yaml),
                CompileOptions.defaults("r.yaml").withImgsz(64));
        assertThat(c.errors()).isEmpty();
        List<Optional<CodeBlock>> calls = LayerBlocks.of(c.model().orElseThrow(), BLOCKS);
        assertThat(text(calls.get(1).orElseThrow()))
                .isEqualTo("Layers.repeat(2, () -> Layers.conv(16, 16, 3, 1, 1, 1, 1, true))");
        assertThat(text(calls.get(2).orElseThrow())).isEqualTo("Layers.bot3(16, 16, 1, 0.5, 1, 0, 0)");
    }
}
