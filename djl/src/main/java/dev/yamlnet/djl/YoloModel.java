package dev.yamlnet.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.compiler.CheckpointCompilation;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.ImageResult;
import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.RawOutput;
import dev.yamlnet.predict.image.PictureException;
import dev.yamlnet.predict.image.Pictures;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.NativeArrays;
import dev.yamlnet.runtime.weights.SafetensorsWriter;
import dev.yamlnet.runtime.weights.WeightLoadException;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model YAML made runnable on DJL (PyTorch engine, CPU) in one line, for the common path:
 *
 * <pre>{@code
 * try (YoloModel m = YoloModel.load(Path.of("yolov8n.yaml"))) {
 *     m.loadWeights(Path.of("yolov8n.safetensors"));      // Ultralytics state-dict names
 *     float[] y = m.predict(image);                        // [1, 3, 640, 640] in 0..1 -> [1, 84, 8400]
 * }
 * try (YoloModel m = YoloModel.load(Path.of("best.pt"))) {  // a checkpoint: its model YAML and weights
 *     float[] y = m.predict(image);
 * }
 * }</pre>
 *
 * The model is compiled (with the same checks and diagnostics as {@code yamlnet validate}),
 * instantiated through {@link DjlBackend}, and initialised for a {@code [1, channels, imgsz, imgsz]}
 * input. It runs in inference mode: BatchNorm on running statistics, detection heads decoding boxes.
 * Every {@link #predict(float[])} call allocates its arrays in a short-lived manager, so memory stays
 * flat however often it is called. Close the model to free its native memory.
 */
public final class YoloModel implements AutoCloseable {
    private final ModelIr ir;
    private final ModelGraph graph;
    private final Model model;
    private final Shape inputShape;
    private Map<Integer, String> names = Map.of();
    private boolean fused;

    private YoloModel(ModelIr ir, ModelGraph graph, Model model, Shape inputShape) {
        this.ir = ir;
        this.graph = graph;
        this.model = model;
        this.inputShape = inputShape;
    }

    /**
     * Settings DJL reads once, when the PyTorch engine starts, so call this before anything touches
     * the engine: offline mode (a missing native library fails instead of downloading), the intra-op
     * thread count when {@code threads} is not null, and DJL's log levels (warnings only, GPU probing
     * silent, to standard error) unless the caller set them. {@code yamlnet run} and the benchmarks
     * use it.
     */
    public static void configureEngine(Integer threads) {
        System.setProperty("ai.djl.offline", "true");
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
        }
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Compiles {@code yaml} with default options (scale from the file name, 640 pixels) and builds it.
     * A checkpoint ({@code best.pt}) is built from the model YAML it embeds, for the image size it was
     * trained at, with its weights loaded.
     */
    public static YoloModel load(Path yaml) throws ModelLoadException {
        return load(yaml, (Model) null);
    }

    /**
     * As {@link #load(Path)}, building the model into {@code target} (its manager holds the parameters; closing the
     * returned model closes it), or into a new DJL model when null. {@link YoloBlockFactory} uses this to build a
     * yamlnet model inside the model DJL's {@code Criteria} creates.
     */
    static YoloModel load(Path yaml, Model target) throws ModelLoadException {
        CompileOptions defaults = CompileOptions.defaults(yaml.toString());
        if (Checkpoint.isCheckpoint(yaml)) {
            CheckpointCompilation c = Compiler.compileCheckpoint(yaml, defaults);
            List<Integer> trained = c.checkpoint().map(Checkpoint::imgsz).orElse(List.of());
            if (!trained.isEmpty() && java.util.Collections.max(trained) != defaults.imgsz()) {
                c = new CheckpointCompilation(
                        Compiler.compile(
                                c.checkpoint().get(),
                                yaml.toString(),
                                defaults.withImgsz(java.util.Collections.max(trained))),
                        c.checkpoint());
            }
            return fromCheckpoint(c, target);
        }
        return built(
                Compiler.compile(
                        yaml, CompileOptions.defaults(yaml.getFileName().toString())),
                target);
    }

    /**
     * Compiles {@code yaml} with {@code options} and builds it; a checkpoint as {@link #load(Path)} does,
     * at {@code options}' image size.
     *
     * @throws ModelLoadException when the YAML has errors (the diagnostics are attached), a module
     *     cannot run on DJL yet, or a checkpoint's weights do not fit its model
     */
    public static YoloModel load(Path yaml, CompileOptions options) throws ModelLoadException {
        if (Checkpoint.isCheckpoint(yaml)) {
            return fromCheckpoint(Compiler.compileCheckpoint(yaml, options), null);
        }
        return built(Compiler.compile(yaml, options), null);
    }

    private static YoloModel fromCheckpoint(CheckpointCompilation c, Model target) throws ModelLoadException {
        YoloModel m = built(c.compilation(), target);
        try {
            WeightLoader.apply(
                    m.graph.ultralyticsParameters(),
                    WeightLoader.fromCheckpoint(c.checkpoint().orElseThrow()),
                    c.compilation().source().name());
        } catch (WeightLoadException e) {
            m.close();
            throw new ModelLoadException(e.getMessage());
        }
        m.names = c.checkpoint().orElseThrow().names();
        return m;
    }

    private static YoloModel built(Compilation c, Model target) throws ModelLoadException {
        java.util.Optional<Diagnostic> unreadable = c.errors().stream()
                .filter(d -> d.code() == DiagCode.E0001 || d.code() == DiagCode.E0010)
                .findFirst();
        if (unreadable.isPresent()) {
            throw new ModelLoadException(
                    c.source().name() + ": " + unreadable.get().message(), c.errors());
        }
        if (!c.isSuccessful()) {
            String first =
                    c.errors().stream().findFirst().map(Diagnostic::message).orElse("no model");
            throw new ModelLoadException(
                    c.source().name() + " does not compile: " + first
                            + (c.errors().size() > 1 ? " (and " + (c.errors().size() - 1) + " more errors)" : ""),
                    c.errors());
        }
        return of(c.model().orElseThrow(), target);
    }

    /** Builds an already compiled model; weights start at DJL's initial values until {@link #loadWeights}. */
    public static YoloModel of(ModelIr ir) throws ModelLoadException {
        return of(ir, null);
    }

    private static YoloModel of(ModelIr ir, Model target) throws ModelLoadException {
        ModelGraph graph = DjlBackend.build(ir);
        Model model = target != null ? target : Model.newInstance(ir.name(), Device.cpu(), "PyTorch");
        model.setBlock(graph);
        Shape input = new Shape(1, ir.channels(), ir.imgsz(), ir.imgsz());
        graph.initialize(model.getNDManager(), DataType.FLOAT32, input);
        graph.freezeParameters(true);
        return new YoloModel(ir, graph, model, input);
    }

    /**
     * Loads an Ultralytics state dict ({@code .safetensors} or {@code .npz}; float32, float16 or
     * bfloat16). Nothing changes unless every tensor fits.
     *
     * @throws WeightLoadException for an unreadable file, or a
     *     {@link dev.yamlnet.runtime.weights.WeightMismatchException} naming every missing, unexpected
     *     or wrongly shaped tensor
     */
    public YoloModel loadWeights(Path file) throws WeightLoadException {
        WeightLoader.load(graph, file);
        return this;
    }

    /**
     * Saves the model's tensors under Ultralytics' state-dict names, in state-dict order, as float32:
     * {@code .npz} when the file name ends so, else {@code .safetensors}. {@link #loadWeights} (and
     * Python's {@code safetensors.torch.load_file}) reads the file back. BatchNorm running statistics
     * are written; {@code num_batches_tracked} is not. After {@link #fuse()} the fused tensors are
     * written under their fused names ({@code conv.weight}, {@code conv.bias}).
     */
    public YoloModel saveWeights(Path file) throws java.io.IOException {
        SafetensorsWriter.save(file, SafetensorsWriter.tensors(graph.ultralyticsParameters()));
        return this;
    }

    /**
     * Folds every BatchNorm into the convolution before it, as Ultralytics' {@code model.fuse()}:
     * the same outputs up to float rounding (about 1e-6 relative), fewer operations per forward pass.
     * Call it after {@link #loadWeights}: afterwards the model's tensor names are the fused ones
     * ({@code model.0.conv.weight}, {@code model.0.conv.bias}) and {@link #parameterCount()} counts
     * them, as Ultralytics' summary of a fused model does. Calling it again changes nothing.
     */
    public YoloModel fuse() {
        graph.fuse();
        fused = true;
        return this;
    }

    /**
     * The class names {@link #predict(Path)} reports, by index: a checkpoint's {@code names}; empty for a model
     * built from a YAML (classes then print their index) until {@link #names(Map)} sets them.
     */
    public Map<Integer, String> names() {
        return names;
    }

    /** Sets the class names the typed {@code predict} methods report (a YAML model has none of its own). */
    public YoloModel names(Map<Integer, String> value) {
        names = Map.copyOf(value);
        return this;
    }

    /**
     * What post-processing knows about this model: task, class names, key point shape, end-to-end head, largest
     * stride.
     */
    public ModelHead head() {
        return PredictPipeline.head(ir, names);
    }

    /**
     * The predictor of this model, as Ultralytics' {@code model.predict} runs it: the model is first fused (BatchNorm
     * folded into the convolutions, as Ultralytics' predictor does; see {@link #fuse()}); the image size defaults to
     * the one the model was compiled at (a checkpoint's training size).
     */
    public PredictPipeline pipeline() {
        if (!fused) {
            fuse();
        }
        return new PredictPipeline(head(), ir.imgsz());
    }

    /** Finds the objects in a picture file (JPEG, PNG, BMP...) with Ultralytics' default settings. */
    public ImageResult predict(Path picture) throws PictureException {
        return predict(picture, PredictOptions.defaults());
    }

    /**
     * Finds the objects in a picture file with these settings: boxes, masks, key points or rotated boxes in the
     * picture's pixels, or the top-5 classes of a classification model.
     *
     * @throws PictureException when the file is not a picture yamlnet can read
     */
    public ImageResult predict(Path picture, PredictOptions options) throws PictureException {
        return predictFiles(List.of(picture), options, 1).get(0);
    }

    /** Finds the objects in a picture with Ultralytics' default settings. */
    public ImageResult predict(BufferedImage picture) {
        return predict(picture, PredictOptions.defaults());
    }

    /** Finds the objects in a picture with these settings. */
    public ImageResult predict(BufferedImage picture, PredictOptions options) {
        return predictBatch(List.of(picture), options).get(0);
    }

    /**
     * Predicts pictures in one forward pass, one result per picture in order. As in Ultralytics, a batch of pictures
     * of different sizes is letterboxed to the full square.
     */
    public List<ImageResult> predictBatch(List<BufferedImage> pictures, PredictOptions options) {
        List<BgrImage> images = new ArrayList<>(pictures.size());
        List<String> paths = new ArrayList<>(pictures.size());
        for (BufferedImage picture : pictures) {
            images.add(Pictures.fromBufferedImage(picture));
            paths.add("image" + paths.size());
        }
        return predictImages(images, paths, options);
    }

    /**
     * Predicts picture files, {@code batch} of them per forward pass, one result per file in order.
     *
     * @throws PictureException for the first file that is not a readable picture
     */
    public List<ImageResult> predictFiles(List<Path> pictures, PredictOptions options, int batch)
            throws PictureException {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        List<ImageResult> results = new ArrayList<>(pictures.size());
        for (int i = 0; i < pictures.size(); i += batch) {
            List<BgrImage> images = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (Path p : pictures.subList(i, Math.min(pictures.size(), i + batch))) {
                images.add(Pictures.read(p));
                paths.add(p.toString());
            }
            results.addAll(predictImages(images, paths, options));
        }
        return results;
    }

    /** Predicts decoded pictures in one forward pass; {@code paths} name them in the results. */
    public List<ImageResult> predictImages(List<BgrImage> images, List<String> paths, PredictOptions options) {
        return pipeline().run(this::forwardRaw, images, paths, options);
    }

    /** One forward pass of a batch {@code [B, C, H, W]}, every output as a {@link RawOutput}. */
    public List<RawOutput> forwardRaw(float[] batch, long[] shape) {
        List<RawOutput> out = new ArrayList<>();
        for (Output o : predictAll(batch, shape)) {
            out.add(new RawOutput(o.shape(), o.data()));
        }
        return out;
    }

    /**
     * Runs one image given as a flat float array in {@code [1, C, H, W]} order (values 0..1, as
     * Ultralytics' model input) and returns the model's first output flattened (for detection
     * {@code [1, 4 + nc, anchors]}: xywh boxes in pixels, then class scores).
     */
    public float[] predict(float[] image) {
        return predict(image, inputShape.getShape());
    }

    /** As {@link #predict(float[])} for another input shape {@code [1, C, H, W]} (H, W multiples of the largest stride). */
    public float[] predict(float[] image, long[] shape) {
        try (NDManager call = model.getNDManager().newSubManager()) {
            return NativeArrays.values(forward(call, input(call, image, shape)));
        }
    }

    /**
     * Runs one image (as {@link #predict(float[])}) and returns every output of the model, in order:
     * one for detection, pose and OBB heads; for {@code Segment} the detections {@code [1, 4 + nc + nm, A]}
     * and then the mask prototypes {@code [1, nm, 2 H0, 2 W0]}.
     */
    public List<Output> predictAll(float[] image) {
        return predictAll(image, inputShape.getShape());
    }

    /** As {@link #predictAll(float[])} for another input shape {@code [1, C, H, W]}. */
    public List<Output> predictAll(float[] image, long[] shape) {
        try (NDManager call = model.getNDManager().newSubManager()) {
            NDArray x = input(call, image, shape);
            List<Output> out = new ArrayList<>();
            for (NDArray y : graph.forward(new ParameterStore(call, false), new NDList(x), false)) {
                out.add(new Output(y.getShape().getShape(), NativeArrays.values(y)));
            }
            return out;
        }
    }

    /**
     * A float32 array of {@code shape} in {@code manager} holding {@code values}, copied straight into
     * native memory. DJL's {@code manager.create(float[], shape)} stages the values in a new direct
     * buffer that only the garbage collector frees: a loop of forward passes would then grow the
     * process by the input size per call until a collection happens to run.
     *
     * @throws IllegalArgumentException when {@code values} does not fill {@code shape} exactly
     */
    public static NDArray input(NDManager manager, float[] values, long[] shape) {
        return NativeArrays.floats(manager, values, shape);
    }

    /**
     * One output of {@link #predictAll}: its shape and its values flattened in row-major order.
     *
     * @param shape the dimensions, e.g. {@code [1, 46, 8400]}
     * @param data the values, {@code product(shape)} of them
     */
    public record Output(long[] shape, float[] data) {
        public Output {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Output other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Output" + Arrays.toString(shape);
        }
    }

    /**
     * Runs an array the caller owns; the result lives in {@code image}'s manager (close that manager,
     * or the result, when done).
     */
    public NDArray predict(NDArray image) {
        return forward(image.getManager(), image);
    }

    /**
     * Runs an array the caller owns and returns every output the model gives in eval mode, in
     * Ultralytics' order (detection: one; segmentation: predictions, then mask prototypes). The
     * results live in {@code image}'s manager.
     */
    public NDList predictAll(NDArray image) {
        return graph.forward(new ParameterStore(image.getManager(), false), new NDList(image), false);
    }

    private NDArray forward(NDManager manager, NDArray x) {
        return graph.forward(new ParameterStore(manager, false), new NDList(x), false)
                .head();
    }

    /** The output shape for this model's input size, e.g. {@code (1, 84, 8400)}. */
    public Shape outputShape() {
        return graph.getOutputShapes(new Shape[] {inputShape})[0];
    }

    /** The shapes of every output ({@link #predictAll}) for this model's input size. */
    public List<Shape> outputShapes() {
        return List.of(graph.getOutputShapes(new Shape[] {inputShape}));
    }

    /** The input shape the model was initialised for: {@code (1, channels, imgsz, imgsz)}. */
    public Shape inputShape() {
        return inputShape;
    }

    /** Learnable parameter elements, as PyTorch and the compiler's summary count them. */
    public long parameterCount() {
        return graph.parameterCount();
    }

    public ModelIr ir() {
        return ir;
    }

    /** The whole network as one DJL block. */
    public ModelGraph block() {
        return graph;
    }

    /** The DJL model holding the block and its native memory. */
    public Model model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return ir.name() + " " + inputShape + " -> " + outputShape() + ", "
                + ir.layers().size() + " layers";
    }
}
