package dev.yamlnet.djl;

import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import java.nio.file.Path;

/**
 * DJL {@code Criteria} for a yamlnet model, so that a DJL user loads an Ultralytics checkpoint or model YAML with
 * DJL's usual API:
 *
 * <pre>{@code
 * Criteria<Image, DetectedObjects> criteria = YoloCriteria.builder(Path.of("best.pt"), DetectedObjects.class)
 *         .optArgument("conf", 0.25)
 *         .build();
 * try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
 *         Predictor<Image, DetectedObjects> predictor = model.newPredictor()) {
 *     DetectedObjects found = predictor.predict(ImageFactory.getInstance().fromFile(Path.of("bus.jpg")));
 * }
 * }</pre>
 *
 * It is the plain DJL route with yamlnet's two factories filled in: the model path, the PyTorch engine,
 * {@code optArgument("blockFactory", YoloBlockFactory)} (DJL's hook for a model its engine cannot load itself: the
 * file is a pickle, not TorchScript), {@code optOption("hasParameter", "false")} (the block factory loads the weights;
 * there is no DJL {@code .params} file) and {@link YoloTranslatorFactory}. Written out, it is
 *
 * <pre>{@code
 * Criteria.builder()
 *         .setTypes(Image.class, DetectedObjects.class)
 *         .optModelPath(Path.of("best.pt"))
 *         .optEngine("PyTorch")
 *         .optArgument("blockFactory", "dev.yamlnet.djl.YoloBlockFactory")
 *         .optArgument("translatorFactory", "dev.yamlnet.djl.YoloTranslatorFactory")
 *         .optOption("hasParameter", "false")
 *         .build();
 * }</pre>
 */
public final class YoloCriteria {
    private YoloCriteria() {}

    /**
     * A criteria builder for the model at {@code model} (a {@code .pt} checkpoint, or a YAML with
     * {@code optArgument("weights", file)}), from {@link Image} to {@code output}.
     */
    public static <O> Criteria.Builder<Image, O> builder(Path model, Class<O> output) {
        return Criteria.builder()
                .setTypes(Image.class, output)
                .optModelPath(model)
                .optEngine("PyTorch")
                .optArgument("blockFactory", new YoloBlockFactory())
                .optOption("hasParameter", "false")
                .optTranslatorFactory(new YoloTranslatorFactory());
    }
}
