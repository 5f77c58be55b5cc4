package dev.yamlnet.compiler.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model YAML that is already data, rendered into lines with key paths so that diagnostics can point into it. */
class EmbeddedYamlTest {
    private static Map<String, Object> yaml() {
        Map<String, Object> scales = new LinkedHashMap<>();
        scales.put("n", List.of(0.33, 0.25, 1024L));
        scales.put("s", List.of(0.33, 0.5, 1024L));
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("nc", 80L);
        y.put("scales", scales);
        y.put("backbone", List.of(List.of(-1L, 1L, "Conv", List.of(64L, 3L, 2L))));
        y.put(
                "head",
                List.of(
                        List.of(List.of(-1L, 0L), 1L, "Concat", List.of(1L)),
                        List.of(-1L, 1L, "nn.Upsample", List.of("None", 2L, "nearest"))));
        y.put("odd key", true);
        return y;
    }

    @Test
    void eachRowAndEntryIsALineTaggedWithItsKeyPath() {
        Diagnostics diags = new Diagnostics();
        EmbeddedYaml.Document doc = EmbeddedYaml.of("best.pt", "model.yaml", yaml(), SourceLoader.Limits.DEFAULT, diags)
                .orElseThrow();
        SourceFile src = doc.source();
        assertThat(src.isEmbedded()).isTrue();
        List<String> paths = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= src.lineCount(); i++) {
            paths.add(src.keyPath(i).orElseThrow());
            lines.add(src.line(i));
        }
        assertThat(paths)
                .containsExactly(
                        "model.yaml.nc",
                        "model.yaml.scales",
                        "model.yaml.scales.n",
                        "model.yaml.scales.s",
                        "model.yaml.backbone",
                        "model.yaml.backbone[0]",
                        "model.yaml.head",
                        "model.yaml.head[0]",
                        "model.yaml.head[1]",
                        "model.yaml['odd key']");
        assertThat(lines.get(5)).isEqualTo("[-1, 1, 'Conv', [64, 3, 2]]");
        assertThat(lines.get(8)).isEqualTo("[-1, 1, 'nn.Upsample', ['None', 2, 'nearest']]");
        // a value's span covers its repr on its row's line
        Value.Seq head = (Value.Seq) ((Value.Dict) doc.root()).entries().get(3).value();
        Value.Seq row = (Value.Seq) head.items().get(1);
        Value module = row.items().get(2);
        assertThat(module.span().line()).isEqualTo(9);
        assertThat(src.textOf(module.span())).isEqualTo("'nn.Upsample'");
        assertThat(((Value.Str) module).value()).isEqualTo("nn.Upsample");
        assertThat(diags.size()).isZero();
    }

    @Test
    void aLongContainerIsAbbreviatedOnItsKeysLine() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(List.of(-1L, 1L, "Conv", List.of(16L, 3L, 1L)));
        }
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("backbone", rows);
        EmbeddedYaml.Document doc = EmbeddedYaml.of(
                        "x.pt", "model.yaml", y, SourceLoader.Limits.DEFAULT, new Diagnostics())
                .orElseThrow();
        assertThat(doc.source().line(1)).hasSizeLessThan(130).endsWith("... (40 items)");
        assertThat(doc.source().lineCount()).isEqualTo(41);
    }

    @Test
    void theLimitsOfAYamlFileApply() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add((long) i);
        }
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("backbone", List.of(many));
        Diagnostics diags = new Diagnostics();
        assertThat(EmbeddedYaml.of("x.pt", "model.yaml", y, new SourceLoader.Limits(1 << 20, 64, 64, 500), diags))
                .isEmpty();
        assertThat(diags.sorted()).extracting(Diagnostic::code).containsExactly(DiagCode.E0006);
        Object deep = 1L;
        for (int i = 0; i < 80; i++) {
            deep = List.of(deep);
        }
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("head", List.of(deep));
        Diagnostics d2 = new Diagnostics();
        assertThat(EmbeddedYaml.of("x.pt", "model.yaml", nested, SourceLoader.Limits.DEFAULT, d2))
                .isEmpty();
        assertThat(d2.sorted().get(0).message()).contains("nests more than 64 levels");
    }
}
