package dev.yamlnet.compiler.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.compare.ModelComparison;
import dev.yamlnet.compiler.compare.SpeedReport;
import dev.yamlnet.compiler.ir.ModelIr;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The comparison's text and JSON. Parameter figures are Ultralytics' (yolov8n: 3,157,200, its
 * layer 8 C2f: 460,288; yolov8n-bot3: 2,916,816, its BoT3: 219,904).
 */
class CompareTextTest {
    static ModelIr compile(String file) {
        return Compiler.compile(TestPaths.examples().resolve(file), CompileOptions.defaults(file))
                .model()
                .orElseThrow();
    }

    static ModelComparison compare(String base, String changed) {
        return ModelComparison.of(compile(base), compile(changed));
    }

    static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    static List<String> marked(String text, String mark) {
        return lines(text).stream().filter(l -> l.startsWith(mark)).toList();
    }

    @Test
    void bot3AgainstStockShowsOneChangedRowAsTwoLinesAndTheTotals() {
        String text = CompareText.render(List.of(compare("yolov8n.yaml", "yolov8n-bot3.yaml")), Optional.empty());
        List<String> table = lines(text);
        int row8 = table.indexOf(marked(text, "~").get(0));
        assertThat(table.get(row8)).matches("~ +8 +8 +-1 +1 +C2f +\\[256, 256, 1, True] +256x20x20 +460,288 +0\\.369");
        assertThat(table.get(row8 + 1))
                .matches(
                        " +-1 +1 +BoT3 +\\[256, 256, 1, 0\\.5, 1, 20, 20] +256x20x20 +219,904 +-240,384 +0\\.163 +-0\\.206");
        assertThat(marked(text, "~")).hasSize(1);
        assertThat(marked(text, "+")).isEmpty();
        assertThat(marked(text, "-")).isEmpty();
        assertThat(text)
                .contains("rows: 22 same, 1 changed, 0 inserted, 0 removed\n"
                        + "  ~ layer 8 C2f -> BoT3, args [256, 256, 1, True] -> [256, 256, 1, 0.5, 1, 20, 20], "
                        + "params 460,288 -> 219,904 (-240,384), GFLOPs 0.369 -> 0.163 (-0.206)\n"
                        + "attention memory:\n"
                        + "  yolov8n-bot3 layer 8 BoT3: 2.4 MiB per image and inner block (4 heads x 400^2 float32 logits)\n"
                        + "shapes: the same in every pair of rows\n");
        assertThat(text)
                .contains("totals          yolov8n  yolov8n-bot3    change\n"
                        + "  parameters  3,157,200     2,916,816  -240,384  (-7.6 %)\n"
                        + "  gradients   3,157,184     2,916,800  -240,384  (-7.6 %)\n"
                        + "  layers            130           135        +5  (+3.8 %)\n");
        assertThat(text).containsPattern("(?m)^  GFLOPs +8\\.86 +8\\.65 +-0\\.21 +\\(-2\\.3 %\\)$");
        assertThat(text).doesNotContain("\u001b[");
    }

    @Test
    void insertedAndRemovedRowsAreMarkedWithTheirOwnSideOnly() {
        String p2 = CompareText.render(List.of(compare("yolov8n.yaml", "yolov8n-p2.yaml")), Optional.empty());
        List<String> plus = marked(p2, "+");
        assertThat(plus).hasSize(6);
        // an inserted row has no base index: after the mark, the first number is the new index
        for (int k = 0; k < plus.size(); k++) {
            assertThat(plus.get(k)).startsWith("+         " + (16 + k));
        }
        assertThat(p2).contains("shapes: first differ at layer 22 -> 28 (Detect): 84x8400 -> 84x34000\n");

        String noSppf = CompareText.render(List.of(compare("yolov8n.yaml", "yolov8n-no-sppf.yaml")), Optional.empty());
        assertThat(marked(noSppf, "-"))
                .singleElement()
                .asString()
                .matches("- +9 +-1 +1 +SPPF +\\[256, 256, 5] +256x20x20 +164,608 +-164,608 +0\\.132 +-0\\.132");
        assertThat(noSppf).contains("  ~ layer 20 -> 19 Concat: from [-1, 9] -> [-1, 8]\n");
    }

    @Test
    void severalChangedModelsGetOneColumnGroupEach() {
        ModelIr base = compile("yolov8n.yaml");
        List<ModelComparison> cs = List.of(
                ModelComparison.of(base, compile("yolov8n-bot3.yaml")),
                ModelComparison.of(base, compile("yolov8n-p2.yaml")));
        String text = CompareText.render(cs, Optional.empty());
        List<String> table = lines(text);
        int names = table.indexOf(table.stream()
                .filter(l -> l.contains("|  yolov8n-bot3"))
                .findFirst()
                .orElseThrow());
        assertThat(table.get(names)).matches(" +\\|  yolov8n-bot3 +\\|  yolov8n-p2");
        assertThat(table.get(names + 1))
                .matches(" #  module +output +params +\\| +# +module +output +params +change"
                        + " +\\| +# +module +output +params +change");
        // base row 8: BoT3 in the first group, unchanged in the second
        assertThat(text)
                .containsPattern(
                        "(?m)^ 8  C2f +256x20x20 +460,288 +\\|  ~ +8  BoT3 +256x20x20 +219,904 +-240,384 +\\| +8  =$");
        // the P2 rows come before base row 16, with nothing in the base's and BoT3's columns
        int first = table.indexOf(
                table.stream().filter(l -> l.contains("+  16")).findFirst().orElseThrow());
        assertThat(table.get(first)).matches(" +\\| +\\|  \\+  16  nn\\.Upsample +64x160x160 +0");
        assertThat(table.get(first + 6)).startsWith("16  Conv");
        assertThat(text).contains("rows of yolov8n-bot3: 22 same, 1 changed, 0 inserted, 0 removed\n");
        assertThat(text).contains("rows of yolov8n-p2: 22 same, 1 changed, 6 inserted, 0 removed\n");
        assertThat(text)
                .containsPattern(
                        "(?m)^  parameters  3,157,200     2,916,816  -240,384  \\(-7\\.6 %\\) +3,354,144  \\+196,944"
                                + " +\\(\\+6\\.2 %\\)$");
    }

    @Test
    void coloursOnlyWhenAskedAndOnlyOnRowsThatDiffer() {
        String text =
                CompareText.render(List.of(compare("yolov8n.yaml", "yolov8n-no-sppf.yaml")), Optional.empty(), true);
        List<String> coloured =
                lines(text).stream().filter(l -> l.contains("\u001b[")).toList();
        assertThat(coloured).hasSize(3); // the removed SPPF and the Concat whose from changed (two lines)
        assertThat(coloured.get(0)).startsWith("\u001b[31m-").endsWith("\u001b[0m");
        assertThat(coloured.get(1)).startsWith("\u001b[33m~");
    }

    @Test
    void speedIsPrintedWithTheMachineLoad() {
        SpeedReport s = new SpeedReport(
                "PyTorch (DJL), CPU",
                List.of(new SpeedReport.Timing(10, 40.0, 50.0), new SpeedReport.Timing(10, 30.0, 45.0)),
                1,
                1,
                1.25,
                1.5,
                2);
        String text = CompareText.render(List.of(compare("yolov8n.yaml", "yolov8n-bot3.yaml")), Optional.of(s));
        assertThat(text)
                .contains("  yolov8n       min 40.00 ms  median 50.00 ms\n"
                        + "  yolov8n-bot3  min 30.00 ms  median 45.00 ms  (-10.0 %)\n"
                        + "machine load: 1.25 before, 1.50 after (one-minute load average, 2 cores)\n");
        assertThat(text)
                .contains("1 thread;\n       10 timed passes per model after 1 warm-up, the models taking turns\n");
    }

    @Test
    void jsonHasEveryRowWithItsStatusDifferencesAndDeltas() {
        String json = CompareJson.render(List.of(compare("yolov8n.yaml", "yolov8n-bot3.yaml")), Optional.empty());
        JsonObject doc = JsonParser.parseString(json).getAsJsonObject();
        assertThat(doc.keySet()).containsExactly("imgsz", "base", "changed");
        assertThat(doc.getAsJsonObject("base").get("model").getAsString()).isEqualTo("yolov8n");
        assertThat(doc.getAsJsonObject("base")
                        .getAsJsonObject("totals")
                        .get("params")
                        .getAsLong())
                .isEqualTo(3_157_200);
        JsonObject c = doc.getAsJsonArray("changed").get(0).getAsJsonObject();
        assertThat(c.get("model").getAsString()).isEqualTo("yolov8n-bot3");
        assertThat(c.getAsJsonObject("counts").toString())
                .isEqualTo("{\"same\":22,\"changed\":1,\"inserted\":0,\"removed\":0}");
        JsonArray rows = c.getAsJsonArray("rows");
        assertThat(rows).hasSize(23);
        JsonObject row8 = rows.get(8).getAsJsonObject();
        assertThat(row8.get("status").getAsString()).isEqualTo("changed");
        assertThat(row8.get("differences").toString()).isEqualTo("[\"module\",\"args\",\"params\",\"gflops\"]");
        assertThat(row8.getAsJsonObject("base").get("module").getAsString()).isEqualTo("C2f");
        assertThat(row8.getAsJsonObject("changed").get("module").getAsString()).isEqualTo("BoT3");
        assertThat(row8.getAsJsonObject("changed").get("params").getAsLong()).isEqualTo(219_904);
        assertThat(row8.getAsJsonObject("changed").get("attention_memory_bytes").getAsLong())
                .isEqualTo(2_560_000);
        assertThat(row8.get("params_delta").getAsLong()).isEqualTo(-240_384);
        assertThat(rows.get(0).getAsJsonObject().get("status").getAsString()).isEqualTo("same");
        assertThat(rows.get(0).getAsJsonObject().get("differences").getAsJsonArray())
                .isEmpty();
        JsonObject params = c.getAsJsonObject("totals_delta").getAsJsonObject("params");
        assertThat(params.get("base").getAsLong()).isEqualTo(3_157_200);
        assertThat(params.get("changed").getAsLong()).isEqualTo(2_916_816);
        assertThat(params.get("delta").getAsLong()).isEqualTo(-240_384);
        assertThat(params.get("relative").getAsDouble()).isBetween(-0.0762, -0.0761);
        assertThat(c.getAsJsonObject("totals_delta").keySet())
                .containsExactly("params", "gradients", "layers", "gflops", "gflops_imgsz", "rows");
        assertThat(c.get("first_shape_divergence").isJsonNull()).isTrue();
    }

    @Test
    void jsonNamesWhereShapesFirstDifferAndWhichRowsAreInserted() {
        JsonObject c = JsonParser.parseString(
                        CompareJson.render(List.of(compare("yolov8n.yaml", "yolov8n-p2.yaml")), Optional.empty()))
                .getAsJsonObject()
                .getAsJsonArray("changed")
                .get(0)
                .getAsJsonObject();
        assertThat(c.getAsJsonObject("first_shape_divergence").toString())
                .isEqualTo(
                        "{\"base_index\":22,\"changed_index\":28,\"base_shape\":[[84,8400],{\"boxes\":[64,8400],"
                                + "\"scores\":[80,8400],\"feats\":[[64,80,80],[128,40,40],[256,20,20]]}],\"changed_shape\":[[84,34000],"
                                + "{\"boxes\":[64,34000],\"scores\":[80,34000],\"feats\":[[32,160,160],[64,80,80],[128,40,40],[256,20,20]]}]}");
        JsonObject inserted = c.getAsJsonArray("rows").get(16).getAsJsonObject();
        assertThat(inserted.get("status").getAsString()).isEqualTo("inserted");
        assertThat(inserted.get("base").isJsonNull()).isTrue();
        assertThat(inserted.getAsJsonObject("changed").get("index").getAsInt()).isEqualTo(16);
        assertThat(inserted.getAsJsonObject("changed").get("module").getAsString())
                .isEqualTo("nn.Upsample");
    }
}
