package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.compiler.DocBlocks;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.ImageResult;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.ModelInput;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.image.Pictures;
import dev.yamlnet.predict.image.Preprocess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of docs/predict.md run: every {@code ```java} block there is, word for word, one of the
 * snippets below (between {@code // docs:begin} and {@code // docs:end}), and each snippet runs here on a real
 * checkpoint ({@code best}) and picture ({@code picture}) and prints what Ultralytics found.
 */
@Tag("engine")
class PredictDocExamplesTest {
    @TempDir
    Path dir;

    private Path best;
    private Path picture;

    private String run(Runnable snippet) throws Exception {
        best = TestCheckpoints.file("yolov8t-shapes.pt", dir);
        picture = PredictCases.picture("shapes-a.jpg", dir);
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            snippet.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theJavaApiExample() throws Exception {
        String out = run(() -> {
            try {
                javaApi();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Ultralytics (yolov8t-shapes/shapes-a__320_rect): triangle 0.5808, ring 0.4810, cross 0.2779
        assertThat(out.lines().toList()).hasSize(3);
        assertThat(out)
                .startsWith("triangle 0.58 Box[x1=353.96")
                .contains("ring 0.48")
                .contains("cross 0.28");
    }

    @Test
    void thePreprocessingExample() throws Exception {
        picture = PredictCases.picture("shapes-a.jpg", dir);
        // docs:begin
        BgrImage image = Pictures.read(picture);
        ModelInput input = Preprocess.forDetection(image, 320, LetterboxMode.RECT, 32);
        float[] chw = input.pixels();
        // docs:end
        // shapes-a is 640x480: the rectangular letterbox at 320 is 320x256 (240 rounded up to a multiple of 32)
        assertThat(input.width()).isEqualTo(320);
        assertThat(input.height()).isEqualTo(256);
        assertThat(chw).hasSize(3 * 256 * 320);
    }

    private void javaApi() throws Exception {
        // docs:begin
        try (YoloModel model = YoloModel.load(best)) {
            ImageResult result =
                    model.predict(picture, PredictOptions.defaults().withConf(0.25f));
            for (Detection d : result.predictions().detections()) {
                System.out.printf("%s %.2f %s%n", d.name(), d.confidence(), d.box());
            }
        }
        // docs:end
    }

    @Test
    void theDjlExamples() throws Exception {
        String out = run(() -> {
            try {
                djlCriteria();
                djlPlain();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(out.lines().filter(l -> l.startsWith("triangle 0.58")).count())
                .isEqualTo(2);
    }

    private void djlCriteria() throws Exception {
        // docs:begin
        Criteria<Image, DetectedObjects> criteria = YoloCriteria.builder(best, DetectedObjects.class)
                .optArgument("conf", 0.25)
                .build();
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> predictor = model.newPredictor()) {
            DetectedObjects found = predictor.predict(ImageFactory.getInstance().fromFile(picture));
            for (DetectedObjects.DetectedObject o : found.<DetectedObjects.DetectedObject>items()) {
                System.out.printf("%s %.2f %s%n", o.getClassName(), o.getProbability(), o.getBoundingBox());
            }
        }
        // docs:end
    }

    private void djlPlain() throws Exception {
        // docs:begin
        Criteria<Image, DetectedObjects> criteria = Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(best)
                .optEngine("PyTorch")
                .optArgument("blockFactory", "dev.yamlnet.djl.YoloBlockFactory")
                .optArgument("translatorFactory", "dev.yamlnet.djl.YoloTranslatorFactory")
                .optOption("hasParameter", "false")
                .build();
        // docs:end
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> predictor = model.newPredictor()) {
            DetectedObjects found = predictor.predict(ImageFactory.getInstance().fromFile(picture));
            DetectedObjects.DetectedObject o = found.item(0);
            System.out.printf("%s %.2f%n", o.getClassName(), o.getProbability());
        }
    }

    @Test
    void everyJavaBlockOfTheDocsIsASnippetHere() throws Exception {
        Path docs = TestPaths.docs();
        Path root = docs.toAbsolutePath().getParent();
        String source = Files.readString(
                root.resolve("djl/src/test/java/dev/yamlnet/djl/PredictDocExamplesTest.java"), StandardCharsets.UTF_8);
        List<String> snippets = List.of(source.split("(?m)^\\s*// docs:begin")).stream()
                .skip(1)
                .map(s -> normal(s.substring(0, s.indexOf("// docs:end"))))
                .toList();
        List<DocBlocks.Block> blocks = DocBlocks.read(docs.resolve("predict.md"), root).stream()
                .filter(b -> b.language().equals("java"))
                .toList();
        assertThat(blocks).hasSize(snippets.size());
        for (DocBlocks.Block b : blocks) {
            assertThat(snippets).as(b.where()).contains(normal(b.text()));
        }
    }

    /** Lines trimmed, empty lines dropped: indentation differs between a method body and a doc. */
    private static String normal(String code) {
        return code.lines().map(String::trim).filter(l -> !l.isEmpty()).reduce("", (a, l) -> a + l + "\n");
    }
}
