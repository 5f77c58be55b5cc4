package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.djl.PredictCases;
import dev.yamlnet.predict.Box;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.Mask;
import dev.yamlnet.predict.OrientedBox;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.post.MaskRle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code yamlnet predict} as a user runs it: a checkpoint alone and a directory of pictures give, with
 * {@code --json}, the documents of docs/predict.md whose numbers are Ultralytics' (the predict references, read back
 * from the JSON: boxes, masks from their RLE, key points, rotated boxes, top-5); a line per picture otherwise;
 * annotated pictures with {@code --save}; and clear errors with the documented exit codes.
 */
class PredictCommandTest {
    @TempDir
    static Path dir;

    static Path pictures;

    @BeforeAll
    static void pictures() throws Exception {
        pictures = Files.createDirectories(dir.resolve("pictures"));
        for (String name : List.of(
                "shapes-a.jpg", "shapes-gray.png", "shapes-rgba.png", "shapes-tiny.png", "bus.jpg", "zidane.jpg")) {
            PredictCases.picture(name, pictures);
        }
    }

    static String pt(String model) throws Exception {
        return TestCheckpoints.file(model + ".pt", dir).toString();
    }

    static JsonObject json(Cli.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** An image entry of the JSON read back as yamlnet's results, so that the references' bar can judge it. */
    static Predictions predictions(JsonObject image) {
        List<Detection> detections = new ArrayList<>();
        for (JsonElement e : image.getAsJsonArray("detections")) {
            JsonObject d = e.getAsJsonObject();
            JsonArray b = d.getAsJsonArray("box");
            Mask mask = null;
            if (d.has("mask")) {
                JsonObject m = d.getAsJsonObject("mask");
                JsonArray rle = m.getAsJsonArray("rle");
                int[] counts = new int[rle.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rle.get(i).getAsInt();
                }
                JsonArray size = m.getAsJsonArray("size");
                mask = MaskRle.decode(
                        counts, size.get(1).getAsInt(), size.get(0).getAsInt());
            }
            List<Keypoint> kpts = new ArrayList<>();
            if (d.has("keypoints")) {
                for (JsonElement k : d.getAsJsonArray("keypoints")) {
                    JsonArray xyv = k.getAsJsonArray();
                    kpts.add(new Keypoint(
                            xyv.get(0).getAsFloat(),
                            xyv.get(1).getAsFloat(),
                            xyv.get(2).getAsFloat()));
                }
            }
            OrientedBox obb = null;
            if (d.has("obb")) {
                JsonArray x = d.getAsJsonObject("obb").getAsJsonArray("xywhr");
                obb = new OrientedBox(
                        x.get(0).getAsFloat(),
                        x.get(1).getAsFloat(),
                        x.get(2).getAsFloat(),
                        x.get(3).getAsFloat(),
                        x.get(4).getAsFloat());
            }
            detections.add(new Detection(
                    d.get("class").getAsInt(),
                    d.get("name").getAsString(),
                    d.get("confidence").getAsFloat(),
                    new Box(
                            b.get(0).getAsFloat(),
                            b.get(1).getAsFloat(),
                            b.get(2).getAsFloat(),
                            b.get(3).getAsFloat()),
                    mask,
                    kpts,
                    obb));
        }
        Classification cls = null;
        if (image.has("classification")) {
            JsonObject c = image.getAsJsonObject("classification");
            List<Integer> top5 = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Float> conf = new ArrayList<>();
            c.getAsJsonArray("top5").forEach(x -> top5.add(x.getAsInt()));
            c.getAsJsonArray("top5_names").forEach(x -> names.add(x.getAsString()));
            c.getAsJsonArray("top5_confidence").forEach(x -> conf.add(x.getAsFloat()));
            cls = new Classification(top5, names, conf);
        }
        return new Predictions(detections, cls);
    }

    /** A directory of pictures, default settings: every picture matches its {@code __320_rect} reference. */
    @Tag("engine")
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "yolov8t-shapes",
                "yolov8t-seg-shapes",
                "yolov8t-pose-shapes",
                "yolov8t-obb-shapes",
                "yolov8t-bot3-notable-shapes",
                "yolo11t-shapes"
            })
    void aDirectoryMatchesUltralyticsPictureByPicture(String model) throws Exception {
        JsonObject doc = json(Cli.run("predict", pt(model), "--source", pictures.toString(), "--json"));

        List<PredictCases.Case> refs = PredictCases.cases(List.of(model));
        JsonArray images = doc.getAsJsonArray("images");
        assertThat(images).hasSize(6);
        int detections = 0;
        for (JsonElement e : images) {
            JsonObject image = e.getAsJsonObject();
            String stem = Path.of(image.get("path").getAsString())
                    .getFileName()
                    .toString()
                    .replaceAll("\\..*", "");
            PredictCases.Case ref = refs.stream()
                    .filter(c -> c.name().equals(stem + "__320_rect"))
                    .findFirst()
                    .orElseThrow();
            assertThat(List.of(
                            image.get("height").getAsInt(), image.get("width").getAsInt()))
                    .containsExactly(
                            ref.json().getAsJsonArray("orig_shape").get(0).getAsInt(),
                            ref.json().getAsJsonArray("orig_shape").get(1).getAsInt());
            assertThat(PredictCases.mismatches(ref, predictions(image)))
                    .as(ref.toString())
                    .isEmpty();
            detections += image.getAsJsonArray("detections").size();
        }
        assertThat(detections).isPositive();
    }

    @Tag("engine")
    @Test
    void optionsMapToUltralyticsSettings() throws Exception {
        for (String name :
                List.of("shapes-a__320_square", "bus__320_rect__conf0.05", "shapes-a__320_rect__classes1,3")) {
            PredictCases.Case ref = PredictCases.cases(List.of("yolov8t-shapes")).stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            List<String> args = new ArrayList<>(List.of(
                    "predict",
                    pt("yolov8t-shapes"),
                    "--source",
                    PredictCases.picture(ref.image(), pictures).toString(),
                    "--json"));
            args.addAll(ref.cliOptions());
            JsonObject doc = json(Cli.run(args.toArray(new String[0])));

            JsonObject image = doc.getAsJsonArray("images").get(0).getAsJsonObject();
            assertThat(PredictCases.mismatches(ref, predictions(image)))
                    .as(name)
                    .isEmpty();
        }
    }

    @Tag("engine")
    @Test
    void classificationGivesTheTop5() throws Exception {
        PredictCases.Case ref = PredictCases.cases(List.of("yolov8t-cls-shapes")).stream()
                .filter(c -> c.name().equals("cls-triangle__96_cls"))
                .findFirst()
                .orElseThrow();
        JsonObject doc = json(Cli.run(
                "predict",
                pt("yolov8t-cls-shapes"),
                "--source",
                PredictCases.picture("cls-triangle.png", dir).toString(),
                "--json"));

        assertThat(doc.get("task").getAsString()).isEqualTo("classify");
        assertThat(doc.getAsJsonArray("imgsz").toString()).isEqualTo("[96,96]");
        JsonObject image = doc.getAsJsonArray("images").get(0).getAsJsonObject();
        assertThat(PredictCases.mismatches(ref, predictions(image))).isEmpty();
        assertThat(image.getAsJsonArray("detections")).isEmpty();
    }

    @Tag("engine")
    @Test
    void theJsonHasTheDocumentedKeys() throws Exception {
        JsonObject doc = json(Cli.run(
                "predict",
                pt("yolov8t-obb-shapes"),
                "--source",
                pictures.resolve("shapes-a.jpg").toString(),
                "--json"));

        assertThat(doc.keySet()).containsAll(Set.of("model", "task", "imgsz", "names", "images"));
        assertThat(doc.get("task").getAsString()).isEqualTo("obb");
        assertThat(doc.getAsJsonObject("names").get("0").getAsString()).isEqualTo("circle");
        JsonObject image = doc.getAsJsonArray("images").get(0).getAsJsonObject();
        assertThat(image.keySet()).containsAll(Set.of("path", "width", "height", "detections", "speed_ms"));
        assertThat(image.getAsJsonObject("speed_ms").keySet())
                .containsExactlyInAnyOrder("preprocess", "inference", "postprocess");
        JsonObject d = image.getAsJsonArray("detections").get(0).getAsJsonObject();
        assertThat(d.keySet()).containsAll(Set.of("class", "name", "confidence", "box", "obb"));
        assertThat(d.keySet()).doesNotContain("mask", "keypoints");
        assertThat(d.getAsJsonObject("obb").getAsJsonArray("corners")).hasSize(4);
    }

    @Tag("engine")
    @Test
    void withoutJsonALinePerPictureThenSpeedAndThroughput() throws Exception {
        Cli.Result r = Cli.run(
                "predict",
                pt("yolov8t-shapes"),
                "--source",
                pictures.resolve("shapes-a.jpg").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        // Ultralytics: 1 triangle, 1 cross, 1 ring at conf 0.25 (yolov8t-shapes/shapes-a__320_rect)
        assertThat(lines.get(0)).matches("image 1/1 .*shapes-a\\.jpg: 256x320 1 triangle, 1 cross, 1 ring, [0-9.]+ms");
        assertThat(lines.get(1))
                .matches("Speed: [0-9.]+ms preprocess, [0-9.]+ms inference, [0-9.]+ms postprocess per image at shape "
                        + "\\(1, 3, 256, 320\\)");
        assertThat(lines.get(2)).matches("1 picture in [0-9.]+ s, [0-9.]+ pictures/s");
    }

    @Tag("engine")
    @Test
    void saveWritesAnAnnotatedPicturePerSource() throws Exception {
        Path out = dir.resolve("saved");
        Cli.Result r = Cli.run(
                "predict", pt("yolov8t-pose-shapes"), "--source", pictures + "/shapes-*.png", "--save", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Results saved to " + out);
        for (String name : List.of("shapes-gray", "shapes-rgba", "shapes-tiny")) {
            BufferedImage img = ImageIO.read(out.resolve(name + ".png").toFile());
            BufferedImage src = ImageIO.read(pictures.resolve(name + ".png").toFile());
            assertThat(List.of(img.getWidth(), img.getHeight())).containsExactly(src.getWidth(), src.getHeight());
        }
        // something was drawn on the picture with detections
        BufferedImage a = ImageIO.read(out.resolve("shapes-rgba.png").toFile());
        BufferedImage b = ImageIO.read(pictures.resolve("shapes-rgba.png").toFile());
        int changed = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                changed += (a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF) ? 1 : 0;
            }
        }
        assertThat(changed).isGreaterThan(100);
    }

    @Tag("engine")
    @Test
    void aBadPictureIsExit3AndTheOthersAreStillReported() throws Exception {
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(pictures.resolve("shapes-a.jpg"), mixed.resolve("a.jpg"));
        byte[] jpeg = Files.readAllBytes(pictures.resolve("shapes-a.jpg"));
        Files.write(mixed.resolve("b-truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(mixed.resolve("notes.txt"), "not a picture, and not picked up");

        Cli.Result r = Cli.run("predict", pt("yolov8t-shapes"), "--source", mixed.toString(), "--json");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("cannot read picture " + mixed.resolve("b-truncated.jpg"));
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(doc.getAsJsonArray("images")).hasSize(1);
        assertThat(doc.getAsJsonArray("errors")
                        .get(0)
                        .getAsJsonObject()
                        .get("path")
                        .getAsString())
                .endsWith("b-truncated.jpg");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Tag("engine")
    @Test
    void aDirectoryWithoutPicturesIsAWarning() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no pictures here");

        Cli.Result r = Cli.run("predict", pt("yolov8t-shapes"), "--source", empty.toString(), "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("warning: no pictures in " + empty);
        assertThat(JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("images"))
                .isEmpty();
    }

    @Test
    void aMissingSourceIsExit3BeforeAnythingIsBuilt() throws Exception {
        Cli.Result r = Cli.run(
                "predict",
                pt("yolov8t-shapes"),
                "--source",
                dir.resolve("nope.jpg").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("cannot read source " + dir.resolve("nope.jpg") + ": no such file or directory");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aYamlWithoutWeightsIsAUsageError() throws Exception {
        Path yaml = TestCheckpoints.file("yolov8t-shapes.yaml", dir);
        Cli.Result r = Cli.run(
                "predict",
                yaml.toString(),
                "--source",
                pictures.resolve("shapes-a.jpg").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("give its trained weights with --weights");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "--conf=1.5",
                "--iou=-0.1",
                "--max-det=0",
                "--classes=0,a",
                "--letterbox=wide",
                "--batch=0",
                "--threads=0"
            })
    void badOptionValuesAreUsageErrors(String option) throws Exception {
        Cli.Result r = Cli.run("predict", pt("yolov8t-shapes"), "--source", pictures.toString(), option);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("invalid value for option '" + option.substring(0, option.indexOf('=')) + "'");
    }

    @Test
    void theProgressBarShowsCountShareAndRate() {
        assertThat(ProgressBar.render(5, 20, 2.0))
                .isEqualTo("predict  5/20 [#####...............]  25%  2.5 pictures/s");
        assertThat(ProgressBar.render(0, 3, 0)).isEqualTo("predict 0/3 [....................]   0%");
    }

    @Test
    void classNamesArePluralisedInTheLogLine() {
        assertThat(PredictCommand.plural("ring", 2)).isEqualTo("rings");
        assertThat(PredictCommand.plural("cross", 3)).isEqualTo("crosses");
        assertThat(PredictCommand.plural("bus", 1)).isEqualTo("bus");
    }
}
