package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.runtime.weights.NpyWriter;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .pt} alone is enough on the command line: {@code summary}, {@code validate} and {@code run}
 * take Ultralytics' {@code best.pt} (test resources {@code checkpoints/}: trained by Ultralytics
 * 8.4.117 on a five-class shapes data set at 320 pixels, with the output Ultralytics computes from it);
 * {@code run --weights best.pt} checks the YAML given against the one the checkpoint embeds; and a
 * file that is not a usable checkpoint is one clear message and exit 3.
 */
class CheckpointCommandsTest {
    @TempDir
    static Path files;

    @TempDir
    Path tmp;

    static Path best;
    static Path yaml;
    static Path input;

    @BeforeAll
    static void files() throws Exception {
        best = Files.copy(TestCheckpoints.file("yolov8t-shapes.pt", files), files.resolve("best.pt"));
        yaml = TestCheckpoints.file("yolov8t-shapes.yaml", files);
        // the model input: the pre-processed picture (uint8 CHW) / 255
        Tensor pixels = WeightLoader.read(TestCheckpoints.file("inputs/shapes-a__320_square.npy", files))
                .values()
                .iterator()
                .next();
        float[] x = pixels.data();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        input = files.resolve("x.npy");
        NpyWriter.write(input, pixels.shape(), x);
    }

    @Test
    void summaryOfTheCheckpointIsTheSummaryOfTheYamlItWasTrainedFrom() {
        Cli.Result pt = Cli.run("summary", best.toString());
        Cli.Result fromYaml = Cli.run("summary", yaml.toString(), "--imgsz", "320");
        assertThat(pt.exitCode()).as(pt.err()).isZero();
        assertThat(pt.err()).isEmpty();
        assertThat(pt.out())
                .contains("YOLOv8t-shapes summary: 130 layers")
                .contains("input: 3x320x320")
                .isEqualTo(fromYaml.out());
    }

    @Test
    void validateChecksAtTheTrainingSizeUnlessToldOtherwise() {
        Cli.Result r = Cli.run("validate", best.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("OK " + best + ": yolov8t-shapes, 355,223 parameters, checked at 320x320");
        Cli.Result at640 = Cli.run("validate", best.toString(), "--imgsz", "640");
        assertThat(at640.out()).contains("checked at 640x640");
    }

    @Test
    void everyHostileCheckpointGetsItsManifestsExitCode() throws Exception {
        JsonArray manifest = JsonParser.parseString(TestCheckpoints.text("hostile/manifest.json"))
                .getAsJsonArray();
        for (JsonElement e : manifest) {
            JsonObject c = e.getAsJsonObject();
            Path file = TestCheckpoints.file("hostile/" + c.get("file").getAsString(), files);
            for (String command : List.of("validate", "summary")) {
                Cli.Result r = Cli.run(command, file.toString());
                assertThat(r.exitCode())
                        .as(command + " " + file + "\n" + r.err())
                        .isEqualTo(c.get("exit").getAsInt());
                assertThat(r.err()).doesNotContain("\tat ").doesNotContain("internal error");
                if (!c.get("must_mention").isJsonNull()) {
                    assertThat(r.err())
                            .contains("error[E0010]")
                            .contains("'" + c.get("must_mention").getAsString() + "'");
                }
            }
        }
    }

    @Test
    void anUnknownModuleInACheckpointIsE0201AtItsKeyPath() throws Exception {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("nc", 2);
        model.put(
                "backbone",
                List.of(List.of(-1, 1, "Conv", List.of(16, 3, 2)), List.of(-1, 1, "MysteryBlock", List.of(16))));
        model.put("head", List.of(List.of(-1, 1, "Classify", List.of("nc"))));
        Path pt = TestCheckpoints.withYaml(tmp.resolve("custom.pt"), model);
        Cli.Result r = Cli.run("validate", pt.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains(pt + ":model.yaml.backbone[1]: error[E0201]: unknown module 'MysteryBlock'")
                .contains(" | [-1, 1, 'MysteryBlock', [16]]");
        Cli.Result json = Cli.run("validate", pt.toString(), "--diagnostics", "json");
        JsonObject d = JsonParser.parseString(json.out())
                .getAsJsonObject()
                .getAsJsonArray("diagnostics")
                .get(0)
                .getAsJsonObject();
        assertThat(d.get("code").getAsString()).isEqualTo("E0201");
        assertThat(d.get("path").getAsString()).isEqualTo("model.yaml.backbone[1]");
    }

    @Test
    void runFromTheCheckpointAloneGivesUltralyticsOutput() throws Exception {
        Path y = tmp.resolve("y.npy");
        Cli.Result r = Cli.run("run", best.toString(), "--input", input.toString(), "--output", y.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("model   yolov8t-shapes (best.pt, scale t)")
                .contains("weights " + best + " (298 tensors)")
                .contains("output  (1, 9, 2100)");
        assertThat(r.err()).doesNotContain("no --weights");
        RunCommandTest.assertWithinParityBound(
                read(y), read(TestCheckpoints.file("yolov8t-shapes.output_from_pt.npy", files)));
    }

    @Test
    void aYamlWithTheCheckpointAsWeightsIsCheckedAgainstTheEmbeddedOne() throws Exception {
        Path y = tmp.resolve("y.npy");
        Cli.Result same = Cli.run(
                "run",
                yaml.toString(),
                "--imgsz",
                "320",
                "--weights",
                best.toString(),
                "--input",
                input.toString(),
                "--output",
                y.toString());
        assertThat(same.exitCode()).as(same.err()).isZero();
        RunCommandTest.assertWithinParityBound(
                read(y), read(TestCheckpoints.file("yolov8t-shapes.output_from_pt.npy", files)));

        Path nc80 = Files.writeString(
                tmp.resolve("nc80.yaml"), Files.readString(yaml).replace("\nnc: 5 ", "\nnc: 80 "));
        Cli.Result other = Cli.run("run", nc80.toString(), "--imgsz", "320", "--weights", best.toString());
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.err())
                .contains("nc80.yaml does not describe the model in best.pt: layer 22 differs")
                .contains(
                        "nc80.yaml: 22  [15, 18, 21]  1  ultralytics.nn.modules.head.Detect  [80, 16, None, [16, 32, 64]]")
                .contains(
                        "best.pt:   22  [15, 18, 21]  1  ultralytics.nn.modules.head.Detect  [5, 16, None, [16, 32, 64]]")
                .contains("hint: pass --nc 5")
                .doesNotContain("\tat ");
        assertThat(other.out()).isEmpty();
    }

    @Test
    void unusableCheckpointWeightsExitThree() throws Exception {
        Cli.Result hostile = Cli.run(
                "run",
                best.toString(),
                "--weights",
                TestCheckpoints.file("hostile/subprocess-popen.pt", files).toString());
        assertThat(hostile.exitCode()).isEqualTo(3);
        assertThat(hostile.err())
                .contains("cannot use weights")
                .contains("'subprocess.Popen'")
                .doesNotContain("\tat ");
    }

    /** YOLO26's end-to-end head runs from its checkpoint alone: the top 300 rows, then the pre-top-k tensor. */
    @Test
    void anEndToEndCheckpointRuns() throws Exception {
        Cli.Result endToEnd =
                Cli.run("run", TestCheckpoints.file("yolo26t-shapes.pt", files).toString());
        assertThat(endToEnd.exitCode()).as(endToEnd.err()).isZero();
        assertThat(endToEnd.out()).contains("output 0 (1, 300, 6)").contains("output 1 (1, 9, 2100)");
        assertThat(endToEnd.err()).doesNotContain("\tat ");
    }

    private static float[] read(Path npy) throws Exception {
        return WeightLoader.read(npy).values().iterator().next().data();
    }
}
