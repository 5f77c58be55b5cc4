package dev.yamlnet.compiler.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference runs cover scales n and s; the rules must hold at every scale. Parameters,
 * gradients and layer counts of every scale of the stock models (m, l and x included) as the
 * specification's Appendix C gives them.
 */
class AllScalesTest {
    record Row(String file, String scale, int layers, long params, long gradients) {
        @Override
        public String toString() {
            return file.replace(".yaml", "") + " scale " + scale;
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                AllScalesTest.class.getClassLoader().getResourceAsStream("conformance/all-scales.csv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split(",");
                out.add(new Row(c[0], c[1], Integer.parseInt(c[2]), Long.parseLong(c[3]), Long.parseLong(c[4])));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyScaleMatchesUltralytics(Row row) {
        Compilation result = Compiler.compile(
                TestPaths.examples().resolve(row.file()),
                CompileOptions.defaults(row.file()).withScale(row.scale()));
        assertThat(result.errors())
                .as(() -> new DiagnosticPrinter(result.source()).render(result.diagnostics()))
                .isEmpty();
        ModelIr model = result.model().orElseThrow();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(model.params()).as("parameters").isEqualTo(row.params());
        soft.assertThat(model.gradients()).as("gradients").isEqualTo(row.gradients());
        soft.assertThat(model.layerCount()).as("layers").isEqualTo(row.layers());
        soft.assertAll();
    }
}
