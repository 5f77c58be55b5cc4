package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yamlnet compare} as a user runs it. The figures are Ultralytics 8.4.117's: yolov8n has
 * 3,157,200 parameters and its layer 8 C2f 460,288; yolov8n-bot3 has 2,916,816 and its BoT3
 * 219,904; yolov8s has 11,166,560. The per-row GFLOPs follow thop's rules (layer 0, Conv 3 to 16
 * at 320x320: 16*320*320*27 convolution plus 4*16*320*320 BatchNorm MACs, times 2: 0.102).
 */
class CompareCommandTest {
    @TempDir
    Path tmp;

    static String example(String name) {
        return TestPaths.examples().resolve(name).toString();
    }

    /** The whole output of the example, below the lines naming the two files. */
    static final List<String> BOT3 = List.of(
            "",
            "   base  new          from  n  module       arguments                       output       params    change  GFLOPs  change",
            "      0    0            -1  1  Conv         [3, 16, 3, 2]                   16x320x320      464             0.102",
            "      1    1            -1  1  Conv         [16, 32, 3, 2]                  32x160x160    4,672             0.242",
            "      2    2            -1  1  C2f          [32, 32, 1, True]               32x160x160    7,360             0.387",
            "      3    3            -1  1  Conv         [32, 64, 3, 2]                  64x80x80     18,560             0.239",
            "      4    4            -1  2  C2f          [64, 64, 2, True]               64x80x80     49,664             0.642",
            "      5    5            -1  1  Conv         [64, 128, 3, 2]                 128x40x40    73,984             0.238",
            "      6    6            -1  2  C2f          [128, 128, 2, True]             128x40x40   197,632             0.636",
            "      7    7            -1  1  Conv         [128, 256, 3, 2]                256x20x20   295,424             0.237",
            "~     8    8            -1  1  C2f          [256, 256, 1, True]             256x20x20   460,288             0.369",
            "                        -1  1  BoT3         [256, 256, 1, 0.5, 1, 20, 20]   256x20x20   219,904  -240,384   0.163  -0.206",
            "      9    9            -1  1  SPPF         [256, 256, 5]                   256x20x20   164,608             0.132",
            "     10   10            -1  1  nn.Upsample  [None, 2, 'nearest']            256x40x40         0             0.000",
            "     11   11       [-1, 6]  1  Concat       [1]                             384x40x40         0             0.000",
            "     12   12            -1  1  C2f          [384, 128, 1]                   128x40x40   148,224             0.477",
            "     13   13            -1  1  nn.Upsample  [None, 2, 'nearest']            128x80x80         0             0.000",
            "     14   14       [-1, 4]  1  Concat       [1]                             192x80x80         0             0.000",
            "     15   15            -1  1  C2f          [192, 64, 1]                    64x80x80     37,248             0.482",
            "     16   16            -1  1  Conv         [64, 64, 3, 2]                  64x40x40     36,992             0.119",
            "     17   17      [-1, 12]  1  Concat       [1]                             192x40x40         0             0.000",
            "     18   18            -1  1  C2f          [192, 128, 1]                   128x40x40   123,648             0.398",
            "     19   19            -1  1  Conv         [128, 128, 3, 2]                128x20x20   147,712             0.118",
            "     20   20       [-1, 9]  1  Concat       [1]                             384x20x20         0             0.000",
            "     21   21            -1  1  C2f          [384, 256, 1]                   256x20x20   493,056             0.396",
            "     22   22  [15, 18, 21]  1  Detect       [80, 16, None, [64, 128, 256]]  84x8400     897,664             3.642",
            "",
            "rows: 22 same, 1 changed, 0 inserted, 0 removed",
            "  ~ layer 8 C2f -> BoT3, args [256, 256, 1, True] -> [256, 256, 1, 0.5, 1, 20, 20], params 460,288 -> 219,904 (-240,384), GFLOPs 0.369 -> 0.163 (-0.206)",
            "attention memory:",
            "  yolov8n-bot3 layer 8 BoT3: 2.4 MiB per image and inner block (4 heads x 400^2 float32 logits)",
            "shapes: the same in every pair of rows",
            "",
            "totals          yolov8n  yolov8n-bot3    change",
            "  parameters  3,157,200     2,916,816  -240,384  (-7.6 %)",
            "  gradients   3,157,184     2,916,800  -240,384  (-7.6 %)",
            "  layers            130           135        +5  (+3.8 %)",
            "  GFLOPs           8.86          8.65     -0.21  (-2.3 %)",
            "");

    @Test
    void bot3AgainstStockIsOneChangedRowWithTheTotalsAndNothingElse() {
        Cli.Result r = Cli.run("compare", example("yolov8n.yaml"), example("yolov8n-bot3.yaml"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = Arrays.asList(r.out().split("\n", -1));
        assertThat(lines.subList(0, 3))
                .containsExactly(
                        "base     yolov8n       " + TestPaths.examples().resolve("yolov8.yaml") + ", scale n",
                        "changed  yolov8n-bot3  " + TestPaths.examples().resolve("yolov8-bot3.yaml") + ", scale n",
                        "imgsz    640");
        assertThat(lines.subList(3, lines.size())).containsExactlyElementsOf(BOT3);
    }

    @Test
    void bot3AgainstStockAsJson() {
        Cli.Result r = Cli.run("compare", example("yolov8n.yaml"), example("yolov8n-bot3.yaml"), "--json");
        assertThat(r.exitCode()).isZero();
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(doc.get("imgsz").getAsInt()).isEqualTo(640);
        assertThat(doc.getAsJsonObject("base").get("model").getAsString()).isEqualTo("yolov8n");
        assertThat(doc.getAsJsonObject("base").get("source").getAsString()).endsWith("yolov8.yaml");
        JsonArray changed = doc.getAsJsonArray("changed");
        assertThat(changed).hasSize(1);
        JsonObject c = changed.get(0).getAsJsonObject();
        assertThat(c.get("model").getAsString()).isEqualTo("yolov8n-bot3");
        assertThat(c.getAsJsonObject("counts").toString())
                .isEqualTo("{\"same\":22,\"changed\":1,\"inserted\":0,\"removed\":0}");
        JsonArray rows = c.getAsJsonArray("rows");
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            assertThat(row.get("status").getAsString()).as("row " + i).isEqualTo(i == 8 ? "changed" : "same");
            assertThat(row.getAsJsonObject("base").get("index").getAsInt()).isEqualTo(i);
            assertThat(row.getAsJsonObject("changed").get("index").getAsInt()).isEqualTo(i);
        }
        JsonObject row8 = rows.get(8).getAsJsonObject();
        assertThat(row8.getAsJsonObject("base").get("module").getAsString()).isEqualTo("C2f");
        assertThat(row8.getAsJsonObject("base").get("params").getAsLong()).isEqualTo(460_288);
        assertThat(row8.getAsJsonObject("changed").get("module").getAsString()).isEqualTo("BoT3");
        assertThat(row8.getAsJsonObject("changed").get("params").getAsLong()).isEqualTo(219_904);
        assertThat(row8.get("params_delta").getAsLong()).isEqualTo(-240_384);
        assertThat(row8.get("differences").toString()).isEqualTo("[\"module\",\"args\",\"params\",\"gflops\"]");
        JsonObject params = c.getAsJsonObject("totals_delta").getAsJsonObject("params");
        assertThat(params.toString())
                .startsWith("{\"base\":3157200,\"changed\":2916816,\"delta\":-240384,\"relative\":-0.0761");
        JsonObject gflops = c.getAsJsonObject("totals_delta").getAsJsonObject("gflops");
        assertThat(gflops.get("delta").getAsDouble()).isNegative();
        assertThat(c.get("first_shape_divergence").isJsonNull()).isTrue();
        assertThat(doc.has("speed")).isFalse();
    }

    @Test
    void twoScalesOfOneFileWithScaleChangedOrByTheirFileNames() {
        Cli.Result flags = Cli.run("compare", example("yolov8.yaml"), "--scale", "n", "--scale-changed", "s");
        Cli.Result names = Cli.run("compare", example("yolov8n.yaml"), example("yolov8s.yaml"));
        assertThat(flags.exitCode()).isZero();
        assertThat(names.exitCode()).isZero();
        assertThat(flags.out())
                .startsWith("base     yolov8n  " + example("yolov8.yaml") + ", scale n\n" + "changed  yolov8s  "
                        + example("yolov8.yaml") + ", scale s\n");
        // below the header the two spellings print the same comparison
        String body = flags.out().substring(flags.out().indexOf("imgsz"));
        assertThat(names.out()).endsWith(body);
        assertThat(body)
                .contains("rows: 0 same, 23 changed, 0 inserted, 0 removed\n")
                .contains("  parameters  3,157,200  11,166,560  +8,009,360  (+253.7 %)\n")
                .contains("shapes: first differ at layer 0 (Conv): 16x320x320 -> 32x320x320\n");
    }

    @Test
    void severalChangedModelsGetAColumnGroupEach() {
        Cli.Result r = Cli.run(
                "compare",
                example("yolov8n.yaml"),
                example("yolov8n-bot3.yaml"),
                example("yolov8n-p2.yaml"),
                example("yolov8n-no-sppf.yaml"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^ +\\|  yolov8n-bot3 +\\|  yolov8n-p2 +\\|  yolov8n-no-sppf$")
                .contains("rows of yolov8n-bot3: 22 same, 1 changed, 0 inserted, 0 removed\n")
                .contains("rows of yolov8n-p2: 22 same, 1 changed, 6 inserted, 0 removed\n")
                .contains("rows of yolov8n-no-sppf: 21 same, 1 changed, 0 inserted, 1 removed\n");
    }

    @Test
    void outputOptionWritesTheResultToAFile() throws Exception {
        Path file = tmp.resolve("cmp.txt");
        Cli.Result r = Cli.run("compare", example("yolov8n.yaml"), example("yolov8n-bot3.yaml"), "-o", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(file)).contains("rows: 22 same, 1 changed, 0 inserted, 0 removed");
        Cli.Result nowhere = Cli.run(
                "compare",
                example("yolov8n.yaml"),
                example("yolov8n-bot3.yaml"),
                "--output",
                tmp.resolve("no/such/dir/cmp.txt").toString());
        assertThat(nowhere.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(nowhere.err()).contains("cannot write").contains("no such directory");
    }

    @Test
    void coloursOnlyWhenAsked() {
        Cli.Result plain = Cli.run("compare", example("yolov8n.yaml"), example("yolov8n-bot3.yaml"));
        Cli.Result always =
                Cli.run("compare", example("yolov8n.yaml"), example("yolov8n-bot3.yaml"), "--color", "always");
        assertThat(plain.out()).doesNotContain("\u001b[");
        assertThat(always.out()).contains("\u001b[33m~     8    8").contains("\u001b[0m");
        assertThat(always.out().replaceAll("\u001b\\[[0-9]*m", "")).isEqualTo(plain.out());
    }

    @Test
    void withoutAChangedModelOrScaleItIsAUsageError() {
        Cli.Result r = Cli.run("compare", example("yolov8n.yaml"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required parameter: 'CHANGED'").contains("--scale-changed");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void brokenAndMissingModelsAreReportedAndNothingIsPrinted() throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, ValidateCommandTest.UNKNOWN_MODULE);
        Cli.Result r = Cli.run("compare", example("yolov8n.yaml"), broken.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.MODEL_ERRORS);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error[E0201]").contains("FAILED " + broken);
        Cli.Result missing = Cli.run("compare", tmp.resolve("nope.yaml").toString(), example("yolov8n.yaml"));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("error[E0001]");
    }

    @Test
    @Tag("engine")
    void speedTimesEveryModelAndPrintsTheMachineLoad() {
        Cli.Result r = Cli.run(
                "compare",
                example("yolov8n.yaml"),
                example("yolov8n-p2.yaml"),
                "--imgsz",
                "64",
                "--speed",
                "--repeat",
                "2",
                "--threads",
                "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("speed: forward pass of a 1x3x64x64 input, random weights, PyTorch (DJL), CPU, 1 thread;\n"
                        + "       2 timed passes per model after 1 warm-up, the models taking turns\n")
                .containsPattern("(?m)^  yolov8n +min +\\d+\\.\\d\\d ms +median +\\d+\\.\\d\\d ms$")
                .containsPattern(
                        "(?m)^  yolov8n-p2 +min +\\d+\\.\\d\\d ms +median +\\d+\\.\\d\\d ms +\\([+-]\\d+\\.\\d %\\)$")
                .containsPattern(
                        "(?m)^machine load: \\d+\\.\\d\\d before, \\d+\\.\\d\\d after \\(one-minute load average, \\d+ cores?\\)$");
        Cli.Result json = Cli.run(
                "compare",
                example("yolov8n.yaml"),
                example("yolov8n-p2.yaml"),
                "--imgsz",
                "64",
                "--speed",
                "--repeat",
                "2",
                "--json");
        JsonObject doc = JsonParser.parseString(json.out()).getAsJsonObject();
        assertThat(doc.getAsJsonObject("base")
                        .getAsJsonObject("speed")
                        .get("runs")
                        .getAsInt())
                .isEqualTo(2);
        JsonObject p2 = doc.getAsJsonArray("changed").get(0).getAsJsonObject().getAsJsonObject("speed");
        assertThat(p2.get("min_ms").getAsDouble())
                .isPositive()
                .isLessThanOrEqualTo(p2.get("median_ms").getAsDouble());
        assertThat(doc.getAsJsonObject("speed").keySet())
                .contains("engine", "warmup", "threads", "load_before", "load_after", "cores");
    }

    @Test
    void speedOfAModelTheRuntimeCannotBuildIsAnIoProblem() throws Exception {
        // an OBB head with two values per box: valid, but the DJL runtime has no block for it
        Path obb = tmp.resolve("obb2.yaml");
        Files.writeString(
                obb,
                "nc: 2\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv, [32, 3, 2]]\n"
                        + "head:\n  - [[0, 1], 1, OBB, [nc, 2]]\n");
        Cli.Result r = Cli.run("compare", obb.toString(), obb.toString(), "--imgsz", "64", "--speed");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("yamlnet: cannot time obb2");
        assertThat(r.out()).isEmpty();
    }
}
