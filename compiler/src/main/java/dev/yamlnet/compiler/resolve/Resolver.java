package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Task;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.ArgSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.syntax.LayerSyntax;
import dev.yamlnet.compiler.syntax.ModelSyntax;
import dev.yamlnet.compiler.util.Suggest;
import dev.yamlnet.compiler.value.PyLiteral;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.runtime.shape.ShapeMath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies Ultralytics' {@code parse_model} rules to the rows: scale selection, depth and width
 * multiples, {@code max_channels}, symbols ({@code nc}, {@code kpt_shape}), string arguments as
 * {@code ast.literal_eval} reads them, {@code from} indices, repeat scaling, and, through each
 * module's spec, argument rewriting and channel bookkeeping. Every problem is reported and the
 * row is poisoned; resolution carries on with the next row.
 */
public final class Resolver {
    /** Variables of Ultralytics' parse_model that a YAML string could name; yamlnet refuses them. */
    private static final Set<String> PARSER_LOCALS = Set.of("width", "depth", "scale", "scales", "max_channels",
            "reg_max", "end2end", "act", "legacy", "ch", "c1", "c2", "i", "f", "n", "n_", "m", "m_", "t", "args", "d",
            "layers", "save", "verbose", "j", "a", "base_modules", "repeat_modules");
    /** Blocks Ultralytics builds only inside other modules; naming them in YAML fails there too. */
    private static final Set<String> INTERNAL_BLOCKS = Set.of("C3k", "RepCSP", "CIB", "PSABlock", "Attention",
            "ABlock", "AAttn", "LightConv", "CBAM", "ChannelAttention", "SpatialAttention", "Proto", "DFL", "MHSA",
            "BottleneckTransformer", "TransformerBlock", "TransformerLayer", "MLP", "MLPBlock");
    /** One literal argument of an activation, positional or by keyword: {@code 0.1}, {@code inplace=True}. */
    private static final String ACTIVATION_ARG =
            "(?:[a-z_]+\\s*=\\s*)?(?:[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|True|False)";
    /** Parameter-free torch.nn activations with literal arguments: all the 'activation' key may hold. */
    private static final Pattern ACTIVATION = Pattern.compile(
            "(?:torch\\.)?nn\\.(ReLU|ReLU6|SiLU|LeakyReLU|Hardswish|GELU|Mish|ELU|Sigmoid|Tanh|Identity|Hardsigmoid)"
                    + "\\(\\s*(?:" + ACTIVATION_ARG + "(?:\\s*,\\s*" + ACTIVATION_ARG + ")*\\s*,?)?\\s*\\)");
    /** Depth and width multiples above this are typos (stock models use 0.25 to 1.5). */
    private static final double MAX_MULTIPLE = 100;
    private static final Pattern SCALE_GUESS = Pattern.compile("yolo(?:e-)?[v]?\\d+([nslmx])");

    private final CompileOptions options;
    private final Diagnostics diags;
    /** Top-level keys already reported as malformed: their symbols fail silently (no follow-on error). */
    private final Set<String> reportedKeys = new java.util.HashSet<>();

    public Resolver(CompileOptions options, Diagnostics diags) {
        this.options = options;
        this.diags = diags;
    }

    /** Ultralytics' {@code guess_model_scale}: the letter after {@code yolo[e-][v]<digits>} in the stem. */
    public static String guessScale(String fileName) {
        String stem = stem(fileName);
        Matcher m = SCALE_GUESS.matcher(stem);
        return m.find() ? m.group(1) : "";
    }

    static String stem(String fileName) {
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public Optional<ResolvedModel> resolve(ModelSyntax model) {
        Optional<Integer> nc = readNc(model);
        Optional<Value> kptShape = readKptShape(model);
        int regMax = readRegMax(model);
        Value end2end = model.key("end2end").orElse(new Value.None(Span.NONE));
        if (!(end2end instanceof Value.Bool || end2end instanceof Value.None)) {
            diags.report(DiagCode.E0103, end2end.span(), "'end2end' must be True or False").emit();
            end2end = new Value.None(Span.NONE);
        }
        Optional<String> activation = readActivation(model);
        for (String ignored : List.of("ch", "scale", "yaml_file")) {
            model.key(ignored).ifPresent(v -> diags.report(DiagCode.W0103, keySpan(model, ignored),
                    "key '" + ignored + "' is ignored by Ultralytics")
                    .hint(ignored.equals("ch") ? "input channels come from 'channels' (classification) or the dataset since Ultralytics 8.3.112"
                            : ignored.equals("scale") ? "the scale comes from the file name or --scale" : null).emit());
        }

        // ---- scale -----------------------------------------------------------------------------
        String scale = options.scale().orElse(guessScale(options.requestedName()));
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
                diags.report(DiagCode.E0105, scales.get().span(), "'scales' must map scale letters to [depth, width, max_channels]")
                        .hint("e.g.  n: [0.33, 0.25, 1024]").emit();
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
                            .hint("name the file like 'yolov8n.yaml' or pass --scale (one of " + String.join(", ", letters) + ")").emit();
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
                    diags.report(DiagCode.E0203, at, "scale '" + scale + "' is not in this model's scales (" + String.join(", ", letters) + ")")
                            .note(options.scale().isPresent() ? "the scale was given with --scale"
                                    : "the scale was guessed from the file name '" + stem(options.requestedName()) + "'")
                            .hint("pass --scale with one of " + String.join(", ", letters) + ", or add '" + scale + ":' to scales").emit();
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
                diags.report(DiagCode.E0203, Span.NONE, "--scale " + options.scale().get() + " given, but the model has no 'scales' table")
                        .hint("drop --scale, or add a scales table").emit();
                scaleOk = false;
            }
            parserScale = scale; // Ultralytics keeps the file-name guess without a scales table
            scale = "";
        }

        Optional<Task> task = model.layers().isEmpty() ? Optional.empty()
                : Task.guess(model.layers().get(model.layers().size() - 1).moduleName());
        int channels = 3;
        if (task.orElse(Task.DETECT) == Task.CLASSIFY && model.key("channels").isPresent()) {
            Value c = model.key("channels").get();
            if (c instanceof Value.Int i && i.value().signum() > 0 && i.value().bitLength() < 16) {
                channels = i.value().intValue();
            } else {
                diags.report(DiagCode.E0103, c.span(), "'channels' must be a positive whole number").emit();
            }
        }
        if (model.layers().size() > options.limits().maxLayers()) {
            diags.report(DiagCode.E0507, model.layers().get(options.limits().maxLayers()).span(),
                    "the model has " + model.layers().size() + " layers, more than the limit of " + options.limits().maxLayers()).emit();
            return Optional.empty();
        }
        if (!scaleOk) {
            return Optional.empty();
        }

        // ---- rows ------------------------------------------------------------------------------
        RowState state = new RowState(channels);
        List<ResolvedLayer> layers = new ArrayList<>();
        List<Integer> save = new ArrayList<>();
        Scaling scaling = new Scaling(scale, parserScale == null ? scale : parserScale, depth, width, maxChannels, nc, kptShape,
                regMax, end2end, activation);
        for (LayerSyntax row : model.layers()) {
            ResolvedLayer layer = resolveRow(row, scaling, state, layers);
            layers.add(layer);
            if (layer.resolved() || !layer.inputs().isEmpty()) {
                Object from = layer.fromAsWritten();
                List<Integer> fs = from instanceof Integer x ? List.of(x) : castList(from);
                for (int x : fs) {
                    if (x != -1 && row.index() > 0) {
                        save.add(Math.floorMod(x, row.index()));
                    }
                }
            }
            state.channels.add(layer.recordedChannels());
            state.lastC2 = layer.recordedChannels();
        }
        save.sort(Integer::compare);
        return Optional.of(new ResolvedModel(model, scale, letters, depth, width, maxChannels, channels, nc, task, layers, save));
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> castList(Object o) {
        return (List<Integer>) o;
    }

    private record Scaling(String scale, String parserScale, double depth, double width, double maxChannels, Optional<Integer> nc,
            Optional<Value> kptShape, int regMax, Value end2end, Optional<String> activation) {}

    /** Ultralytics' mutable parser state: the {@code ch} list, the stale {@code c2}, {@code legacy}. */
    private static final class RowState {
        final List<Integer> channels = new ArrayList<>();
        final int inputChannels;
        int lastC2;
        boolean legacy = true;

        RowState(int inputChannels) {
            this.inputChannels = inputChannels;
            this.lastC2 = inputChannels;
        }

        /** {@code ch[f]} as Python indexes it (for layer 0 the list holds the input channels). */
        int ch(int layerIndex, int f) {
            if (layerIndex == 0) {
                return inputChannels;
            }
            int idx = f < 0 ? channels.size() + f : f;
            return channels.get(idx);
        }
    }

    private ResolvedLayer resolveRow(LayerSyntax row, Scaling s, RowState state, List<ResolvedLayer> done) {
        int i = row.index();
        ResolvedLayer poison = new ResolvedLayer(i, row, List.of(), false, 1, null, null, state.lastC2, List.of());
        if (!row.wellFormed()) {
            return poison;
        }
        // module
        String moduleName = row.moduleName();
        ModuleSpec spec = options.registry().lookup(moduleName).orElse(null);
        if (spec == null) {
            reportUnknownModule(row);
        }
        // from
        List<Integer> inputs = new ArrayList<>();
        List<Integer> written = new ArrayList<>();
        boolean listFrom = row.from() instanceof Value.Seq;
        boolean fromOk = readFrom(row, inputs, written);
        if (fromOk && spec != null) {
            if (spec.inputs() == InputArity.ONE && listFrom) {
                diags.report(DiagCode.E0302, row.from().span(), spec.name() + " takes one input, 'from' is a list")
                        .hint(written.size() == 1 ? "write " + written.get(0) + " instead of [" + written.get(0) + "]"
                                : "to combine several layers, put a Concat row first: [" + PyRepr.repr(row.from()) + ", 1, Concat, [1]]").emit();
                fromOk = false;
            } else if (spec.inputs() == InputArity.MANY && !listFrom) {
                diags.report(DiagCode.E0302, row.from().span(), spec.name() + " takes a list of inputs, 'from' is a single index")
                        .hint("write [" + PyRepr.repr(row.from()) + ", ...] with the layers to combine").emit();
                fromOk = false;
            }
        }
        // repeats
        int n = 1;
        boolean repeatsOk = true;
        if (!(row.repeats() instanceof Value.Int ri)) {
            diags.report(DiagCode.E0303, row.repeats().span(), "repeats of layer " + i + " must be a whole number, got " + describe(row.repeats()))
                    .hint("the second field of a row is how many times the module repeats, usually 1").emit();
            repeatsOk = false;
        } else if (ri.value().signum() < 1) {
            diags.report(DiagCode.E0303, ri.span(), "repeats of layer " + i + " must be at least 1, got " + ri.value())
                    .hint("use 1 for a single module").emit();
            repeatsOk = false;
        } else if (ri.value().compareTo(BigInteger.valueOf(options.limits().maxRepeats())) > 0) {
            diags.report(DiagCode.E0507, ri.span(), "repeats " + ri.value() + " is more than the limit of " + options.limits().maxRepeats()).emit();
            repeatsOk = false;
        } else {
            n = ri.value().intValue();
        }
        int scaledN = n > 1 ? (int) Math.max(ShapeMath.roundHalfEven(n * s.depth()), 1) : n;
        // args
        List<Value> args = resolveArgs(row, s, spec);
        if (spec == null || !fromOk || !repeatsOk || args == null) {
            return new ResolvedLayer(i, row, inputs, listFrom, scaledN, null, null, state.lastC2, List.of());
        }
        List<Integer> fed = new ArrayList<>();
        for (int f : written) {
            fed.add(state.ch(i, f));
        }
        Context ctx = new Context(row, spec, args, fed, scaledN, s, state);
        ModuleInstance instance;
        int errorsBefore = diags.errorCount();
        try {
            instance = spec.bind(ctx);
        } catch (RuntimeException e) {
            throw new IllegalStateException("module " + spec.name() + " failed to bind layer " + i + ": " + e.getMessage(), e);
        }
        if (instance == null && diags.errorCount() == errorsBefore) {
            throw new IllegalStateException("module " + spec.name() + " rejected layer " + i + " without a diagnostic");
        }
        int recorded = instance == null ? state.lastC2 : instance.recordedChannels().orElse(state.lastC2);
        if (instance != null && instance.recordedChannels().isPresent() && recorded > options.limits().maxChannels()) {
            diags.report(DiagCode.E0507, row.span(), "layer " + i + " has " + recorded + " channels, more than the limit of "
                    + options.limits().maxChannels()).emit();
            instance = null;
        }
        return new ResolvedLayer(i, row, inputs, listFrom, scaledN, spec, instance, recorded, fed);
    }

    private void reportUnknownModule(LayerSyntax row) {
        String name = row.moduleName();
        Span at = row.module().span();
        Diagnostics.Report r = diags.report(DiagCode.E0201, at, "unknown module '" + name + "'");
        if (INTERNAL_BLOCKS.contains(name)) {
            r.label("built only inside other modules").hint("Ultralytics cannot build '" + name + "' from a row either; use the block that contains it");
        } else if (name.startsWith("torch.nn.")) {
            String shortName = name.substring("torch.".length());
            r.hint(options.registry().lookup(shortName).isPresent() ? "write '" + shortName + "': Ultralytics only accepts the 'nn.' prefix" : null);
        } else {
            Suggest.closest(name, options.registry().names()).ifPresent(sug -> r.hint("did you mean '" + sug + "'?"));
        }
        r.note("run 'yamlnet modules' to list the supported modules").emit();
    }

    private boolean readFrom(LayerSyntax row, List<Integer> inputs, List<Integer> written) {
        int i = row.index();
        List<Value> items = row.from() instanceof Value.Seq seq ? seq.items() : List.of(row.from());
        if (row.from() instanceof Value.Seq seq && seq.items().isEmpty()) {
            diags.report(DiagCode.E0302, row.from().span(), "'from' of layer " + i + " is an empty list")
                    .hint("list the layers this one takes its inputs from").emit();
            return false;
        }
        boolean ok = true;
        for (Value v : items) {
            if (!(v instanceof Value.Int iv)) {
                diags.report(DiagCode.E0302, v.span(), "'from' of layer " + i + " must hold layer indices, got " + describe(v))
                        .hint("-1 is the previous layer, other numbers are layer indices").emit();
                ok = false;
                continue;
            }
            if (!iv.fitsInt()) {
                diags.report(DiagCode.E0301, v.span(), "'from' index " + iv.value() + " is out of range (this is layer " + i + ")").emit();
                ok = false;
                continue;
            }
            int f = iv.value().intValue();
            written.add(f);
            if (i == 0) {
                if (f != -1) {
                    diags.report(DiagCode.E0301, v.span(), "layer 0 must take its input from -1 (the image), got " + f)
                            .hint("write -1: the first layer reads the input image").emit();
                    ok = false;
                }
                inputs.add(-1);
                continue;
            }
            if (f >= i) {
                diags.report(DiagCode.E0301, v.span(), "'from' index " + f + " refers to a layer that does not exist yet (this is layer " + i + ")")
                        .hint("a layer can only take inputs from earlier layers (0 to " + (i - 1) + ", or -1 to -" + i + ")").emit();
                ok = false;
            } else if (f < -i) {
                diags.report(DiagCode.E0301, v.span(), "'from' index " + f + " reaches before the first layer (this is layer " + i + ")")
                        .hint("negative indices count back from this layer: -1 to -" + i + " are valid here").emit();
                ok = false;
            } else {
                inputs.add(f < 0 ? i + f : f);
            }
        }
        return ok;
    }

    /** Symbols, literal evaluation, count and type checks; null after reporting an error. */
    private List<Value> resolveArgs(LayerSyntax row, Scaling s, ModuleSpec spec) {
        List<Value> raw = ((Value.Seq) row.args()).items();
        List<Value> out = new ArrayList<>();
        boolean ok = true;
        for (int k = 0; k < raw.size(); k++) {
            Value a = raw.get(k);
            if (a instanceof Value.Str str) {
                String text = str.value();
                if (text.equals("nc")) {
                    if (s.nc().isEmpty() && reportedKeys.contains("nc")) {
                        ok = false;
                        out.add(a);
                    } else if (s.nc().isEmpty()) {
                        diags.report(DiagCode.E0205, a.span(), "'nc' is used here but the model has no 'nc' key")
                                .hint("add 'nc: 80' (the number of classes) at the top of the file").emit();
                        ok = false;
                        out.add(a);
                    } else {
                        out.add(new Value.Int(BigInteger.valueOf(s.nc().get()), a.span()));
                    }
                    continue;
                }
                if (text.equals("kpt_shape")) {
                    if (s.kptShape().isEmpty() && reportedKeys.contains("kpt_shape")) {
                        ok = false;
                        out.add(a);
                    } else if (s.kptShape().isEmpty()) {
                        diags.report(DiagCode.E0205, a.span(), "'kpt_shape' is used here but the model has no 'kpt_shape' key")
                                .hint("add e.g. 'kpt_shape: [17, 3]' (keypoints, values per keypoint) at the top of the file").emit();
                        ok = false;
                        out.add(a);
                    } else {
                        Value kv = s.kptShape().get();
                        out.add(kv instanceof Value.Seq seq ? new Value.Seq(seq.items(), false, a.span()) : kv);
                    }
                    continue;
                }
                PyLiteral.Outcome o = PyLiteral.evaluate(text, a.span());
                if (o.syntaxError()) {
                    diags.report(DiagCode.E0405, a.span(), "argument " + PyRepr.stringRepr(text) + " is not valid Python (" + o.error() + ")")
                            .hint("Ultralytics reads string arguments with ast.literal_eval and fails with a SyntaxError here").emit();
                    ok = false;
                    out.add(a);
                } else if (o.literal()) {
                    out.add(withSpan(o.value(), a.span()));
                } else {
                    out.add(a);
                }
                continue;
            }
            out.add(a);
        }
        if (spec == null || !ok) {
            return ok ? out : null;
        }
        List<ArgSpec> sig = spec.arguments();
        if (out.size() > sig.size()) {
            Span extra = spanFrom(out.get(sig.size()).span(), out.get(out.size() - 1).span());
            diags.report(DiagCode.E0401, extra, spec.name() + " takes at most " + sig.size() + " argument" + (sig.size() == 1 ? "" : "s")
                    + ", layer " + row.index() + " gives " + out.size())
                    .label(out.size() - sig.size() == 1 ? "extra argument" : "extra arguments")
                    .hint("the arguments are " + signatureText(sig)).emit();
            return null;
        }
        for (int k = out.size(); k < sig.size(); k++) {
            if (sig.get(k).isRequired()) {
                diags.report(DiagCode.E0402, row.args().span(), spec.name() + " needs argument '" + sig.get(k).name() + "' ("
                        + sig.get(k).description() + ")")
                        .label("missing " + sig.get(k).name())
                        .hint("the arguments are " + signatureText(sig)).emit();
                return null;
            }
        }
        for (int k = 0; k < out.size(); k++) {
            Value v = out.get(k);
            ArgSpec a = sig.get(k);
            if (v instanceof Value.Str str && str.bare() && !a.type().takesWords()) {
                Diagnostics.Report r = diags.report(DiagCode.E0202, v.span(), "unknown symbol '" + str.value() + "'");
                if (PARSER_LOCALS.contains(str.value())) {
                    r.label("a variable of Ultralytics' parser").hint("yamlnet resolves only 'nc' and 'kpt_shape'; write the value itself");
                } else {
                    r.label("expected " + a.type().display() + " for '" + a.name() + "'");
                    Suggest.closest(str.value(), List.of("nc", "kpt_shape", "None", "True", "False"))
                            .ifPresentOrElse(sug -> r.hint("did you mean '" + sug + "'?"),
                                    () -> r.hint("only 'nc' and 'kpt_shape' are symbols; write a number or a quoted string"));
                }
                r.emit();
                ok = false;
            } else if (!a.type().accepts(v)) {
                diags.report(DiagCode.E0403, v.span(), "argument '" + a.name() + "' of " + spec.name() + " must be " + a.type().display()
                        + ", got " + describe(v))
                        .label(a.description())
                        .emit();
                ok = false;
            } else if (v instanceof Value.Int iv && !iv.fitsInt()) {
                diags.report(DiagCode.E0507, v.span(), "argument '" + a.name() + "' is " + iv.value() + ", beyond any usable size")
                        .hint("values must fit in 32 bits").emit();
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private static Value withSpan(Value v, Span span) {
        if (v instanceof Value.Int i) {
            return new Value.Int(i.value(), span);
        } else if (v instanceof Value.Float f) {
            return new Value.Float(f.value(), span);
        } else if (v instanceof Value.Bool b) {
            return new Value.Bool(b.value(), span);
        } else if (v instanceof Value.None) {
            return new Value.None(span);
        } else if (v instanceof Value.Str s) {
            return new Value.Str(s.value(), false, span);
        } else if (v instanceof Value.Seq s) {
            return new Value.Seq(s.items(), s.tuple(), span);
        } else if (v instanceof Value.Dict d) {
            return new Value.Dict(d.entries(), span);
        }
        return v;
    }

    private static Span spanFrom(Span a, Span b) {
        return new Span(a.line(), a.column(), b.endLine(), b.endColumn());
    }

    static String signatureText(List<ArgSpec> sig) {
        List<String> parts = new ArrayList<>();
        for (ArgSpec a : sig) {
            parts.add(a.isRequired() ? a.name() : a.name() + "=" + PyRepr.repr(a.defaultValue().get()));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    static String describe(Value v) {
        if (v instanceof Value.Str s) {
            return "'" + s.value() + "'";
        }
        String repr = PyRepr.repr(v);
        return v.typeName() + " " + (repr.length() > 40 ? repr.substring(0, 37) + "..." : repr);
    }

    // ---- top-level keys ------------------------------------------------------------------------

    private Optional<Integer> readNc(ModelSyntax model) {
        if (options.nc().isPresent()) {
            return options.nc();
        }
        Optional<Value> v = model.key("nc");
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return Optional.empty();
        }
        if (v.get() instanceof Value.Int i && i.value().signum() > 0 && i.value().compareTo(BigInteger.valueOf(1_000_000)) <= 0) {
            return Optional.of(i.value().intValue());
        }
        reportedKeys.add("nc");
        diags.report(DiagCode.E0103, v.get().span(), "'nc' must be a whole number of classes from 1 to 1000000, got " + describe(v.get()))
                .hint("nc is the number of classes, e.g. 'nc: 80'").emit();
        return Optional.empty();
    }

    private Optional<Value> readKptShape(ModelSyntax model) {
        Optional<Value> v = model.key("kpt_shape");
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return Optional.empty();
        }
        if (v.get() instanceof Value.Seq s && s.items().size() == 2 && s.items().stream().allMatch(x -> x instanceof Value.Int i
                && i.value().signum() > 0 && i.value().bitLength() < 16)) {
            int dims = ((Value.Int) s.items().get(1)).value().intValue();
            if (dims == 2 || dims == 3) {
                return v;
            }
        }
        reportedKeys.add("kpt_shape");
        diags.report(DiagCode.E0103, v.get().span(), "'kpt_shape' must be [keypoints, 2 or 3], got " + describe(v.get()))
                .hint("e.g. 'kpt_shape: [17, 3]' for 17 keypoints with x, y and visibility").emit();
        return Optional.empty();
    }

    private int readRegMax(ModelSyntax model) {
        Optional<Value> v = model.key("reg_max");
        if (v.isEmpty()) {
            return 16;
        }
        if (v.get() instanceof Value.Int i && i.value().signum() > 0 && i.value().compareTo(BigInteger.valueOf(64)) <= 0) {
            return i.value().intValue();
        }
        diags.report(DiagCode.E0103, v.get().span(), "'reg_max' must be a whole number from 1 to 64, got " + describe(v.get()))
                .hint("16 for YOLOv8/YOLO11, 1 for YOLO26").emit();
        return 16;
    }

    private Optional<String> readActivation(ModelSyntax model) {
        Optional<Value> v = model.key("activation");
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return Optional.empty();
        }
        if (v.get() instanceof Value.Str s && ACTIVATION.matcher(s.value().trim()).matches()) {
            return Optional.of(s.value().trim());
        }
        diags.report(DiagCode.E0204, v.get().span(), "activation " + describe(v.get()) + " is not allowed")
                .label("Ultralytics would run this through eval()")
                .hint("use a torch.nn activation with literal arguments, e.g. nn.ReLU(), nn.SiLU() or nn.LeakyReLU(0.1)").emit();
        return Optional.empty();
    }

    private double readMultiple(ModelSyntax model, String key) {
        Optional<Value> v = model.key(key);
        if (v.isEmpty() || v.get() instanceof Value.None) {
            return 1.0;
        }
        Value x = v.get();
        double d = x instanceof Value.Float f ? f.value() : x instanceof Value.Int i && i.fitsInt() ? i.value().intValue() : Double.NaN;
        if (!(d > 0) || Double.isInfinite(d) || d > MAX_MULTIPLE) {
            diags.report(DiagCode.E0103, x.span(), "'" + key + "' must be a positive number up to " + (int) MAX_MULTIPLE
                    + ", got " + describe(x)).emit();
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
                double d = x instanceof Value.Float f ? f.value() : x instanceof Value.Int i && i.fitsInt() ? i.value().intValue() : Double.NaN;
                if (!(d > 0) || Double.isInfinite(d)) {
                    diags.report(DiagCode.E0105, x.span(), new String[] {"depth", "width", "max_channels"}[k] + " must be a positive number, got " + describe(x)).emit();
                    return null;
                }
                if (k < 2 && d > MAX_MULTIPLE) {
                    diags.report(DiagCode.E0105, x.span(), (k == 0 ? "depth" : "width") + " multiple " + PyRepr.repr(x)
                            + " is more than " + (int) MAX_MULTIPLE)
                            .hint("multiples scale the rows' repeats and channels; stock models use 0.25 to 1.5").emit();
                    return null;
                }
                out[k] = d;
            }
            return out;
        }
        diags.report(DiagCode.E0105, v.span(), "a scale must be [depth, width, max_channels], got " + describe(v))
                .hint("e.g. [0.33, 0.25, 1024]").emit();
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

    /** The row as module specs see it. */
    private final class Context implements BindContext {
        private final LayerSyntax row;
        private final ModuleSpec spec;
        private final List<Value> args;
        private final List<Integer> fed;
        private final int repeats;
        private final Scaling s;
        private final RowState state;

        Context(LayerSyntax row, ModuleSpec spec, List<Value> args, List<Integer> fed, int repeats, Scaling s, RowState state) {
            this.row = row;
            this.spec = spec;
            this.args = List.copyOf(args);
            this.fed = List.copyOf(fed);
            this.repeats = repeats;
            this.s = s;
            this.state = state;
        }

        @Override
        public int layerIndex() {
            return row.index();
        }

        @Override
        public List<Value> args() {
            return args;
        }

        @Override
        public Value arg(int i) {
            if (i < args.size()) {
                return args.get(i);
            }
            return spec.arguments().get(i).defaultValue().orElseThrow(
                    () -> new IllegalStateException("argument " + i + " of " + spec.name() + " has no default"));
        }

        @Override
        public List<Integer> inputChannels() {
            return fed;
        }

        @Override
        public int repeats() {
            return repeats;
        }

        @Override
        public double width() {
            return s.width();
        }

        @Override
        public double depth() {
            return s.depth();
        }

        @Override
        public double maxChannels() {
            return s.maxChannels();
        }

        @Override
        public String scale() {
            return s.scale();
        }

        @Override
        public String parserScale() {
            return s.parserScale();
        }

        @Override
        public Optional<Integer> nc() {
            return s.nc();
        }

        @Override
        public int regMax() {
            return s.regMax();
        }

        @Override
        public Value end2end() {
            return s.end2end();
        }

        @Override
        public boolean legacy() {
            return state.legacy;
        }

        @Override
        public void clearLegacy() {
            state.legacy = false;
        }

        @Override
        public Optional<String> defaultActivation() {
            return s.activation();
        }

        @Override
        public Span rowSpan() {
            return row.span();
        }

        @Override
        public Span moduleSpan() {
            return row.module().span();
        }

        @Override
        public Span argSpan(int i) {
            List<Value> items = ((Value.Seq) row.args()).items();
            return i < items.size() ? items.get(i).span() : row.args().span();
        }

        @Override
        public Span fromSpan() {
            return row.from().span();
        }

        @Override
        public Diagnostics diagnostics() {
            return diags;
        }
    }

    /** For messages listing the supported names. */
    static String names(Map<String, ?> m) {
        return String.join(", ", new TreeSet<>(m.keySet()));
    }
}
