package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.backend.LayerBlocks;
import dev.yamlnet.compiler.backend.java.JavaBlocks;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.runtime.weights.NpyWriter;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code yamlnet run} on the yolov8t parity fixture: Ultralytics 8.4.117's weights, input and eval
 * output for YOLOv8 at scale t (nc 10, 128 pixels), shared through the compiler's test resources.
 * The expected output is the fixture's own {@code output.npy}, within the parity bound
 * {@code 1e-3 + 1e-4 * |expected|} per element.
 */
class RunCommandTest {
    @TempDir
    static Path fixture;

    @TempDir
    Path tmp;

    static Path yaml;
    static Path weights;
    static Path input;
    static Path expected;

    @BeforeAll
    static void copyFixture() throws IOException {
        // the resources may sit in the compiler's test jar: copy them to real files
        yaml = copy("conformance/fixtures/yolov8t.yaml");
        weights = copy("parity/yolov8t/weights.safetensors");
        input = copy("parity/yolov8t/input.npy");
        expected = copy("parity/yolov8t/output.npy");
    }

    private static Path copy(String resource) throws IOException {
        Path target = fixture.resolve(resource.replace('/', '_'));
        try (InputStream in = RunCommandTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    static String[] yolov8t(String... more) {
        List<String> args = new ArrayList<>(List.of("run", yaml.toString(), "--scale", "t", "--imgsz", "128"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Tag("engine")
    @Test
    void fixtureWeightsAndInputGiveUltralyticsOutput() throws Exception {
        Path y = tmp.resolve("y.npy");
        Cli.Result r = Cli.run(
                yolov8t("--weights", weights.toString(), "--input", input.toString(), "--output", y.toString()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        // nc 10: 4 box rows + 10 scores; anchors at 128 px: 16x16 + 8x8 + 4x4 = 336
        assertThat(r.out()).contains("output  (1, 14, 336)").contains("wrote   " + y);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("note: no --weights");
        Tensor written = WeightLoader.read(y).values().iterator().next();
        Tensor reference = WeightLoader.read(expected).values().iterator().next();
        assertThat(written.dtype()).isEqualTo("F32");
        assertThat(written.shape()).containsExactly(1, 14, 336);
        assertWithinParityBound(written.data(), reference.data());
    }

    /**
     * An end-to-end head (YOLO26) runs, and {@code --output-all} writes each of its outputs under the
     * fixtures' names: the top-k {@code output.npy} and the pre-top-k {@code output_pre_topk.npy},
     * which matches Ultralytics' elementwise.
     */
    @Tag("engine")
    @Test
    void outputAllWritesEveryOutputOfAnEndToEndHead() throws Exception {
        Path model = copy("conformance/fixtures/yolo26t.yaml");
        Path w = copy("parity/yolo26t/weights.safetensors");
        Path x = copy("parity/yolo26t/input.npy");
        Path pre = copy("parity/yolo26t/output_pre_topk.npy");
        Path dir = tmp.resolve("outs");
        Cli.Result r = Cli.run(
                "run",
                model.toString(),
                "--scale",
                "t",
                "--imgsz",
                "128",
                "--weights",
                w.toString(),
                "--input",
                x.toString(),
                "--output-all",
                dir.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("output 0 (1, 300, 6)").contains("output 1 (1, 14, 336)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("output.npy", "output_pre_topk.npy");
        }
        assertThat(WeightLoader.read(dir.resolve("output.npy"))
                        .values()
                        .iterator()
                        .next()
                        .shape())
                .containsExactly(1, 300, 6);
        assertWithinParityBound(
                WeightLoader.read(dir.resolve("output_pre_topk.npy"))
                        .values()
                        .iterator()
                        .next()
                        .data(),
                WeightLoader.read(pre).values().iterator().next().data());
    }

    @Tag("engine")
    @Test
    void fusedRunStillMatchesUltralytics() throws Exception {
        Path y = tmp.resolve("fused.npy");
        Cli.Result r = Cli.run(yolov8t(
                "--weights", weights.toString(), "--input", input.toString(), "--output", y.toString(), "--fuse"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("fused");
        assertWithinParityBound(
                WeightLoader.read(y).values().iterator().next().data(),
                WeightLoader.read(expected).values().iterator().next().data());
    }

    @Tag("engine")
    @Test
    void repeatPrintsTheMedianLineScriptsRead() {
        Cli.Result r = Cli.run(yolov8t("--weights", weights.toString(), "--random", "--repeat", "3", "--threads", "1"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        Matcher m = Pattern.compile("(?m)^median (\\d+\\.\\d\\d) ms$").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(r.out()).contains("3 forward passes after 1 warm-up, 1 thread");
    }

    @Tag("engine")
    @Test
    void warmupSetsTheUntimedPassesBeforeTheTimedOnes() {
        Cli.Result r = Cli.run(yolov8t(
                "--weights", weights.toString(), "--random", "--repeat", "2", "--warmup", "3", "--threads", "1"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("2 forward passes after 3 warm-up, 1 thread")
                .containsPattern("(?m)^median \\d+\\.\\d\\d ms$");
    }

    @Test
    void negativeWarmupIsAUsageError() {
        Cli.Result r = Cli.run(yolov8t("--repeat", "2", "--warmup", "-1"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'--warmup': -1 is negative");
    }

    @Tag("engine")
    @Test
    void randomInputIsSeededAndReproducible() throws Exception {
        Path a = tmp.resolve("a.npy");
        Path b = tmp.resolve("b.npy");
        assertThat(Cli.run(yolov8t(
                                "--weights", weights.toString(), "--random", "--seed", "7", "--output", a.toString()))
                        .exitCode())
                .isZero();
        assertThat(Cli.run(yolov8t("--weights", weights.toString(), "--seed", "7", "--output", b.toString()))
                        .exitCode())
                .isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void missingWeightsFileExitsThree() {
        Cli.Result r =
                Cli.run(yolov8t("--weights", tmp.resolve("absent.safetensors").toString()));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("cannot read weights")
                .contains("absent.safetensors: no such file")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Tag("engine")
    @Test
    void garbageWeightsGiveAClearMessageWithoutStackTrace() throws IOException {
        Path bad = tmp.resolve("bad.safetensors");
        Files.writeString(bad, "this is not a weight file at all");
        Cli.Result r = Cli.run(yolov8t("--weights", bad.toString()));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("bad.safetensors is neither a safetensors nor an npz file")
                .doesNotContain("\tat ")
                .doesNotContain("internal error");
    }

    @Tag("engine")
    @Test
    void weightsForAnotherClassCountListTheMismatchedTensors() {
        Cli.Result r = Cli.run(yolov8t("--weights", weights.toString(), "--nc", "20"));
        assertThat(r.exitCode()).isEqualTo(3);
        // nc 20 widens each class branch to 20 channels: 12 tensors per level, 3 levels
        assertThat(r.err())
                .contains("do not fit the model (0 missing, 0 unexpected, 36 with the wrong shape)")
                .contains("shape mismatch model.22.cv3.2.2.bias: the model expects (20), the file has (10)")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void inputOfTheWrongShapeIsRefusedByName() throws IOException {
        Path gray = tmp.resolve("gray.npy");
        NpyWriter.write(gray, new long[] {1, 1, 128, 128}, new float[128 * 128]);
        Cli.Result r = Cli.run(yolov8t("--input", gray.toString()));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("has shape (1, 1, 128, 128)").contains("expects [1, 3, H, W]");

        Path odd = tmp.resolve("odd.npy");
        NpyWriter.write(odd, new long[] {1, 3, 100, 100}, new float[3 * 100 * 100]);
        r = Cli.run(yolov8t("--input", odd.toString()));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("100x100").contains("multiples of its largest stride 32");
    }

    @Tag("engine")
    @Test
    void tableLessBot3CheckpointInATabledModelSaysHowToLoadIt() throws IOException {
        // the Java API's hint (Bot3ParityTest) must reach the command line too
        Path tabled = copy("conformance/fixtures/yolov8t-bot3.yaml");
        Path notable = copy("parity/yolov8t-bot3-notable/weights.safetensors");
        Cli.Result r =
                Cli.run("run", tabled.toString(), "--scale", "t", "--imgsz", "128", "--weights", notable.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err())
                .contains("model.8.m.0.cv2.0.rel_h")
                .contains("table-less BoT3")
                .contains("set w: 0, h: 0 in the BoT3 row")
                .doesNotContain("\tat ")
                .doesNotContain("internal error");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bot3InputOfAnotherSizeIsTheUsersMistakeWithBothSizes() throws IOException {
        // yolov8n-bot3's position tables fit the 20x20 map of a 640 input; a 320 input gives 10x10
        Path yaml = TestPaths.examples().resolve("yolov8n-bot3.yaml");
        Path small = tmp.resolve("small.npy");
        NpyWriter.write(small, new long[] {1, 3, 320, 320}, new float[3 * 320 * 320]);
        Cli.Result r = Cli.run("run", yaml.toString(), "--input", small.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err())
                .contains("is 320x320 pixels")
                .contains("position tables for a 20x20 map")
                .contains("give an input of 640x640 pixels")
                .doesNotContain("internal error")
                .doesNotContain("\tat ");

        Path wide = tmp.resolve("wide.npy");
        NpyWriter.write(wide, new long[] {1, 3, 640, 320}, new float[3 * 640 * 320]);
        r = Cli.run("run", yaml.toString(), "--input", wide.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("is 640x320 pixels").contains("640x640").doesNotContain("internal error");

        // at --imgsz 320 the compiler finds it first, as validate does
        r = Cli.run("run", yaml.toString(), "--imgsz", "320", "--random");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error[E0504]").doesNotContain("internal error");
    }

    @Test
    void inputOfAnotherSizeRunsWhenTheModelFitsIt() throws IOException {
        Path other = tmp.resolve("other.npy");
        NpyWriter.write(other, new long[] {1, 3, 64, 96}, new float[3 * 64 * 96]);
        Cli.Result r = Cli.run(yolov8t("--weights", weights.toString(), "--input", other.toString()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        // anchors at 64x96: 8x12 + 4x6 + 2x3 = 126
        assertThat(r.out()).contains("output  (1, 14, 126)");
    }

    @Test
    void pixelValuesGetANoteAndStillRun() throws IOException {
        Path pixels = tmp.resolve("pixels.npy");
        float[] data = new float[3 * 128 * 128];
        java.util.Arrays.fill(data, 255f);
        NpyWriter.write(pixels, new long[] {1, 3, 128, 128}, data);
        Cli.Result r = Cli.run(yolov8t("--input", pixels.toString()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.err())
                .contains("note: input values range from 255 to 255; Ultralytics' model input is 0..1 "
                        + "(divide 0..255 pixels by 255)");
        assertThat(r.out()).contains("input   (1, 3, 128, 128) from " + pixels);
    }

    @Test
    void modelErrorsArePrintedAsValidatePrintsThem() throws IOException {
        Path file = tmp.resolve("broken8n.yaml");
        Files.writeString(file, ValidateCommandTest.UNKNOWN_MODULE);
        Cli.Result r = Cli.run("run", file.toString(), "--random");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error[E0201]").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void inputAndRandomTogetherIsAUsageError() {
        Cli.Result r = Cli.run(yolov8t("--input", input.toString(), "--random"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--input").contains("--random");
    }

    @Test
    void nonPositiveRepeatIsAUsageError() {
        Cli.Result r = Cli.run(yolov8t("--repeat", "0"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'--repeat': 0 is not positive");
    }

    /**
     * A model with a module the DJL runtime cannot run yet is refused naming the layer. The module is
     * the first example under examples/yaml/modules without a runtime block (decided without the
     * engine); once every example has one, running the first example must simply succeed.
     */
    @Tag("engine")
    @Test
    void moduleWithoutRuntimeBlockIsNamedAndExitsThree() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(TestPaths.examples().resolve("modules"))) {
            examples =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path example : examples) {
            Compilation c = Compiler.compile(
                    example,
                    CompileOptions.defaults(example.getFileName().toString()).withImgsz(64));
            if (!c.isSuccessful()) {
                continue;
            }
            List<Optional<?>> blocks = List.copyOf(LayerBlocks.of(c.model().orElseThrow(), JavaBlocks.INSTANCE));
            for (LayerIr layer : c.model().orElseThrow().layers()) {
                if (blocks.get(layer.index()).isEmpty()) {
                    Cli.Result r = Cli.run("run", example.toString(), "--imgsz", "64", "--random");
                    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
                    assertThat(r.err())
                            .contains("has no block yet for")
                            .contains("layer " + layer.index() + " (" + layer.module() + ")")
                            .doesNotContain("\tat ");
                    return;
                }
            }
        }
        Cli.Result r = Cli.run("run", examples.get(0).toString(), "--imgsz", "64", "--random");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** Every element within {@code 1e-3 + 1e-4 * |expected|}, the parity bound of the runtime's fixture tests. */
    static void assertWithinParityBound(float[] actual, float[] reference) {
        assertThat(actual).hasSameSizeAs(reference);
        int bad = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - reference[i]) <= 1e-3 + 1e-4 * Math.abs(reference[i]))) {
                bad++;
            }
        }
        assertThat(bad).as("elements outside the parity bound").isZero();
    }
}
