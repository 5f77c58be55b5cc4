package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    /** A model with a misspelt module name on line 8 (C2F for C2f). */
    static final String UNKNOWN_MODULE = String.join(
            "\n",
            "# a small model with a mistake",
            "nc: 80",
            "scales:",
            "  n: [0.33, 0.25, 1024]",
            "backbone:",
            "  - [-1, 1, Conv, [64, 3, 2]]",
            "  - [-1, 1, Conv, [128, 3, 2]]",
            "  - [-1, 3, C2F, [128, True]]",
            "head:",
            "  - [[-1], 1, Detect, [nc]]",
            "");

    @TempDir
    Path tmp;

    static String example(String name) {
        return TestPaths.examples().resolve(name).toString();
    }

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void validExampleExitsZeroWithAnOkVerdict() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"));
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).startsWith("OK ").contains("yolov8n").contains("3,157,200 parameters");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void invalidModelExitsOneWithACompilerStyleDiagnostic() throws IOException {
        Path file = write("broken-n.yaml", UNKNOWN_MODULE);
        Cli.Result r = Cli.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains(file + ":8:13: error[E0201]: unknown module 'C2F'")
                .contains("8 |   - [-1, 3, C2F, [128, True]]")
                .contains("hint: did you mean 'C2f'?")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(r.out()).startsWith("FAILED " + file).contains("1 error");
    }

    @Test
    void missingFileExitsThreeWithAClearMessage() {
        Path missing = tmp.resolve("no-such-model.yaml");
        Cli.Result r = Cli.run("validate", missing.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains(missing + ": error[E0001]: no such file")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void directoryInsteadOfAFileExitsThree() {
        Cli.Result r = Cli.run("validate", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("error[E0001]").contains("directory").doesNotContain("\tat ");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("Unknown option: '--bogus'")
                .contains("validate --help")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingModelArgumentIsAUsageError() {
        Cli.Result r = Cli.run("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'MODEL'");
    }

    @Test
    void imageSizeOutsideSaneRangeIsAUsageError() {
        for (String bad : new String[] {"0", "-32", "16385", "abc"}) {
            Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--imgsz", bad);
            assertThat(r.exitCode()).as("--imgsz %s", bad).isEqualTo(2);
            assertThat(r.err()).as("--imgsz %s", bad).contains("--imgsz").doesNotContain("\tat ");
        }
    }

    @Test
    void imageSizeNotAMultipleOfTheStrideIsAModelError() {
        // 100 is in range but YOLOv8's largest stride is 32
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--imgsz", "100");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error[E0505]");
    }

    @Test
    void smallerImageSizeThatIsAMultipleOfTheStrideIsValid() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--imgsz", "320");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).contains("checked at 320x320");
    }

    @Test
    void nonPositiveClassCountIsAUsageError() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--nc", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--nc");
    }

    @Test
    void unknownScaleIsAModelError() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--scale", "q");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error[E0203]");
    }

    @Test
    void warningsPassUnlessWerror() {
        // yolov8.yaml has scales but its name carries no scale letter: W0102, scale n assumed
        Cli.Result plain = Cli.run("validate", example("yolov8.yaml"));
        assertThat(plain.exitCode()).isEqualTo(0);
        assertThat(plain.err()).contains("warning[W0102]");
        assertThat(plain.out()).startsWith("OK ").contains("1 warning");

        Cli.Result strict = Cli.run("validate", example("yolov8.yaml"), "--Werror");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).startsWith("FAILED ").contains("--Werror");
    }

    @Test
    void jsonDiagnosticsGoToStdoutAsOneDocument() throws IOException {
        Path file = write("broken-n.yaml", UNKNOWN_MODULE);
        Cli.Result r = Cli.run("validate", file.toString(), "--diagnostics", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(doc.get("file").getAsString()).isEqualTo(file.toString());
        assertThat(doc.get("errors").getAsInt()).isEqualTo(1);
        JsonArray diags = doc.getAsJsonArray("diagnostics");
        JsonObject error = null;
        for (int i = 0; i < diags.size(); i++) {
            JsonObject d = diags.get(i).getAsJsonObject();
            assertThat(d.keySet())
                    .contains(
                            "file",
                            "line",
                            "column",
                            "endLine",
                            "endColumn",
                            "severity",
                            "code",
                            "message",
                            "notes",
                            "hints");
            if (d.get("severity").getAsString().equals("error")) {
                error = d;
            }
        }
        assertThat(error).isNotNull();
        assertThat(error.get("code").getAsString()).isEqualTo("E0201");
        assertThat(error.get("line").getAsInt()).isEqualTo(8);
        assertThat(error.get("column").getAsInt()).isEqualTo(13);
        assertThat(error.get("endColumn").getAsInt()).isEqualTo(16);
        // the verdict goes to stderr so that stdout stays one JSON document
        assertThat(r.err()).contains("FAILED");
    }

    @Test
    void jsonDiagnosticsForAValidModelListNothing() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--diagnostics", "json");
        assertThat(r.exitCode()).isEqualTo(0);
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(doc.get("errors").getAsInt()).isZero();
        assertThat(doc.getAsJsonArray("diagnostics")).isEmpty();
    }

    @Test
    void maxErrorsLimitsThePrintedErrorsButNotTheVerdict() throws IOException {
        String row = "  - [-1, 1, Conv, [64, 3, 2, None, 1, 1, True, 7]]\n";
        Path file = write(
                "three8n.yaml",
                "nc: 80\nscales:\n  n: [0.33, 0.25, 1024]\nbackbone:\n" + row + row + row
                        + "head:\n  - [[-1], 1, Detect, [nc]]\n");
        Cli.Result r = Cli.run("validate", file.toString(), "--max-errors", "1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains(file + ":5:")
                .doesNotContain(file + ":6:")
                .doesNotContain(file + ":7:")
                .contains("note: 2 more errors not shown (--max-errors 1)");
        assertThat(r.out()).contains("3 errors");

        Cli.Result all = Cli.run("validate", file.toString());
        assertThat(all.err()).contains(file + ":5:").contains(file + ":6:").contains(file + ":7:");
    }

    @Test
    void negativeMaxErrorsIsAUsageError() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--max-errors", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void unknownDiagnosticsFormatIsAUsageError() {
        Cli.Result r = Cli.run("validate", example("yolov8n.yaml"), "--diagnostics", "xml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("xml");
    }
}
