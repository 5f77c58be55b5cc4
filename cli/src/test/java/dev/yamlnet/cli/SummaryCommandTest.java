package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected figures are Ultralytics 8.4.117's own output for yolov8n.yaml (conformance/reference/yolov8n.json). */
class SummaryCommandTest {
    @TempDir
    Path tmp;

    static String yolov8n() {
        return TestPaths.examples().resolve("yolov8n.yaml").toString();
    }

    @Test
    void tablePrintsUltralyticsRowsAndSummaryLine() {
        Cli.Result r = Cli.run("summary", yolov8n());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out())
                .contains(
                        "  0                  -1  1       464  ultralytics.nn.modules.conv.Conv             [3, 16, 3, 2]")
                .contains(" 11             [-1, 6]  1         0  ultralytics.nn.modules.conv.Concat           [1]")
                .containsPattern(
                        "(?m)^YOLOv8n summary: 130 layers, 3,157,200 parameters, 3,157,184 gradients, 8.9 GFLOPs$");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void nScaleNameResolvesToTheScalelessFile() {
        // examples/yaml has yolov8.yaml only; yolov8n.yaml means it at scale n, without a warning
        assertThat(Files.exists(Path.of(yolov8n()))).isFalse();
        Cli.Result r = Cli.run("summary", yolov8n());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonHasTheDocumentedKeysAndTotals() {
        Cli.Result r = Cli.run("summary", yolov8n(), "--json");
        assertThat(r.exitCode()).isEqualTo(0);
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(doc.keySet()).contains("model", "source", "scale", "imgsz", "layers", "totals", "strides");
        assertThat(doc.get("model").getAsString()).isEqualTo("yolov8n");
        assertThat(doc.get("source").getAsString()).endsWith("yolov8.yaml");
        assertThat(doc.get("scale").getAsString()).isEqualTo("n");
        assertThat(doc.get("imgsz").getAsInt()).isEqualTo(640);

        JsonArray layers = doc.getAsJsonArray("layers");
        assertThat(layers).hasSize(23);
        JsonObject first = layers.get(0).getAsJsonObject();
        assertThat(first.get("index").getAsInt()).isEqualTo(0);
        assertThat(first.get("from").getAsInt()).isEqualTo(-1);
        assertThat(first.get("repeats").getAsInt()).isEqualTo(1);
        assertThat(first.get("params").getAsLong()).isEqualTo(464);
        assertThat(first.get("module").getAsString()).isEqualTo("Conv");
        assertThat(first.get("args").toString()).isEqualTo("[3,16,3,2]");
        assertThat(first.get("output_shape").toString()).isEqualTo("[16,320,320]");
        assertThat(layers.get(11).getAsJsonObject().get("from").toString()).isEqualTo("[-1,6]");

        JsonObject totals = doc.getAsJsonObject("totals");
        assertThat(totals.get("layers").getAsInt()).isEqualTo(130);
        assertThat(totals.get("params").getAsLong()).isEqualTo(3157200);
        assertThat(totals.get("gradients").getAsLong()).isEqualTo(3157184);
        assertThat(totals.get("gflops").getAsDouble()).isBetween(8.85, 8.86);
        assertThat(doc.get("strides").toString()).isEqualTo("[8,16,32]");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void modelErrorsPrintDiagnosticsAndNothingOnStdout() throws IOException {
        Path file = tmp.resolve("broken8n.yaml");
        Files.writeString(file, ValidateCommandTest.UNKNOWN_MODULE);
        for (String[] args : new String[][] {{"summary", file.toString()}, {"summary", file.toString(), "--json"}}) {
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("error[E0201]").doesNotContain("\tat ");
        }
    }

    @Test
    void missingFileExitsThree() {
        Cli.Result r = Cli.run("summary", tmp.resolve("absent.yaml").toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error[E0001]: no such file").doesNotContain("\tat ");
    }

    @Test
    void badOptionIsAUsageError() {
        Cli.Result r = Cli.run("summary", yolov8n(), "--jsn");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--jsn").contains("--json");
    }

    @Test
    void warningsGoToStderrAndTheTableToStdout() {
        Cli.Result r =
                Cli.run("summary", TestPaths.examples().resolve("yolov8.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.err()).contains("warning[W0102]");
        assertThat(r.out()).doesNotContain("W0102").contains("summary: 130 layers");
    }
}
