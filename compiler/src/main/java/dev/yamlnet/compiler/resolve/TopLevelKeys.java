package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.syntax.ModelSyntax;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.Task;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The first half of {@code parse_model}: reads the model's top-level keys ({@code nc} or the
 * {@code nc} option, {@code kpt_shape}, {@code reg_max}, {@code end2end}, {@code activation},
 * warnings for the keys Ultralytics ignores), chooses the scale ({@code --scale}, else the letter
 * in the file name, else the first of {@code scales} with a warning) and its depth, width and
 * {@code max_channels}, guesses the task and reads {@code channels}. A bad scale or too many rows
 * stops resolution; any other problem is reported and a default is used.
 */
final class TopLevelKeys {
    /** One literal argument of an activation, positional or by keyword: {@code 0.1}, {@code inplace=True}. */
    private static final String ACTIVATION_ARG =
            "(?:[a-z_]+\\s*=\\s*)?(?:[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|True|False)";
    /** Parameter-free torch.nn activations with literal arguments: all the 'activation' key may hold. */
    private static final Pattern ACTIVATION = Pattern.compile(
            "(?:torch\\.)?nn\\.(ReLU|ReLU6|SiLU|LeakyReLU|Hardswish|GELU|Mish|ELU|Sigmoid|Tanh|Identity|Hardsigmoid)"
                    + "\\(\\s*(?:" + ACTIVATION_ARG + "(?:\\s*,\\s*" + ACTIVATION_ARG + ")*\\s*,?)?\\s*\\)");
    /** Depth and width multiples above this are typos (stock models use 0.25 to 1.5). */
    private static final double MAX_MULTIPLE = 100;

    private final CompileOptions options;
    private final Diagnostics diags;
    /** Top-level keys already reported as malformed: their symbols fail silently (no follow-on error). */
    private final Set<String> reportedKeys = new HashSet<>();

    TopLevelKeys(CompileOptions options, Diagnostics diags) {
        this.options = options;
        this.diags = diags;
    }

    /** The settings the rows are resolved with, or empty after reporting why the rows cannot be resolved. */
    Optional<ModelSettings> read(ModelSyntax model) {
        Optional<Integer> nc = readNc(model);
        Optional<Value> kptShape = readKptShape(model);
        int regMax = readRegMax(model);
        Value end2end = model.key("end2end").orElse(new Value.None(Span.NONE));
        if (!(end2end instanceof Value.Bool || end2end instanceof Value.None)) {
            diags.report(DiagCode.E0103, end2end.span(), "'end2end' must be True or False")
                    .emit();
            end2end = new Value.None(Span.NONE);
        }
        Optional<String> activation = readActivation(model);
        for (String ignored : List.of("ch", "scale", "yaml_file")) {
            model.key(ignored)
                    .ifPresent(v -> diags.report(
                                    DiagCode.W0103,
                                    keySpan(model, ignored),
                                    "key '" + ignored + "' is ignored by Ultralytics")
                            .hint(
                                    ignored.equals("ch")
                                            ? "input channels come from 'channels' (classification) or the dataset since Ultralytics 8.3.112"
                                            : ignored.equals("scale")
                                                    ? "the scale comes from the file name or --scale"
                                                    : null)
                            .emit());
        }

        // ---- scale -----------------------------------------------------------------------------
        String scale = options.scale().orElse(ModelFile.guessScale(options.requestedName()));
        String parserScale = null;
        double depth = 1.0;
        double width = 1.0;
        double maxChannels = Double.POSITIVE_INFINITY;
        Optional<Value> scales = model.key("scales");
        List<String> letters = new ArrayList<>();
        boolean scaleOk = true;
        if (scales.isPresent() && !(scales.get() instanceof Value.None)) {
            Value.Dict table = scales.get() instanceof Value.Dict d ? d : null;
            if (table == null || table.entries().isEmpty()) {
                diags.report(
                                DiagCode.E0105,
                                scales.get().span(),
                                "'scales' must map scale letters to [depth, width, max_channels]")
                        .hint("e.g.  n: [0.33, 0.25, 1024]")
                        .emit();
                scaleOk = false;
            } else {
                for (Value.Entry e : table.entries()) {
                    String letter = e.key() instanceof Value.Str s ? s.value() : PyRepr.repr(e.key());
                    if (!letters.contains(letter)) {
                        letters.add(letter);
                    }
                }
                Span scalesKey = keySpan(model, "scales");
                if (scale.isEmpty()) {
                    scale = letters.get(0);
                    diags.report(DiagCode.W0102, scalesKey, "no model scale given, assuming scale '" + scale + "'")
                            .hint("name the file like 'yolov8n.yaml' or pass --scale (one of "
                                    + String.join(", ", letters) + ")")
                            .emit();
                }
                Value.Entry chosen = null;
                for (Value.Entry e : table.entries()) {
                    String letter = e.key() instanceof Value.Str s ? s.value() : PyRepr.repr(e.key());
                    if (letter.equals(scale)) {
                        chosen = e;
                    }
                }
                if (chosen == null) {
                    Span at = options.scale().isPresent() ? Span.NONE : scalesKey;
                    diags.report(
                                    DiagCode.E0203,
                                    at,
                                    "scale '" + scale + "' is not in this model's scales (" + String.join(", ", letters)
                                            + ")")
                            .note(
                                    options.scale().isPresent()
                                            ? "the scale was given with --scale"
                                            : "the scale was guessed from the file name '"
                                                    + ModelFile.stem(options.requestedName()) + "'")
                            .hint("pass --scale with one of " + String.join(", ", letters) + ", or add '" + scale
                                    + ":' to scales")
                            .emit();
                    scaleOk = false;
                } else {
                    double[] values = readScaleRow(chosen);
                    if (values == null) {
                        scaleOk = false;
                    } else {
                        depth = values[0];
                        width = values[1];
                        maxChannels = values[2];
                    }
                }
            }
        } else {
            depth = readMultiple(model, "depth_multiple");
            width = readMultiple(model, "width_multiple");
            if (options.scale().isPresent()) {
                // Ultralytics keeps the letter (it only feeds the C3k2/A2C2f "mlx"/"lx" rules): warn, go on
                diags.report(
                                DiagCode.W0104,
                                Span.NONE,
                                "--scale " + options.scale().get()
                                        + " given, but the model has no 'scales' table: depth, width and"
                                        + " max_channels stay 1, 1 and unlimited")
                        .note("as in Ultralytics, the letter is only used by the C3k2 and A2C2f scale rules")
                        .hint("drop --scale, or add a scales table")
                        .emit();
            }
            parserScale = scale; // Ultralytics keeps the file-name guess without a scales table
            scale = "";
        }

        Optional<Task> task = model.layers().isEmpty()
                ? Optional.empty()
                : Task.guess(model.layers().get(model.layers().size() - 1).moduleName());
        int channels = 3;
        if (task.orElse(Task.DETECT) == Task.CLASSIFY && model.key("channels").isPresent()) {
            Value c = model.key("channels").get();
            if (c instanceof Value.Int i && i.value().signum() > 0 && i.value().bitLength() < 16) {
                channels = i.value().intValue();
            } else {
                diags.report(DiagCode.E0103, c.span(), "'channels' must be a positive whole number")
                        .emit();
            }
        }
        if (model.layers().size() > options.limits().maxLayers()) {
            diags.report(
                            DiagCode.E0507,
                            model.layers().get(options.limits().maxLayers()).span(),
                            "the model has " + model.layers().size() + " layers, more than the limit of "
                                    + options.limits().maxLayers())
                    .emit();
            return Optional.empty();
        }
        if (!scaleOk) {
            return Optional.empty();
        }
        return Optional.of(new ModelSettings(
                scale,
                parserScale == null ? scale : parserScale,
                letters,
                depth,
                width,
                maxChannels,
                nc,
                kptShape,
                regMax,
                end2end,
                activation,
                channels,
                task,
                Set.copyOf(reportedKeys)));
    }

    private Optional<Integer> readNc(ModelSyntax model) {
        if (options.nc().isPresent()) {
            return options.nc();
        }
        Optional<Value> v = model.key("nc");
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return Optional.empty();
        }
        if (v.get() instanceof Value.Int i
                && i.value().signum() > 0
                && i.value().compareTo(BigInteger.valueOf(1_000_000)) <= 0) {
            return Optional.of(i.value().intValue());
        }
        reportedKeys.add("nc");
        diags.report(
                        DiagCode.E0103,
                        v.get().span(),
                        "'nc' must be a whole number of classes from 1 to 1000000, got " + Resolver.describe(v.get()))
                .hint("nc is the number of classes, e.g. 'nc: 80'")
                .emit();
        return Optional.empty();
    }

    private Optional<Value> readKptShape(ModelSyntax model) {
        Optional<Value> v = model.key("kpt_shape");
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return Optional.empty();
        }
        if (v.get() instanceof Value.Seq s
                && s.items().size() == 2
                && s.items().stream()
                        .allMatch(x -> x instanceof Value.Int i
                                && i.value().signum() > 0
                                && i.value().bitLength() < 16)) {
            int dims = ((Value.Int) s.items().get(1)).value().intValue();
            if (dims == 2 || dims == 3) {
                return v;
            }
        }
        reportedKeys.add("kpt_shape");
        diags.report(
                        DiagCode.E0103,
                        v.get().span(),
                        "'kpt_shape' must be [keypoints, 2 or 3], got " + Resolver.describe(v.get()))
                .hint("e.g. 'kpt_shape: [17, 3]' for 17 keypoints with x, y and visibility")
                .emit();
        return Optional.empty();
    }

    private int readRegMax(ModelSyntax model) {
        Optional<Value> v = model.key("reg_max");
        if (v.isEmpty()) {
            return 16;
        }
        if (v.get() instanceof Value.Int i
                && i.value().signum() > 0
                && i.value().compareTo(BigInteger.valueOf(64)) <= 0) {
            return i.value().intValue();
        }
        diags.report(
                        DiagCode.E0103,
                        v.get().span(),
                        "'reg_max' must be a whole number from 1 to 64, got " + Resolver.describe(v.get()))
                .hint("16 for YOLOv8/YOLO11, 1 for YOLO26")
                .emit();
        return 16;
    }

    private Optional<String> readActivation(ModelSyntax model) {
        Optional<Value> v = model.key("activation");
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return Optional.empty();
        }
        if (v.get() instanceof Value.Str s
                && ACTIVATION.matcher(s.value().trim()).matches()) {
            return Optional.of(s.value().trim());
        }
        diags.report(DiagCode.E0204, v.get().span(), "activation " + Resolver.describe(v.get()) + " is not allowed")
                .label("Ultralytics would run this through eval()")
                .hint(
                        "use a torch.nn activation with literal arguments, e.g. nn.ReLU(), nn.SiLU() or nn.LeakyReLU(0.1)")
                .emit();
        return Optional.empty();
    }

    private double readMultiple(ModelSyntax model, String key) {
        Optional<Value> v = model.key(key);
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return 1.0;
        }
        Value x = v.get();
        double d = x instanceof Value.Float f
                ? f.value()
                : x instanceof Value.Int i && i.fitsInt() ? i.value().intValue() : Double.NaN;
        if (!(d > 0) || Double.isInfinite(d) || d > MAX_MULTIPLE) {
            diags.report(
                            DiagCode.E0103,
                            x.span(),
                            "'" + key + "' must be a positive number up to " + (int) MAX_MULTIPLE + ", got "
                                    + Resolver.describe(x))
                    .emit();
            return 1.0;
        }
        return d;
    }

    private double[] readScaleRow(Value.Entry e) {
        Value v = e.value();
        if (v instanceof Value.Seq s && s.items().size() == 3) {
            double[] out = new double[3];
            for (int k = 0; k < 3; k++) {
                Value x = s.items().get(k);
                double d = x instanceof Value.Float f
                        ? f.value()
                        : x instanceof Value.Int i && i.fitsInt() ? i.value().intValue() : Double.NaN;
                if (!(d > 0) || Double.isInfinite(d)) {
                    diags.report(
                                    DiagCode.E0105,
                                    x.span(),
                                    new String[] {"depth", "width", "max_channels"}[k]
                                            + " must be a positive number, got " + Resolver.describe(x))
                            .emit();
                    return null;
                }
                if (k < 2 && d > MAX_MULTIPLE) {
                    diags.report(
                                    DiagCode.E0105,
                                    x.span(),
                                    (k == 0 ? "depth" : "width") + " multiple " + PyRepr.repr(x) + " is more than "
                                            + (int) MAX_MULTIPLE)
                            .hint("multiples scale the rows' repeats and channels; stock models use 0.25 to 1.5")
                            .emit();
                    return null;
                }
                out[k] = d;
            }
            return out;
        }
        diags.report(
                        DiagCode.E0105,
                        v.span(),
                        "a scale must be [depth, width, max_channels], got " + Resolver.describe(v))
                .hint("e.g. [0.33, 0.25, 1024]")
                .emit();
        return null;
    }

    private static Span keySpan(ModelSyntax model, String key) {
        for (Value.Entry e : model.root().entries()) {
            if (e.key() instanceof Value.Str s && s.value().equals(key)) {
                return s.span();
            }
        }
        return Span.NONE;
    }
}
