package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Joints;
import ai.djl.modality.cv.output.Landmark;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.yamlnet.checkpoint.TestCheckpoints;
import dev.yamlnet.predict.Predictions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL route: {@code Criteria} with a {@code .pt} as the model path gives a {@code Predictor<Image, O>} whose
 * results are Ultralytics' (the predict references), in DJL's types and conventions (boxes and points as fractions
 * of the picture).
 */
@Tag("engine")
class YoloCriteriaTest {
    @TempDir
    static Path files;

    static PredictCases.Case reference(String model, String name) {
        return PredictCases.cases(List.of(model)).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static Image picture(String name) throws Exception {
        return ImageFactory.getInstance().fromFile(PredictCases.picture(name, files));
    }

    @Test
    void detectedObjectsAreUltralyticsBoxesAsFractions() throws Exception {
        PredictCases.Case ref = reference("yolov8t-shapes", "shapes-a__320_rect");
        Criteria<Image, DetectedObjects> criteria = YoloCriteria.builder(
                        TestCheckpoints.file("yolov8t-shapes.pt", files), DetectedObjects.class)
                .build();
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> predictor = model.newPredictor()) {
            DetectedObjects found = predictor.predict(picture("shapes-a.jpg"));

            JsonObject r = ref.result();
            assertThat(found.getNumberOfObjects())
                    .isEqualTo(r.get("n").getAsInt())
                    .isPositive();
            for (int i = 0; i < found.getNumberOfObjects(); i++) {
                DetectedObjects.DetectedObject o = found.item(i);
                Rectangle b = o.getBoundingBox().getBounds();
                JsonArray box = r.getAsJsonArray("boxes_xyxy").get(i).getAsJsonArray();
                int cls = (int) r.getAsJsonArray("cls").get(i).getAsDouble();
                assertThat(o.getClassName())
                        .isEqualTo(ref.json()
                                .getAsJsonObject("names")
                                .get("" + cls)
                                .getAsString());
                assertThat(o.getProbability())
                        .isCloseTo(r.getAsJsonArray("conf").get(i).getAsDouble(), within(1e-4));
                assertThat(b.getX() * 640).isCloseTo(box.get(0).getAsDouble(), within(1e-2));
                assertThat(b.getY() * 480).isCloseTo(box.get(1).getAsDouble(), within(1e-2));
                assertThat((b.getX() + b.getWidth()) * 640).isCloseTo(box.get(2).getAsDouble(), within(1e-2));
                assertThat((b.getY() + b.getHeight()) * 480)
                        .isCloseTo(box.get(3).getAsDouble(), within(1e-2));
            }
        }
    }

    @Test
    void thePlainDjlSpellingWithClassNamesAndArgumentsWorksToo() throws Exception {
        PredictCases.Case ref = reference("yolov8t-shapes", "shapes-a__320_rect__conf0.05");
        Criteria<Image, Predictions> criteria = Criteria.builder()
                .setTypes(Image.class, Predictions.class)
                .optModelPath(TestCheckpoints.file("yolov8t-shapes.pt", files))
                .optEngine("PyTorch")
                .optArgument("blockFactory", "dev.yamlnet.djl.YoloBlockFactory")
                .optArgument("translatorFactory", "dev.yamlnet.djl.YoloTranslatorFactory")
                .optOption("hasParameter", "false")
                .optArgument("threshold", 0.05)
                .build();
        try (ZooModel<Image, Predictions> model = criteria.loadModel();
                Predictor<Image, Predictions> predictor = model.newPredictor()) {
            Predictions p = predictor.predict(picture("shapes-a.jpg"));

            assertThat(PredictCases.mismatches(ref, p)).isEmpty();
        }
    }

    @Test
    void poseGivesLandmarksAndJoints() throws Exception {
        PredictCases.Case ref = reference("yolov8t-pose-shapes", "shapes-a__320_rect");
        Path pt = TestCheckpoints.file("yolov8t-pose-shapes.pt", files);
        JsonArray kpts = ref.result().getAsJsonArray("keypoints_xyv");
        try (ZooModel<Image, Joints[]> model =
                        YoloCriteria.builder(pt, Joints[].class).build().loadModel();
                Predictor<Image, Joints[]> predictor = model.newPredictor()) {
            Joints[] joints = predictor.predict(picture("shapes-a.jpg"));

            assertThat(joints).hasSize(kpts.size());
            Joints.Joint j = joints[0].getJoints().get(1);
            JsonArray expected = kpts.get(0).getAsJsonArray().get(1).getAsJsonArray();
            assertThat(j.getX() * 640).isCloseTo(expected.get(0).getAsDouble(), within(1e-2));
            assertThat(j.getY() * 480).isCloseTo(expected.get(1).getAsDouble(), within(1e-2));
            assertThat(j.getConfidence()).isCloseTo(expected.get(2).getAsDouble(), within(1e-4));
        }
        try (ZooModel<Image, DetectedObjects> model =
                        YoloCriteria.builder(pt, DetectedObjects.class).build().loadModel();
                Predictor<Image, DetectedObjects> predictor = model.newPredictor()) {
            DetectedObjects.DetectedObject first =
                    predictor.predict(picture("shapes-a.jpg")).item(0);
            BoundingBox box = first.getBoundingBox();

            assertThat(box).isInstanceOf(Landmark.class);
            assertThat(box.getPath()).hasSize(5);
        }
    }

    @Test
    void segmentGivesACategoryMaskAtThePicturesSize() throws Exception {
        Path pt = TestCheckpoints.file("yolov8t-seg-shapes.pt", files);
        try (ZooModel<Image, CategoryMask> model =
                        YoloCriteria.builder(pt, CategoryMask.class).build().loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            CategoryMask mask = predictor.predict(picture("shapes-a.jpg"));

            assertThat(mask.getMask()).hasDimensions(480, 640);
            assertThat(mask.getClasses())
                    .containsExactly("background", "circle", "square", "triangle", "cross", "ring");
            long objectPixels = java.util.Arrays.stream(mask.getMask())
                    .flatMapToInt(java.util.Arrays::stream)
                    .filter(v -> v > 0)
                    .count();
            assertThat(objectPixels).isPositive();
        }
    }

    @Test
    void classifyGivesTheTop5() throws Exception {
        PredictCases.Case ref = reference("yolov8t-cls-shapes", "cls-ring__96_cls");
        Path pt = TestCheckpoints.file("yolov8t-cls-shapes.pt", files);
        try (ZooModel<Image, Classifications> model =
                        YoloCriteria.builder(pt, Classifications.class).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Classifications c = predictor.predict(picture("cls-ring.png"));

            int top = ref.result().getAsJsonArray("top5").get(0).getAsInt();
            assertThat(c.best().getClassName())
                    .isEqualTo(ref.json().getAsJsonObject("names").get("" + top).getAsString());
            assertThat(c.best().getProbability())
                    .isCloseTo(ref.result().getAsJsonArray("top5conf").get(0).getAsDouble(), within(1e-4));
            assertThat(c.items()).hasSize(5);
        }
    }

    @Test
    void aDetectionModelAskedForClassesSaysWhatToAskFor() throws Exception {
        Path pt = TestCheckpoints.file("yolov8t-shapes.pt", files);
        try (ZooModel<Image, Classifications> model =
                        YoloCriteria.builder(pt, Classifications.class).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Image image = picture("shapes-a.jpg");
            assertThatThrownBy(() -> predictor.predict(image)).hasStackTraceContaining("ask for DetectedObjects");
        }
    }
}
