package dev.yamlnet.cli;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.CheckpointException;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.check.ShapeChecker;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.memory.MemoryEstimate;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.summary.ModelComparison;
import dev.yamlnet.djl.YoloModel;
import dev.yamlnet.runtime.weights.NpyWriter;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoadException;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet run}: compiles a model, builds it on DJL (PyTorch engine, CPU, offline), loads an
 * Ultralytics state dict, runs one input and reports the output shapes; optionally writes the first
 * output as {@code .npy} and times repeated forward passes. Results go to stdout (scripts read the
 * {@code median 12.34 ms} line), progress and problems to stderr.
 *
 * <p>A checkpoint ({@code best.pt}) as the model brings its weights; as {@code --weights} beside a
 * YAML, the YAML is first checked against the model the checkpoint embeds, row by row.
 *
 * <p>Everything that is wrong with a file other than the YAML (a missing or unreadable weight or input
 * file, weights that do not fit the model, an input of the wrong shape, an output path that cannot be
 * written) and modules the DJL runtime cannot run yet are reported in one message without a stack
 * trace and exit with {@link ExitCodes#IO}: the model itself is valid, so exit 1 stays reserved for
 * diagnostics in the YAML.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Run a model on DJL (PyTorch, CPU, offline): load Ultralytics weights, feed an input, print the output "
                        + "shapes, optionally write the first output and time repeated forward passes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.MODEL_ERRORS + ":the model YAML has errors (printed as validate prints them)",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.IO + ":a file is missing, unreadable or does not fit (model, weights, input, output), a module "
                    + "has no runtime block yet, the engine cannot start, or the run would need more memory than "
                    + "--max-memory (E0904)",
            ExitCodes.INTERNAL + ":internal error"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  yamlnet run examples/yaml/yolov8n.yaml --random --repeat 20 --threads 1",
            "  P=djl/src/test/resources/parity/yolov8t",
            "  yamlnet run compiler/src/test/resources/conformance/fixtures/yolov8t.yaml \\",
            "      --scale t --imgsz 128 --weights $P/weights.safetensors \\",
            "      --input $P/input.npy --output y.npy --fuse",
            "  yamlnet run checkpoint/src/test/resources/checkpoints/yolov8t.pt \\",
            "      --input $P/input.npy --output y.npy",
            "Paths are from the repository root. A checkpoint (.pt) is read without",
            "running anything from it; see docs/checkpoints.md."
        })
public final class RunCommand implements Callable<Integer> {
    /** The engine every run uses; its native library comes from the class path, never from the network. */
    static final String ENGINE = "PyTorch";

    @Spec
    CommandSpec spec;

    @Mixin
    CompileMixin compile;

    @Option(
            names = "--weights",
            paramLabel = "W",
            description =
                    "Ultralytics weights: a checkpoint (.pt; nothing in it is run, and the YAML is checked against the "
                            + "model it embeds), or a state dict as .safetensors or .npz (Ultralytics' key names: model.0.conv.weight...). "
                            + "A checkpoint given as MODEL brings its own. Without weights the model keeps its initial random weights: "
                            + "shapes and timings only.")
    Path weights;

    /** Where the input comes from: a file, or seeded random values (the default). */
    static final class InputChoice {
        @Option(
                names = "--input",
                paramLabel = "X",
                description =
                        "Input image as a float32 .npy of shape [1, C, H, W], values 0..1, as Ultralytics' model input.")
        Path file;

        @Option(
                names = "--random",
                description = "Uniform random input in [0, 1) of shape [1, C, imgsz, imgsz] (the default).")
        boolean random;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    InputChoice input;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed of the random input (java.util.Random, values in C order). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "Y",
            description = "Write the first output Ultralytics returns in eval mode as a float32 .npy "
                    + "(detection: [1, 4 + nc, anchors], boxes xywh in pixels, then class scores).")
    Path output;

    @Option(
            names = "--output-all",
            paramLabel = "DIR",
            description = "Write every output the model's head returns in eval as a float32 .npy into DIR (created if "
                    + "missing), named as Ultralytics' reference fixtures: output.npy, then e.g. output_proto.npy "
                    + "(segmentation prototypes), output_pre_topk.npy (an end-to-end head's tensor before its top-k), "
                    + "output_logits.npy (classification).")
    Path outputAll;

    @Option(
            names = "--fuse",
            description = "Fold every BatchNorm into the convolution before it, as Ultralytics' fuse().")
    boolean fuse;

    private int repeat;

    @Option(
            names = "--repeat",
            paramLabel = "K",
            description = "Time K forward passes after a warm-up and print their median as 'median 12.34 ms'.")
    void repeat(int value) {
        repeat = OptionChecks.positive(spec, "--repeat", value);
    }

    private int warmup = 1;

    @Option(
            names = "--warmup",
            paramLabel = "W",
            description =
                    "Untimed forward passes before the --repeat ones (default: 1). Benchmarks that compare yamlnet with "
                            + "other runtimes give every path the same count.")
    void warmup(int value) {
        warmup = OptionChecks.nonNegative(spec, "--warmup", value);
    }

    private Integer threads;

    @Option(
            names = "--threads",
            paramLabel = "T",
            description =
                    "PyTorch intra-op threads (default: PyTorch's choice, one per core). 1 avoids OpenMP spin-waiting "
                            + "on a busy machine.")
    void threads(int value) {
        threads = OptionChecks.positive(spec, "--threads", value);
    }

    private Long maxMemory;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            description =
                    "Refuse to build the model when the estimated peak memory of a forward pass (activations, "
                            + "attention, parameters, input, engine) is above SIZE, e.g. 8g or 512m (binary units; a plain number is "
                            + "bytes). Default: 80% of the physical memory Java reports (the container's limit in a container).")
    void maxMemory(String value) {
        maxMemory = parseSize(spec.commandLine(), value);
    }

    /** The default --max-memory: this share of the physical memory. */
    static final double DEFAULT_MEMORY_SHARE = 0.8;

    /** {@code 8g}, {@code 512M}, {@code 2GiB}, {@code 1048576}: a positive size in bytes, binary units. */
    static long parseSize(picocli.CommandLine cli, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?i)\\s*(\\d{1,19})\\s*(?:([kmgt])(?:i?b)?|b)?\\s*")
                .matcher(value);
        long n = -1;
        if (m.matches()) {
            int shift = m.group(2) == null
                    ? 0
                    : 10 * ("kmgt".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1);
            try {
                n = Long.parseLong(m.group(1));
                n = n > (Long.MAX_VALUE >> shift) ? -1 : n << shift;
            } catch (NumberFormatException e) {
                n = -1;
            }
        }
        if (n <= 0) {
            throw new ParameterException(
                    cli,
                    "invalid value for option '--max-memory': '" + value
                            + "' is not a positive size such as 8g, 512m or 1073741824");
        }
        return n;
    }

    /** Physical memory as Java sees it (a container's limit inside one), or 0 when it cannot tell. */
    static long physicalMemory() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    /** A problem with something other than the YAML: one message, exit 3. */
    static final class RunProblem extends Exception {
        private static final long serialVersionUID = 1L;

        /** Whether the message is a bare sentence (printed after "yamlnet: ") or a rendered diagnostic. */
        final boolean sentence;

        RunProblem(String message) {
            this(message, true);
        }

        RunProblem(String message, boolean sentence) {
            super(message);
            this.sentence = sentence;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        YoloModel.configureEngine(threads); // DJL reads these once, when the engine starts: first
        Compilation c = compile.compile();
        int code = Reports.report(c, err);
        if (code != ExitCodes.OK) {
            return code;
        }
        try {
            return run(c, c.model().orElseThrow(), out, err);
        } catch (RunProblem e) {
            err.println((e.sentence ? "yamlnet: " : "") + e.getMessage());
            err.flush();
            return ExitCodes.IO;
        }
    }

    private int run(Compilation c, ModelIr ir, PrintWriter out, PrintWriter err) throws RunProblem {
        // cheap checks first, so that a typo does not wait for the engine
        requireReadable(weights, "weights");
        Checkpoint weightsCheckpoint =
                weights != null && Checkpoint.isCheckpoint(weights) ? readCheckpoint(weights) : null;
        if (weightsCheckpoint != null && compile.checkpoint().isEmpty()) {
            checkAgainstEmbedded(ir, weightsCheckpoint, err);
        }
        Input read = input != null && input.file != null ? readInput(ir, input.file) : null;
        long[] shape = read != null ? read.shape : new long[] {1, ir.channels(), ir.imgsz(), ir.imgsz()};
        requireMemory(ir, shape);
        Input in = read != null ? read : randomInput(ir, seed);
        requireRunsAt(c, ir, in);
        noteRange(in, err);
        startEngine(err);
        Path weightsFrom = weights != null ? weights : compile.checkpoint().isPresent() ? compile.model : null;
        try (YoloModel model = build(ir)) {
            // weights first: when they do not fit, stdout stays empty
            int tensors = weightsFrom != null
                    ? loadWeights(
                            model,
                            weightsFrom,
                            weightsCheckpoint != null
                                    ? weightsCheckpoint
                                    : weights == null ? compile.checkpoint().orElseThrow() : null,
                            err)
                    : 0;
            out.printf(
                    Locale.ROOT,
                    "model   %s (%s%s), %,d parameters%n",
                    ir.name(),
                    Path.of(ir.source()).getFileName(),
                    ir.scale().isEmpty() ? "" : ", scale " + ir.scale(),
                    model.parameterCount());
            if (weightsFrom != null) {
                out.printf(Locale.ROOT, "weights %s (%d tensors)%n", weightsFrom, tensors);
            } else {
                err.println(
                        "note: no --weights given: the model runs with its initial random weights (shapes and timings only)");
                err.flush();
            }
            if (fuse) {
                model.fuse();
                out.printf(
                        Locale.ROOT,
                        "fused   BatchNorm folded into convolutions, %,d parameters%n",
                        model.parameterCount());
            }
            out.printf(Locale.ROOT, "input   %s %s%n", text(in.shape), in.description);
            try (NDManager call = model.model().getNDManager().newSubManager()) {
                NDList ys = model.predictAll(YoloModel.input(call, in.data, in.shape));
                for (int i = 0; i < ys.size(); i++) {
                    out.printf(
                            Locale.ROOT,
                            "output%s %s%n",
                            ys.size() == 1 ? " " : " " + i,
                            text(ys.get(i).getShape().getShape()));
                }
                if (outputAll != null) {
                    createDirectory(outputAll);
                    List<String> names = outputNames(ir, ys.size());
                    for (int i = 0; i < ys.size(); i++) {
                        Path file = outputAll.resolve(names.get(i) + ".npy");
                        writeArray(file, ys.get(i));
                        out.printf(
                                Locale.ROOT,
                                "wrote   %s (float32 %s)%n",
                                file,
                                text(ys.get(i).getShape().getShape()));
                    }
                }
                if (output != null) {
                    writeOutput(ys.head());
                    out.printf(
                            Locale.ROOT,
                            "wrote   %s (float32 %s)%n",
                            output,
                            text(ys.head().getShape().getShape()));
                }
            }
            out.flush();
            if (repeat > 0) {
                time(model, in, out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Refuses a model whose forward pass on an input of this shape would need more memory than
     * {@code --max-memory} allows, before any array is allocated, with diagnostic E0904.
     */
    private void requireMemory(ModelIr ir, long[] shape) throws RunProblem {
        long physical = physicalMemory();
        long limit = maxMemory != null
                ? maxMemory
                : physical > 0 ? (long) (physical * DEFAULT_MEMORY_SHARE) : Long.MAX_VALUE;
        MemoryEstimate m = MemoryEstimate.of(ir, shape[0], shape[2], shape[3]);
        if (m.total() <= limit) {
            return;
        }
        String at = shape[0] == 1 ? shape[2] + "x" + shape[3] : shape[0] + " images of " + shape[2] + "x" + shape[3];
        String origin = maxMemory != null
                ? "--max-memory " + MemoryEstimate.human(limit)
                : "the default limit of " + MemoryEstimate.human(limit) + " (" + Math.round(DEFAULT_MEMORY_SHARE * 100)
                        + "% of the " + MemoryEstimate.human(physical) + " of physical memory)";
        Diagnostic d = Diagnostic.builder(
                        DiagCode.E0904,
                        Span.NONE,
                        "running " + ir.name() + " at " + at + " needs about " + MemoryEstimate.human(m.total())
                                + ", more than " + origin)
                .note("peak at layer " + m.peakLayer() + ": " + MemoryEstimate.human(m.activations())
                        + " of activations"
                        + (m.attention() > 0
                                ? " (" + MemoryEstimate.human(m.attention()) + " of them attention logits)"
                                : "")
                        + ", " + MemoryEstimate.human(m.parameters()) + " for the parameters, "
                        + MemoryEstimate.human(m.input())
                        + " for the input")
                .hint((m.attention() > m.activations() / 2
                                ? "attention memory grows with the square of the map's area: use a smaller image or BoT3 with position tables; "
                                : "activations grow with the image's area: use a smaller --imgsz or input; ")
                        + "or give a larger --max-memory if this machine really has the memory")
                .build();
        throw new RunProblem(
                new DiagnosticPrinter(new SourceFile(ir.source(), "")).render(d).stripTrailing(), false);
    }

    static void startEngine(PrintWriter err) throws RunProblem {
        // a warm start takes one to a few seconds and says so only when slow; unpacking libtorch takes
        // longer and is announced at once, and only when the cache really lacks it
        Optional<Path> unpackInto = EngineCache.libtorchDir().filter(EngineCache::needsUnpacking);
        String message = unpackInto
                .map(dir -> "starting the PyTorch engine (first run: unpacking libtorch, about 450 MB, into " + dir
                        + ")...")
                .orElse("starting the PyTorch engine...");
        try (Progress p = Progress.start(
                err, message, "engine started", unpackInto.isPresent() ? 0 : 2 * Progress.DELAY_MILLIS)) {
            Engine.getEngine(ENGINE);
        } catch (EngineException | UnsatisfiedLinkError e) {
            throw new RunProblem("cannot start the PyTorch engine: " + e.getMessage()
                    + "\nhint: the native library is unpacked into DJL_CACHE_DIR (default ~/.djl.ai); check that it is "
                    + "writable and has about 450 MB free");
        } catch (IllegalArgumentException e) {
            throw new RunProblem("the PyTorch engine is not on the class path (" + e.getMessage()
                    + "); rebuild yamlnet so that cli/target/lib holds the DJL jars");
        }
    }

    private static YoloModel build(ModelIr ir) throws RunProblem {
        try {
            return YoloModel.of(ir);
        } catch (ModelLoadException e) {
            throw new RunProblem("cannot run " + ir.name() + ": " + e.getMessage());
        }
    }

    /** Loads {@code file} into the model; {@code checkpoint} is that file already read, when it is one. */
    private static int loadWeights(YoloModel model, Path file, Checkpoint checkpoint, PrintWriter err)
            throws RunProblem {
        try (Progress p = Progress.start(err, "loading weights from " + file + "...", "weights loaded")) {
            Map<String, Tensor> tensors =
                    checkpoint != null ? WeightLoader.fromCheckpoint(checkpoint) : WeightLoader.read(file);
            WeightLoader.load(model.block(), tensors, file.toString());
            return (int) tensors.keySet().stream()
                    .filter(k -> !k.endsWith("num_batches_tracked"))
                    .count();
        } catch (WeightLoadException e) {
            throw new RunProblem(e.getMessage());
        }
    }

    private static Checkpoint readCheckpoint(Path file) throws RunProblem {
        try {
            return Checkpoint.read(file);
        } catch (CheckpointException e) {
            throw new RunProblem("cannot use weights " + file + ": " + e.getMessage());
        }
    }

    /**
     * A YAML given with a checkpoint's weights must describe the model the checkpoint embeds: its rows
     * are compared with the embedded YAML's (compiled with the checkpoint's own scale and classes).
     */
    private void checkAgainstEmbedded(ModelIr ir, Checkpoint checkpoint, PrintWriter err) throws RunProblem {
        if (checkpoint.yaml().isEmpty()) {
            return; // a bare state dict: names and shapes are all there is to check
        }
        Compilation embedded = Compiler.compile(
                checkpoint,
                weights.toString(),
                compile.options().withScale(null).withNc(null).withImgsz(ir.imgsz()));
        String yamlName = String.valueOf(Path.of(ir.source()).getFileName());
        String ptName = String.valueOf(weights.getFileName());
        if (!embedded.isSuccessful()) {
            err.println("note: " + yamlName + " is not checked against the model in " + ptName
                    + ": its embedded YAML does not " + "compile ("
                    + embedded.errors().stream()
                            .findFirst()
                            .map(d -> d.message())
                            .orElse("no model") + ")");
            err.flush();
            return;
        }
        var difference =
                ModelComparison.firstDifference(ir, yamlName, embedded.model().orElseThrow(), ptName);
        if (difference.isPresent()) {
            throw new RunProblem(yamlName + " does not describe the model in " + ptName + ": " + difference.get()
                    + "\nhint: to use the model the checkpoint embeds, run " + weights + " alone");
        }
    }

    /** An input array: values in C order, its shape, and how to describe its origin. */
    record Input(float[] data, long[] shape, String description) {}

    static Input randomInput(ModelIr ir, long seed) {
        long[] shape = {1, ir.channels(), ir.imgsz(), ir.imgsz()};
        float[] data = new float[Math.toIntExact(1L * ir.channels() * ir.imgsz() * ir.imgsz())];
        Random random = new Random(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new Input(data, shape, "random uniform in [0, 1), seed " + seed);
    }

    private static Input readInput(ModelIr ir, Path file) throws RunProblem {
        requireReadable(file, "input");
        Tensor t;
        try {
            Map<String, Tensor> arrays = WeightLoader.read(file);
            if (arrays.size() != 1) {
                throw new RunProblem(
                        "input " + file + " holds " + arrays.size() + " arrays; expected one [1, C, H, W] array");
            }
            t = arrays.values().iterator().next();
        } catch (WeightLoadException e) {
            throw new RunProblem("cannot read input: " + e.getMessage());
        }
        long[] s = t.shape();
        if (s.length != 4 || s[0] < 1 || s[1] != ir.channels()) {
            throw new RunProblem("input " + file + " has shape " + text(s) + "; " + ir.name() + " expects [1, "
                    + ir.channels() + ", H, W] (batch, channels, height, width)");
        }
        long stride =
                ir.strides().stream().mapToLong(d -> (long) Math.ceil(d)).max().orElse(1);
        if (s[2] < 1 || s[3] < 1 || s[2] % stride != 0 || s[3] % stride != 0) {
            throw new RunProblem("input " + file + " is " + s[2] + "x" + s[3] + " pixels; " + ir.name()
                    + " needs a height and width that are multiples of its largest stride " + stride);
        }
        return new Input(
                t.data(), s, "from " + file + (t.dtype().equals("F32") ? "" : " (" + t.dtype() + " read as float32)"));
    }

    /**
     * An input of another size than {@code --imgsz} must fit the model too: BoT3's position tables,
     * for one, hold one vector per position of the map they were made for. The compiler's shape check
     * at the input's size decides, before the engine starts; for a square size the first diagnostic
     * says why it does not fit.
     */
    private void requireRunsAt(Compilation c, ModelIr ir, Input in) throws RunProblem {
        long h = in.shape[2];
        long w = in.shape[3];
        if ((h == ir.imgsz() && w == ir.imgsz())
                || c.partial().isEmpty()
                || new ShapeChecker(c.partial().get().resolved()).probe(h, w).isPresent()) {
            return;
        }
        String why = "";
        if (h == w && h <= CompileMixin.MAX_IMGSZ) {
            why = Compiler.compile(compile.model, compile.options().withImgsz((int) h)).errors().stream()
                    .findFirst()
                    .map(d -> ": " + d.message())
                    .orElse("");
        }
        throw new RunProblem(
                "input " + input.file + " is " + h + "x" + w + " pixels, but " + ir.name() + " cannot run at that size"
                        + why + "\nhint: give an input of " + ir.imgsz() + "x" + ir.imgsz()
                        + " pixels, the size the model is checked at"
                        + " (--imgsz " + ir.imgsz() + ")");
    }

    /** A hint when the input looks like 0..255 pixels or is otherwise outside Ultralytics' 0..1 range; the run goes on. */
    private static void noteRange(Input in, PrintWriter err) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : in.data) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min < 0 || max > 1) {
            err.println("note: input values range from " + number(min) + " to " + number(max)
                    + "; Ultralytics' model input is 0..1" + (max > 1.5 ? " (divide 0..255 pixels by 255)" : ""));
            err.flush();
        }
    }

    private static void requireReadable(Path file, String what) throws RunProblem {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            throw new RunProblem("cannot read " + what + " " + file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new RunProblem("cannot read " + what + " " + file + ": it is a directory, expected a file");
        }
        if (!Files.isRegularFile(file)) {
            // a FIFO would block until something writes to it, a device such as /dev/zero never ends
            throw new RunProblem("cannot read " + what + " " + file
                    + ": not a regular file (a device, pipe or socket); " + "save the " + what + " to a file");
        }
        if (!Files.isReadable(file)) {
            throw new RunProblem("cannot read " + what + " " + file + ": permission denied");
        }
    }

    private void writeOutput(NDArray y) throws RunProblem {
        writeArray(output, y);
    }

    private static void writeArray(Path file, NDArray y) throws RunProblem {
        try {
            NpyWriter.write(file, y.getShape().getShape(), y.toFloatArray());
        } catch (NoSuchFileException e) {
            throw new RunProblem("cannot write output " + file + ": no such directory");
        } catch (AccessDeniedException e) {
            throw new RunProblem("cannot write output " + file + ": permission denied");
        } catch (IOException e) {
            throw new RunProblem("cannot write output " + file + ": " + e.getMessage());
        }
    }

    private static void createDirectory(Path dir) throws RunProblem {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new RunProblem("cannot write outputs to " + dir + ": " + e.getFile() + " is not a directory");
        } catch (AccessDeniedException e) {
            throw new RunProblem("cannot write outputs to " + dir + ": permission denied");
        } catch (IOException e) {
            throw new RunProblem("cannot write outputs to " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The file names of the head's outputs, as its instance declares them ({@code output},
     * {@code output_proto}, {@code output_pre_topk}, ...), else {@code output}, {@code output_1}, ...
     */
    static List<String> outputNames(ModelIr ir, int count) {
        List<String> declared = ir.layers().isEmpty()
                ? List.of()
                : ir.layers().get(ir.layers().size() - 1).instance().outputNames();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(i < declared.size() ? declared.get(i) : i == 0 ? "output" : "output_" + i);
        }
        return names;
    }

    /** {@code warmup} untimed passes, then {@code repeat} timed passes, each in its own short-lived manager. */
    private void time(YoloModel model, Input in, PrintWriter out) {
        double[] ms = new double[repeat];
        for (int i = -warmup; i < repeat; i++) {
            try (NDManager call = model.model().getNDManager().newSubManager()) {
                NDArray x = YoloModel.input(call, in.data, in.shape);
                long t0 = System.nanoTime();
                model.predictAll(x);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        String threadText =
                threads == null ? "PyTorch's default threads" : threads + (threads == 1 ? " thread" : " threads");
        out.printf(
                Locale.ROOT,
                "timing  %d forward passes after %d warm-up, %s: min %.2f ms, max %.2f ms%n",
                repeat,
                warmup,
                threadText,
                sorted[0],
                sorted[sorted.length - 1]);
        out.printf(Locale.ROOT, "median %.2f ms%n", median(sorted));
        out.flush();
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Four significant digits without trailing zeros: {@code 255}, {@code -0.5}, {@code 1000}, {@code 1.235E+9}. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        java.math.BigDecimal d =
                new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros();
        return v == 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e7) ? d.toPlainString() : d.toString();
    }

    /** {@code (1, 84, 8400)}, as PyTorch prints shapes. */
    static String text(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
