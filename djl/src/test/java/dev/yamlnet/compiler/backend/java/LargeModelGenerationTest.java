package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.djl.DjlBackend;
import dev.yamlnet.runtime.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java refuses a method whose bytecode exceeds 64 KB ("code too large"). A model of 500 rows, 50 of
 * them Concats of 200 inputs, would need more than that in one method (each of the 10,000 input
 * indices costs 7 to 8 bytes of array-building bytecode: about 75 KB); the generator cuts the build
 * into methods by section and size, and javac compiles the result.
 */
@Tag("engine")
class LargeModelGenerationTest {
    @TempDir
    Path tmp;

    /** 500 rows: 400 small Convs in the backbone, then a head alternating Concats of 200 earlier layers and Convs. */
    static String yaml() {
        StringBuilder sb = new StringBuilder("nc: 2\nbackbone:\n");
        sb.append("  - [-1, 1, Conv, [8, 3, 2]]\n");
        for (int i = 1; i < 400; i++) {
            sb.append("  - [-1, 1, Conv, [8, 3, 1]]\n");
        }
        sb.append("head:\n");
        for (int i = 400; i < 500; i++) {
            if (i % 2 == 0) {
                StringBuilder from = new StringBuilder("[-1");
                for (int j = 1; j < 200; j++) {
                    from.append(", ").append(j);
                }
                sb.append("  - [").append(from).append("], 1, Concat, [1]]\n");
            } else {
                sb.append("  - [-1, 1, Conv, [8, 1, 1]]\n");
            }
        }
        return sb.toString();
    }

    @Test
    void aModelOfFiveHundredRowsCompilesAndBuildsTheSameGraph() throws Exception {
        Path file = Files.writeString(tmp.resolve("huge.yaml"), yaml());
        Compilation c =
                Compiler.compile(file, CompileOptions.defaults("huge.yaml").withImgsz(32));
        assertThat(c.errors())
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .isEmpty();
        ModelIr model = c.model().orElseThrow();
        assertThat(model.layers()).hasSize(500);

        String source = JavaBackend.generate(model, "big", "HugeModel").toString();
        List<String> parts = new ArrayList<>();
        Matcher m = Pattern.compile("private static void (\\w+)\\(ModelGraph\\.Builder graph\\)")
                .matcher(source);
        while (m.find()) {
            parts.add(m.group(1));
        }
        // 400 backbone rows in methods of at most 64 layers; the head's 200-input rows cut by size
        assertThat(parts).startsWith("backbone0To63", "backbone64To127").contains("backbone384To399");
        assertThat(parts.stream().filter(p -> p.startsWith("head")).count()).isGreaterThan(3);
        assertThat(source.lines()
                        .filter(l -> l.startsWith("        graph.add("))
                        .count())
                .isEqualTo(500);

        Class<?> type = InMemoryJavac.compile("big.HugeModel", source);
        ModelGraph generated = (ModelGraph) type.getMethod("block").invoke(null);
        ModelGraph reference = DjlBackend.build(model);
        Shape image = new Shape(1, 3, 32, 32);
        assertThat(generated.getOutputShapes(new Shape[] {image}))
                .isEqualTo(reference.getOutputShapes(new Shape[] {image}));
        assertThat(generated.ultralyticsParameters().keySet())
                .containsExactlyElementsOf(reference.ultralyticsParameters().keySet());
        assertThat(generated.layers()).hasSize(500);
    }
}
