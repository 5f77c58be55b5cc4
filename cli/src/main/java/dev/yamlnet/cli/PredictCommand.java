package dev.yamlnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.CheckpointException;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.summary.ModelComparison;
import dev.yamlnet.core.Task;
import dev.yamlnet.djl.PredictPipeline;
import dev.yamlnet.djl.YoloModel;
import dev.yamlnet.predict.BgrImage;
import dev.yamlnet.predict.Classification;
import dev.yamlnet.predict.Detection;
import dev.yamlnet.predict.Keypoint;
import dev.yamlnet.predict.LetterboxMode;
import dev.yamlnet.predict.OrientedBox;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.RawOutput;
import dev.yamlnet.predict.image.PictureException;
import dev.yamlnet.predict.image.Pictures;
import dev.yamlnet.predict.post.MaskRle;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoadException;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet predict}: runs a trained model on pictures as Ultralytics' predictor does (letterbox, fused
 * model, NMS or the end-to-end top-k, masks, key points, rotated boxes, top-5) and reports what it found: a line
 * per picture, or one JSON document with {@code --json}; {@code --save} writes annotated pictures.
 *
 * <p>Exit codes: 1 for a model YAML with errors, 2 for bad options, 3 for a missing source, a picture that cannot
 * be read (the others are still predicted and reported), weights that do not fit or an engine that does not start.
 * A directory or pattern with no pictures is a warning, exit 0.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Find objects in pictures with a trained model, as Ultralytics' predictor does: boxes, masks, "
                + "key points, rotated boxes or the top-5 classes, in the pictures' pixels. MODEL is a checkpoint "
                + "(best.pt) or a model YAML with --weights.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success (also: no pictures in the source, with a warning)",
            ExitCodes.MODEL_ERRORS + ":the model YAML has errors",
            ExitCodes.USAGE + ":usage error (a bad option value; a YAML without --weights)",
            ExitCodes.IO + ":a source, picture, model or weight file is missing or unreadable, the weights do not "
                    + "fit, or the engine cannot start; readable pictures are still reported",
            ExitCodes.INTERNAL + ":internal error"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  C=checkpoint/src/test/resources/checkpoints",
            "  I=djl/src/test/resources/predict/images",
            "  yamlnet predict $C/yolov8t-shapes.pt --source $I/shapes-a.jpg",
            "  yamlnet predict $C/yolov8t-seg-shapes.pt --source $I --save annotated",
            "  yamlnet predict $C/yolov8t-shapes.pt --source $I/bus.jpg \\",
            "      --conf 0.05 --classes 1,3 --letterbox square --json -o bus.json",
            "Paths are from the repository root. The JSON contract and the mask RLE",
            "are described in docs/predict.md."
        })
public final class PredictCommand implements Callable<Integer> {
    /** Ultralytics' picture suffixes ({@code IMG_FORMATS}): what a directory or pattern source picks up. */
    static final Set<String> PICTURE_SUFFIXES =
            Set.of("bmp", "dng", "jpeg", "jpg", "mpo", "png", "tif", "tiff", "webp", "pfm", "heic");

    @Spec
    CommandSpec spec;

    @Mixin
    CompileMixin compile;

    @Option(
            names = "--weights",
            paramLabel = "W",
            description = "Weights for a model YAML: a checkpoint (.pt; the YAML is checked against the model it "
                    + "embeds, and its class names are used) or a state dict (.safetensors, .npz). A checkpoint "
                    + "given as MODEL brings its own.")
    Path weights;

    @Option(
            names = "--source",
            paramLabel = "SRC",
            required = true,
            description = "A picture (JPEG, PNG, BMP), a directory (its pictures, in name order) or a pattern such as "
                    + "'pics/*.jpg' (quoted, so the shell leaves it alone).")
    String source;

    private float conf = 0.25f;

    @Option(
            names = "--conf",
            paramLabel = "C",
            description = "Keep detections whose best class score is above C (0..1, default: 0.25).")
    void conf(float value) {
        conf = unit("--conf", value);
    }

    private float iou = 0.7f;

    @Option(
            names = "--iou",
            paramLabel = "T",
            description = "NMS: drop a box that overlaps a kept box of its class by more than T IoU (0..1, default: "
                    + "0.7).")
    void iou(float value) {
        iou = unit("--iou", value);
    }

    private int maxDet = 300;

    @Option(
            names = "--max-det",
            paramLabel = "N",
            description = "Keep at most N detections per picture (default: 300).")
    void maxDet(int value) {
        maxDet = OptionChecks.positive(spec, "--max-det", value);
    }

    private List<Integer> classes = List.of();

    @Option(names = "--classes", paramLabel = "LIST", description = "Keep only these class indices, e.g. 0,2.")
    void classes(String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            try {
                int c = Integer.parseInt(part.trim());
                if (c < 0) {
                    throw new NumberFormatException();
                }
                list.add(c);
            } catch (NumberFormatException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "invalid value for option '--classes': '" + value
                                + "' is not a list of class indices such as 0,2");
            }
        }
        classes = List.copyOf(list);
    }

    @Option(names = "--agnostic", description = "NMS across classes (Ultralytics' agnostic_nms).")
    boolean agnostic;

    private LetterboxMode letterbox = LetterboxMode.RECT;

    @Option(
            names = "--letterbox",
            paramLabel = "MODE",
            description = "rect (default, Ultralytics' choice: pad each side only up to a multiple of the stride) or "
                    + "square (the full imgsz x imgsz, what a fixed-size export sees).")
    void letterbox(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "rect" -> letterbox = LetterboxMode.RECT;
            case "square" -> letterbox = LetterboxMode.SQUARE;
            default ->
                throw new ParameterException(
                        spec.commandLine(), "invalid value for option '--letterbox': '" + value + "' (rect or square)");
        }
    }

    @Option(
            names = "--retina-masks",
            description = "Segment models: compute the masks at the picture's size (Ultralytics' retina_masks).")
    boolean retinaMasks;

    private int batch = 1;

    @Option(
            names = "--batch",
            paramLabel = "B",
            description = "Pictures per forward pass (default: 1). As in Ultralytics, a batch of pictures of "
                    + "different sizes is letterboxed to the full square.")
    void batch(int value) {
        batch = OptionChecks.positive(spec, "--batch", value);
    }

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description = "Write each picture with what was found drawn on it to DIR (PNG, same name).")
    Path save;

    @Option(names = "--json", description = "Print one JSON document instead of a line per picture.")
    boolean json;

    private Integer threads;

    @Option(
            names = "--threads",
            paramLabel = "T",
            description = "PyTorch intra-op threads (default: PyTorch's choice).")
    void threads(int value) {
        threads = OptionChecks.positive(spec, "--threads", value);
    }

    @Mixin
    OutputOption output;

    private float unit(String option, float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new ParameterException(
                    spec.commandLine(), "invalid value for option '" + option + "': " + value + " is outside 0..1");
        }
        return value;
    }

    /** A problem with a file or the environment: one message, exit 3. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    /** What was predicted for one picture, with the model input's size. */
    record Done(
            String path,
            BgrImage picture,
            int width,
            int height,
            Predictions predictions,
            int inputHeight,
            int inputWidth,
            double[] ms) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        YoloModel.configureEngine(threads);
        List<Path> pictures;
        try {
            pictures = pictures(source);
        } catch (Problem e) {
            return fail(err, e.getMessage());
        }
        Compilation c = compile.compile();
        int code = Reports.report(c, err);
        if (code != ExitCodes.OK) {
            return code;
        }
        ModelIr ir = c.model().orElseThrow();
        if (compile.checkpoint().isEmpty() && weights == null) {
            err.println("yamlnet: " + compile.model + " is a model YAML: give its trained weights with --weights "
                    + "(a .pt, .safetensors or .npz), or the checkpoint itself as MODEL");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (pictures.isEmpty()) {
            err.println("warning: no pictures in " + source + " (looked for ." + String.join(", .", sorted()) + ")");
            err.flush();
        }
        try (YoloModel model = build(c, ir, err)) {
            return predict(model, pictures, out, err);
        } catch (Problem e) {
            return fail(err, e.getMessage());
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("yamlnet: " + message);
        err.flush();
        return ExitCodes.IO;
    }

    private static List<String> sorted() {
        return PICTURE_SUFFIXES.stream().sorted().toList();
    }

    /** The pictures a source names: the file, a directory's pictures, or a pattern's matches, sorted. */
    static List<Path> pictures(String source) throws Problem {
        if (source.isBlank()) {
            throw new Problem("--source is empty: give a picture, a directory or a pattern");
        }
        if (source.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[' || ch == '{')) {
            return glob(source);
        }
        Path p;
        try {
            p = Path.of(source);
        } catch (InvalidPathException e) {
            throw new Problem("cannot read source " + source + ": " + e.getReason());
        }
        if (Files.isDirectory(p)) {
            try (Stream<Path> files = Files.list(p)) {
                return files.filter(f -> Files.isRegularFile(f) && isPicture(f))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new Problem("cannot list source directory " + source + ": " + e.getMessage());
            }
        }
        if (!Files.exists(p)) {
            throw new Problem("cannot read source " + source + ": no such file or directory");
        }
        if (!Files.isRegularFile(p)) {
            throw new Problem("cannot read source " + source + ": not a regular file (a device, pipe or socket)");
        }
        return List.of(p);
    }

    private static List<Path> glob(String pattern) throws Problem {
        String normal = pattern.replace('\\', '/');
        int wild = 0;
        while (wild < normal.length() && "*?[{".indexOf(normal.charAt(wild)) < 0) {
            wild++;
        }
        int slash = normal.lastIndexOf('/', wild);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : normal.substring(0, slash));
        String rest = slash < 0 ? normal : normal.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new Problem("cannot read source " + pattern + ": no such directory " + base);
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        } catch (IllegalArgumentException e) {
            throw new Problem("source " + pattern + " is not a valid pattern: " + e.getMessage());
        }
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/", -1).length;
        try (Stream<Path> files = Files.walk(base, depth)) {
            return files.filter(f -> Files.isRegularFile(f) && isPicture(f) && matcher.matches(base.relativize(f)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new Problem("cannot list " + base + ": " + e.getMessage());
        }
    }

    static boolean isPicture(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && PICTURE_SUFFIXES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private YoloModel build(Compilation c, ModelIr ir, PrintWriter err) throws Problem {
        Checkpoint checkpoint = compile.checkpoint().orElse(null);
        Checkpoint weightsCheckpoint = null;
        if (weights != null) {
            if (!Files.isRegularFile(weights)) {
                throw new Problem("cannot read weights " + weights + ": "
                        + (Files.exists(weights) ? "not a regular file" : "no such file"));
            }
            if (Checkpoint.isCheckpoint(weights)) {
                try {
                    weightsCheckpoint = Checkpoint.read(weights);
                } catch (CheckpointException e) {
                    throw new Problem("cannot use weights " + weights + ": " + e.getMessage());
                }
                if (checkpoint == null) {
                    checkAgainstEmbedded(ir, weightsCheckpoint, err);
                }
            }
        }
        try {
            RunCommand.startEngine(err);
        } catch (RunCommand.RunProblem e) {
            throw new Problem(e.getMessage());
        }
        YoloModel model;
        try {
            model = YoloModel.of(ir);
        } catch (ModelLoadException e) {
            throw new Problem("cannot run " + ir.name() + ": " + e.getMessage());
        }
        try {
            Path from = weights != null ? weights : compile.model;
            Checkpoint ck = weightsCheckpoint != null ? weightsCheckpoint : weights == null ? checkpoint : null;
            try (Progress p = Progress.start(err, "loading weights from " + from + "...", "weights loaded")) {
                Map<String, Tensor> tensors = ck != null ? WeightLoader.fromCheckpoint(ck) : WeightLoader.read(from);
                WeightLoader.load(model.block(), tensors, from.toString());
            }
            Checkpoint named = weightsCheckpoint != null ? weightsCheckpoint : checkpoint;
            if (named != null) {
                model.names(named.names());
            }
            return model;
        } catch (WeightLoadException e) {
            model.close();
            throw new Problem(e.getMessage());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A YAML given with a checkpoint's weights must describe the model the checkpoint embeds. */
    private void checkAgainstEmbedded(ModelIr ir, Checkpoint checkpoint, PrintWriter err) throws Problem {
        if (checkpoint.yaml().isEmpty()) {
            return;
        }
        Compilation embedded = Compiler.compile(
                checkpoint,
                weights.toString(),
                compile.options().withScale(null).withNc(null).withImgsz(ir.imgsz()));
        String yamlName = String.valueOf(Path.of(ir.source()).getFileName());
        String ptName = String.valueOf(weights.getFileName());
        if (!embedded.isSuccessful()) {
            err.println("note: " + yamlName + " is not checked against the model in " + ptName
                    + ": its embedded YAML does not compile");
            err.flush();
            return;
        }
        var difference =
                ModelComparison.firstDifference(ir, yamlName, embedded.model().orElseThrow(), ptName);
        if (difference.isPresent()) {
            throw new Problem(yamlName + " does not describe the model in " + ptName + ": " + difference.get()
                    + "\nhint: to use the model the checkpoint embeds, predict with " + weights + " alone");
        }
    }

    private int predict(YoloModel model, List<Path> pictures, PrintWriter out, PrintWriter err) throws Problem {
        PredictOptions options = PredictOptions.defaults()
                .withImgsz(model.ir().imgsz())
                .withConf(conf)
                .withIou(iou)
                .withMaxDet(maxDet)
                .withClasses(classes)
                .withAgnostic(agnostic)
                .withRetinaMasks(retinaMasks)
                .withLetterbox(letterbox);
        PredictPipeline pipeline = model.pipeline();
        if (save != null) {
            try {
                Files.createDirectories(save);
            } catch (IOException e) {
                throw new Problem("cannot create --save directory " + save + ": " + e.getMessage());
            }
        }
        boolean stream = !json && output.file == null;
        StringBuilder text = new StringBuilder();
        List<Done> done = new ArrayList<>();
        List<String[]> failed = new ArrayList<>();
        Set<String> savedNames = new HashSet<>();
        ProgressBar bar = new ProgressBar(err, pictures.size(), ProgressBar.interactive());
        long start = System.nanoTime();
        long[] lastShape = null;
        double[] totals = new double[3];
        int index = 0;
        for (int i = 0; i < pictures.size(); i += batch) {
            List<BgrImage> images = new ArrayList<>();
            List<Path> paths = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Path p : pictures.subList(i, Math.min(pictures.size(), i + batch))) {
                try {
                    images.add(Pictures.read(p));
                    paths.add(p);
                } catch (PictureException e) {
                    bar.clear();
                    err.println("yamlnet: cannot read picture " + p + ": " + e.getMessage());
                    err.flush();
                    failed.add(new String[] {p.toString(), e.getMessage()});
                }
            }
            index += Math.min(batch, pictures.size() - i);
            if (images.isEmpty()) {
                bar.update(index);
                continue;
            }
            double readMs = (System.nanoTime() - t0) / 1e6;
            PredictPipeline.Batch b = pipeline.prepare(images, options);
            long t1 = System.nanoTime();
            List<RawOutput> outputs = model.forwardRaw(b.tensor(), b.shape());
            long t2 = System.nanoTime();
            List<Predictions> predictions = pipeline.finish(outputs, b, options);
            long t3 = System.nanoTime();
            int n = images.size();
            double[] ms = {(readMs + b.preprocessNanos() / 1e6) / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n};
            lastShape = b.shape();
            for (int k = 0; k < n; k++) {
                Done d = new Done(
                        paths.get(k).toString(),
                        images.get(k),
                        images.get(k).width(),
                        images.get(k).height(),
                        predictions.get(k),
                        b.inputs().get(k).height(),
                        b.inputs().get(k).width(),
                        ms);
                totals[0] += ms[0];
                totals[1] += ms[1];
                totals[2] += ms[2];
                if (!json) {
                    String line = line(done.size() + failed.size() + 1, pictures.size(), d, model) + "\n";
                    if (stream) {
                        bar.clear();
                        out.print(line);
                        out.flush();
                    } else {
                        text.append(line);
                    }
                }
                if (save != null) {
                    saveAnnotated(d, savedNames);
                }
                done.add(stripped(d));
            }
            bar.update(index);
        }
        bar.clear();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> summary = new ArrayList<>();
        if (!done.isEmpty()) {
            summary.add(String.format(
                    Locale.ROOT,
                    "Speed: %.1fms preprocess, %.1fms inference, %.1fms postprocess per image at shape %s",
                    totals[0] / done.size(),
                    totals[1] / done.size(),
                    totals[2] / done.size(),
                    RunCommand.text(lastShape)));
        }
        summary.add(String.format(
                Locale.ROOT,
                "%d picture%s in %.2f s, %.1f pictures/s%s",
                done.size(),
                done.size() == 1 ? "" : "s",
                seconds,
                seconds > 0 ? done.size() / seconds : 0,
                failed.isEmpty() ? "" : " (" + failed.size() + " unreadable)"));
        if (save != null && !done.isEmpty()) {
            summary.add("Results saved to " + save);
        }
        int code;
        if (json) {
            if (ProgressBar.interactive()) { // at a terminal; a script reads the JSON's speed_ms
                for (String s : summary) {
                    err.println(s);
                }
                err.flush();
            }
            code = output.write(spec, json(model, pipeline, options, done, failed) + "\n");
        } else if (stream) {
            for (String s : summary) {
                out.println(s);
            }
            out.flush();
            code = ExitCodes.OK;
        } else {
            summary.forEach(s -> text.append(s).append('\n'));
            code = output.write(spec, text.toString());
        }
        return code != ExitCodes.OK ? code : failed.isEmpty() ? ExitCodes.OK : ExitCodes.IO;
    }

    /** The result without the picture's pixels (kept only while it is drawn). */
    private static Done stripped(Done d) {
        return new Done(
                d.path(), null, d.width(), d.height(), d.predictions(), d.inputHeight(), d.inputWidth(), d.ms());
    }

    /** Ultralytics' log line: {@code image 1/3 a.jpg: 256x320 2 rings, 1 cross, 12.3ms}. */
    static String line(int i, int total, Done d, YoloModel model) {
        StringBuilder s = new StringBuilder();
        s.append("image ")
                .append(i)
                .append('/')
                .append(total)
                .append(' ')
                .append(d.path())
                .append(": ");
        s.append(d.inputHeight()).append('x').append(d.inputWidth()).append(' ');
        Predictions p = d.predictions();
        if (p.classification() != null) {
            Classification c = p.classification();
            for (int k = 0; k < c.top5().size(); k++) {
                s.append(String.format(
                        Locale.ROOT,
                        "%s %.2f, ",
                        c.top5Names().get(k),
                        c.top5Confidence().get(k)));
            }
        } else if (p.detections().isEmpty()) {
            s.append("(no detections), ");
        } else {
            Map<Integer, Integer> counts = new TreeMap<>();
            Map<Integer, String> names = new LinkedHashMap<>();
            for (Detection det : p.detections()) {
                counts.merge(det.classId(), 1, Integer::sum);
                names.putIfAbsent(det.classId(), det.name());
            }
            counts.forEach((cls, n) ->
                    s.append(n).append(' ').append(plural(names.get(cls), n)).append(", "));
        }
        s.append(String.format(Locale.ROOT, "%.1fms", d.ms()[1]));
        return s.toString();
    }

    /** {@code 2 rings}, {@code 2 crosses}, {@code 1 bus} (Ultralytics only appends an s: {@code 2 crosss}). */
    static String plural(String name, int n) {
        if (n == 1) {
            return name;
        }
        return name.matches("(?s).*(s|x|z|ch|sh)") ? name + "es" : name + "s";
    }

    private void saveAnnotated(Done d, Set<String> used) throws Problem {
        String name = Path.of(d.path()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String file = stem + ".png";
        for (int k = 2; !used.add(file); k++) {
            file = stem + "_" + k + ".png";
        }
        Path target = save.resolve(file);
        try {
            if (!ImageIO.write(Annotator.draw(d.picture(), d.predictions()), "png", target.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new Problem("cannot write " + target + ": " + e.getMessage());
        }
    }

    /** The JSON document of docs/predict.md. */
    static String json(
            YoloModel model, PredictPipeline pipeline, PredictOptions options, List<Done> done, List<String[]> failed) {
        JsonObject root = new JsonObject();
        root.addProperty("model", model.ir().source());
        root.addProperty("model_name", model.ir().name());
        root.addProperty("task", model.ir().task().name().toLowerCase(Locale.ROOT));
        int imgsz = pipeline.imgsz(options);
        JsonArray size = new JsonArray();
        size.add(imgsz);
        size.add(imgsz);
        root.add("imgsz", size);
        JsonObject names = new JsonObject();
        new TreeMap<>(pipeline.head().names()).forEach((k, v) -> names.addProperty(Integer.toString(k), v));
        root.add("names", names);
        JsonArray images = new JsonArray();
        for (Done d : done) {
            images.add(image(d, model.ir().task()));
        }
        root.add("images", images);
        if (!failed.isEmpty()) {
            JsonArray errors = new JsonArray();
            for (String[] f : failed) {
                JsonObject e = new JsonObject();
                e.addProperty("path", f[0]);
                e.addProperty("error", f[1]);
                errors.add(e);
            }
            root.add("errors", errors);
        }
        return new GsonBuilder().disableHtmlEscaping().create().toJson(root);
    }

    private static JsonObject image(Done d, Task task) {
        JsonObject o = new JsonObject();
        o.addProperty("path", d.path());
        Predictions p = d.predictions();
        o.addProperty("width", d.width());
        o.addProperty("height", d.height());
        JsonArray input = new JsonArray();
        input.add(d.inputHeight());
        input.add(d.inputWidth());
        o.add("input_size", input);
        JsonArray detections = new JsonArray();
        for (Detection det : p.detections()) {
            detections.add(detection(det));
        }
        o.add("detections", detections);
        if (p.classification() != null) {
            Classification c = p.classification();
            JsonObject cls = new JsonObject();
            JsonArray top5 = new JsonArray();
            JsonArray top5Names = new JsonArray();
            JsonArray top5Conf = new JsonArray();
            for (int k = 0; k < c.top5().size(); k++) {
                top5.add(c.top5().get(k));
                top5Names.add(c.top5Names().get(k));
                top5Conf.add(c.top5Confidence().get(k));
            }
            cls.add("top5", top5);
            cls.add("top5_names", top5Names);
            cls.add("top5_confidence", top5Conf);
            o.add("classification", cls);
        }
        JsonObject speed = new JsonObject();
        speed.addProperty("preprocess", round(d.ms()[0]));
        speed.addProperty("inference", round(d.ms()[1]));
        speed.addProperty("postprocess", round(d.ms()[2]));
        o.add("speed_ms", speed);
        return o;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    private static JsonObject detection(Detection det) {
        JsonObject o = new JsonObject();
        o.addProperty("class", det.classId());
        o.addProperty("name", det.name());
        o.addProperty("confidence", det.confidence());
        JsonArray box = new JsonArray();
        box.add(det.box().x1());
        box.add(det.box().y1());
        box.add(det.box().x2());
        box.add(det.box().y2());
        o.add("box", box);
        if (det.mask() != null) {
            JsonObject mask = new JsonObject();
            JsonArray size = new JsonArray();
            size.add(det.mask().height());
            size.add(det.mask().width());
            mask.add("size", size);
            JsonArray rle = new JsonArray();
            for (int count : MaskRle.encode(det.mask())) {
                rle.add(count);
            }
            mask.add("rle", rle);
            o.add("mask", mask);
        }
        if (!det.keypoints().isEmpty()) {
            JsonArray kpts = new JsonArray();
            for (Keypoint k : det.keypoints()) {
                JsonArray point = new JsonArray();
                point.add(k.x());
                point.add(k.y());
                if (!Float.isNaN(k.visibility())) {
                    point.add(k.visibility());
                }
                kpts.add(point);
            }
            o.add("keypoints", kpts);
        }
        if (det.obb() != null) {
            OrientedBox b = det.obb();
            JsonObject obb = new JsonObject();
            JsonArray xywhr = new JsonArray();
            xywhr.add(b.cx());
            xywhr.add(b.cy());
            xywhr.add(b.width());
            xywhr.add(b.height());
            xywhr.add(b.angle());
            obb.add("xywhr", xywhr);
            JsonArray corners = new JsonArray();
            for (float[] c : b.corners()) {
                JsonArray xy = new JsonArray();
                xy.add(c[0]);
                xy.add(c[1]);
                corners.add(xy);
            }
            obb.add("corners", corners);
            o.add("obb", obb);
        }
        return o;
    }
}
