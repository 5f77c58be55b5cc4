package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.compare.ModelComparison;
import dev.yamlnet.compiler.compare.SpeedReport;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.summary.CompareJson;
import dev.yamlnet.compiler.summary.CompareText;
import dev.yamlnet.djl.Latency;
import dev.yamlnet.djl.YoloModel;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet compare}: what a change to a model costs and gains, row by row. Every model is
 * compiled as {@code summary} compiles it; the rows of each CHANGED model are aligned with BASE's
 * (inserted and removed rows as such, not as a cascade) and printed with their parameters, GFLOPs
 * and shapes, then the totals; {@code --speed} adds measured forward latencies on DJL.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Compare models row by row: the rows aligned (changed, inserted and removed rows marked), each "
                + "row's module, arguments, output shape, parameters and GFLOPs on both sides with the difference, the "
                + "totals and their relative change, attention memory, where the shapes first differ, and with --speed "
                + "the measured forward latency.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success (whether or not the models differ)",
            ExitCodes.MODEL_ERRORS + ":a model has errors (printed to stderr; nothing on stdout)",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.IO
                    + ":a model file is missing or unreadable, the output cannot be written, or --speed cannot run "
                    + "a model (no runtime block for a layer, engine unavailable)",
            ExitCodes.INTERNAL + ":internal error"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  yamlnet compare examples/yaml/yolov8n.yaml examples/yaml/yolov8n-bot3.yaml",
            "  yamlnet compare examples/yaml/yolov8n.yaml examples/yaml/yolov8s.yaml --json",
            "  yamlnet compare examples/yaml/yolov8.yaml --scale n --scale-changed s",
            "  yamlnet compare examples/yaml/yolov8n.yaml examples/yaml/yolov8n-bot3.yaml \\",
            "      examples/yaml/yolov8n-p2.yaml --imgsz 320",
            "  yamlnet compare examples/yaml/yolov8n.yaml examples/yaml/yolov8n-bot3.yaml \\",
            "      --speed --threads 1"
        })
public final class CompareCommand implements Callable<Integer> {
    /** {@code yolov8} + {@code s} + {@code -p2}: where Ultralytics' file names carry the scale letter. */
    private static final Pattern VERSIONED = Pattern.compile("^(yolo[a-z]?\\d+)(.*)$");

    /** When to colour the rows that differ. */
    public enum ColorMode {
        auto,
        always,
        never
    }

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "BASE",
            description =
                    "The model the others are compared with (YAML; a scale letter in the name works as for summary).")
    Path base;

    @Parameters(
            index = "1..*",
            arity = "0..*",
            paramLabel = "CHANGED",
            description = "One or more changed models; several get one column group each. May be left out with "
                    + "--scale-changed, to compare two scales of BASE.")
    List<Path> changed = new ArrayList<>();

    @Option(
            names = "--scale",
            paramLabel = "S",
            description = "Scale of every model (n, s, m, l, x...); overrides the letters in the file names.")
    String scale;

    @Option(
            names = "--scale-changed",
            paramLabel = "S",
            description = "Scale of the CHANGED models only, e.g. --scale\u00a0n --scale-changed\u00a0s.")
    String scaleChanged;

    private int imgsz = CompileOptions.DEFAULT_IMGSZ;
    private Integer nc;

    @Option(
            names = "--imgsz",
            paramLabel = "N",
            defaultValue = "640",
            description =
                    "Square input size in pixels for shapes, GFLOPs and timings (1..16384, default: ${DEFAULT-VALUE}).")
    void imgsz(int value) {
        imgsz = CompileMixin.checkImgsz(spec.commandLine(), value);
    }

    @Option(
            names = "--nc",
            paramLabel = "N",
            description = "Number of classes of every model, overriding the files' nc.")
    void nc(int value) {
        nc = CompileMixin.checkNc(spec.commandLine(), value);
    }

    @Option(names = "--json", description = "Print one JSON document (rows, differences, totals) instead of the table.")
    boolean json;

    @Option(
            names = "--color",
            paramLabel = "WHEN",
            defaultValue = "auto",
            description =
                    "Colour the rows that differ: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, on a terminal only).")
    ColorMode color;

    @Option(
            names = "--speed",
            description =
                    "Also measure each model's forward latency on DJL (PyTorch, CPU, random weights), the models taking "
                            + "turns, and print the minimum and median with the machine's load.")
    boolean speed;

    private int repeat = 10;

    @Option(names = "--repeat", paramLabel = "K", description = "With --speed: timed passes per model (default: 10).")
    void repeat(int value) {
        repeat = OptionChecks.positive(spec, "--repeat", value);
    }

    private int warmup = 1;

    @Option(
            names = "--warmup",
            paramLabel = "W",
            description = "With --speed: untimed passes per model first (default: 1).")
    void warmup(int value) {
        warmup = OptionChecks.nonNegative(spec, "--warmup", value);
    }

    private Integer threads;

    @Option(
            names = "--threads",
            paramLabel = "T",
            description = "With --speed: PyTorch intra-op threads (default: PyTorch's choice, one per core).")
    void threads(int value) {
        threads = OptionChecks.positive(spec, "--threads", value);
    }

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Path> others = new ArrayList<>(changed);
        if (others.isEmpty()) {
            if (scaleChanged == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Missing required parameter: 'CHANGED' (or --scale-changed S, "
                                + "to compare BASE with another scale of itself)");
            }
            others.add(base);
        }
        if (speed) {
            YoloModel.configureEngine(threads); // read once, when the engine starts
        }
        List<Compilation> compilations = new ArrayList<>();
        compilations.add(compile(base, scale));
        for (Path p : others) {
            compilations.add(compile(p, scaleChanged != null ? scaleChanged : scale));
        }
        int worst = ExitCodes.OK;
        for (Compilation c : compilations) {
            worst = Math.max(worst, Reports.report(c, err));
        }
        if (worst != ExitCodes.OK) {
            return worst;
        }
        List<ModelIr> models = distinctNames(
                compilations.stream().map(c -> c.model().orElseThrow()).toList());
        List<ModelComparison> comparisons = new ArrayList<>();
        for (ModelIr m : models.subList(1, models.size())) {
            comparisons.add(ModelComparison.of(models.get(0), m));
        }
        Optional<SpeedReport> timings = Optional.empty();
        if (speed) {
            try {
                timings = Optional.of(measure(models, err));
            } catch (RunCommand.RunProblem e) {
                err.println("yamlnet: " + e.getMessage());
                err.flush();
                return ExitCodes.IO;
            }
        }
        String text =
                json ? CompareJson.render(comparisons, timings) : CompareText.render(comparisons, timings, colors());
        return output.write(spec, text);
    }

    private Compilation compile(Path file, String scaleLetter) {
        return Compiler.compile(
                file,
                CompileOptions.defaults(file.toString())
                        .withScale(scaleLetter)
                        .withImgsz(imgsz)
                        .withNc(nc));
    }

    private boolean colors() {
        switch (color) {
            case always:
                return true;
            case never:
                return false;
            default:
                return output.file == null
                        && System.console() != null
                        && System.getenv("NO_COLOR") == null
                        && !"dumb".equals(System.getenv("TERM"));
        }
    }

    /**
     * The models, renamed where two would share a name (two scales of one file): {@code yolov8} at
     * scale s becomes {@code yolov8s}, as Ultralytics' file names spell it.
     */
    static List<ModelIr> distinctNames(List<ModelIr> models) {
        List<ModelIr> out = new ArrayList<>();
        for (ModelIr m : models) {
            boolean shared = models.stream()
                    .anyMatch(o ->
                            o != m && o.name().equals(m.name()) && !o.scale().equals(m.scale()));
            if (!shared || m.scale().isEmpty()) {
                out.add(m);
                continue;
            }
            Matcher v = VERSIONED.matcher(m.name());
            out.add(m.withName(v.matches() ? v.group(1) + m.scale() + v.group(2) : m.name() + "-" + m.scale()));
        }
        return out;
    }

    private SpeedReport measure(List<ModelIr> irs, PrintWriter err) throws RunCommand.RunProblem {
        RunCommand.startEngine(err);
        List<YoloModel> built = new ArrayList<>();
        try {
            for (ModelIr ir : irs) {
                try {
                    built.add(YoloModel.of(ir));
                } catch (ModelLoadException e) {
                    throw new RunCommand.RunProblem("cannot time " + ir.name() + ": " + e.getMessage());
                }
            }
            double before = loadAverage();
            List<SpeedReport.Timing> t;
            try (Progress p = Progress.start(
                    err,
                    String.format(Locale.ROOT, "timing %d forward passes of %d models...", repeat, irs.size()),
                    "timed")) {
                t = Latency.alternating(built, repeat, warmup);
            }
            return new SpeedReport(
                    "PyTorch (DJL), CPU",
                    t,
                    warmup,
                    threads,
                    before,
                    loadAverage(),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            built.forEach(YoloModel::close);
        }
    }

    /** The one-minute load average, as {@code uptime} shows it; negative where the system has none. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
