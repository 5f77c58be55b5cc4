package dev.yamlnet.djl;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.runtime.weights.WeightLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DJL's hook for models its engine cannot load by itself: a {@link BlockFactory} that builds a yamlnet model, from
 * an Ultralytics checkpoint ({@code best.pt}, weights included) or a model YAML (weights from the {@code weights}
 * argument), inside the model a DJL {@code Criteria} creates. The model is fused (BatchNorm folded into the
 * convolutions) as Ultralytics' predictor runs it, and what the {@link YoloTranslator} needs (task, class names, key
 * point shape, strides, image size) is left in the model's properties.
 *
 * <p>DJL calls it when the criteria carry {@code optArgument("blockFactory", ...)}; {@link YoloCriteria} sets it
 * up. The file is the criteria's model path, or {@code modelName} inside a model directory.
 */
public final class YoloBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    /** Property keys of what the translator reads back. */
    static final String TASK = "yamlnet.task";

    static final String NAME_PREFIX = "yamlnet.name.";
    static final String KPT = "yamlnet.kpt_shape";
    static final String END2END = "yamlnet.end2end";
    static final String STRIDE = "yamlnet.stride";
    static final String IMGSZ = "yamlnet.imgsz";

    /** Public for DJL's class-name lookup ({@code optArgument("blockFactory", "dev.yamlnet.djl.YoloBlockFactory")}). */
    public YoloBlockFactory() {}

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path file = locate(model, modelPath);
        YoloModel m;
        try {
            m = YoloModel.load(file, model);
        } catch (ModelLoadException e) {
            throw new IOException("yamlnet cannot build " + file + ": " + e.getMessage(), e);
        }
        Object weights = arguments.get("weights");
        if (weights != null) {
            Path w = Path.of(weights.toString());
            try {
                m.loadWeights(w.isAbsolute() || Files.exists(w) ? w : modelPath.resolve(w));
            } catch (WeightLoadException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        m.fuse();
        ModelHead head = m.head();
        model.setProperty(TASK, head.task().name());
        head.names().forEach((k, v) -> model.setProperty(NAME_PREFIX + k, v));
        model.setProperty(KPT, head.keypointsPerObject() + "," + head.valuesPerKeypoint());
        model.setProperty(END2END, Boolean.toString(head.endToEnd()));
        model.setProperty(STRIDE, Integer.toString(head.stride()));
        model.setProperty(IMGSZ, Integer.toString(m.ir().imgsz()));
        return m.block();
    }

    /** The model file: the path itself, {@code modelPath/modelName}, or the one .pt or .yaml in the directory. */
    private static Path locate(Model model, Path modelPath) throws IOException {
        if (Files.isRegularFile(modelPath)) {
            return modelPath;
        }
        Path named = modelPath.resolve(model.getName());
        if (Files.isRegularFile(named)) {
            return named;
        }
        for (String ext : new String[] {".pt", ".yaml", ".yml"}) {
            if (Files.isRegularFile(modelPath.resolve(model.getName() + ext))) {
                return modelPath.resolve(model.getName() + ext);
            }
        }
        try (Stream<Path> files = Files.list(modelPath)) {
            var candidates = files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".pt") || n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .collect(Collectors.toList());
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            throw new IOException("no yamlnet model named " + model.getName() + " in " + modelPath
                    + (candidates.isEmpty() ? "" : " (found " + candidates + "; set optModelName)"));
        }
    }
}
