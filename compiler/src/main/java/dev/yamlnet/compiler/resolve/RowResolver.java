package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.syntax.LayerSyntax;
import dev.yamlnet.compiler.syntax.ModelSyntax;
import dev.yamlnet.compiler.util.Suggest;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.ShapeMath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The row loop of {@code parse_model}: for each row, the module looked up in the registry, {@code from}
 * read and checked, {@code repeats} read and scaled by the depth multiple, the arguments bound
 * through {@link ArgumentBinder}, and the channel count Ultralytics appends to its {@code ch} list
 * recorded in {@link RowState}; the rows' {@code from} entries make the save list. A bad row is
 * poisoned and the loop carries on.
 */
final class RowResolver {
    /** Blocks Ultralytics builds only inside other modules; naming them in YAML fails there too. */
    private static final Set<String> INTERNAL_BLOCKS = Set.of(
            "C3k",
            "RepCSP",
            "CIB",
            "PSABlock",
            "Attention",
            "ABlock",
            "AAttn",
            "LightConv",
            "CBAM",
            "ChannelAttention",
            "SpatialAttention",
            "Proto",
            "DFL",
            "MHSA",
            "BottleneckTransformer",
            "TransformerBlock",
            "TransformerLayer",
            "MLP",
            "MLPBlock");

    private final CompileOptions options;
    private final Diagnostics diags;
    private final ArgumentBinder binder;

    RowResolver(CompileOptions options, Diagnostics diags) {
        this.options = options;
        this.diags = diags;
        this.binder = new ArgumentBinder(diags);
    }

    /** Resolves every row of {@code model} with the settings its top-level keys gave. */
    ResolvedModel resolve(ModelSyntax model, ModelSettings s) {
        RowState state = new RowState(s.channels());
        List<ResolvedLayer> layers = new ArrayList<>();
        List<Integer> save = new ArrayList<>();
        for (LayerSyntax row : model.layers()) {
            ResolvedLayer layer = resolveRow(row, s, state);
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
        return new ResolvedModel(
                model,
                s.scale(),
                s.scales(),
                s.depth(),
                s.width(),
                s.maxChannels(),
                s.channels(),
                s.nc(),
                s.task(),
                layers,
                save);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> castList(Object o) {
        return (List<Integer>) o;
    }

    private ResolvedLayer resolveRow(LayerSyntax row, ModelSettings s, RowState state) {
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
                        .hint(
                                written.size() == 1
                                        ? "write " + written.get(0) + " instead of [" + written.get(0) + "]"
                                        : "to combine several layers, put a Concat row first: ["
                                                + PyRepr.repr(row.from()) + ", 1, Concat, [1]]")
                        .emit();
                fromOk = false;
            } else if (spec.inputs() == InputArity.MANY && !listFrom) {
                diags.report(
                                DiagCode.E0302,
                                row.from().span(),
                                spec.name() + " takes a list of inputs, 'from' is a single index")
                        .hint("write [" + PyRepr.repr(row.from()) + ", ...] with the layers to combine")
                        .emit();
                fromOk = false;
            }
        }
        // repeats
        int n = 1;
        boolean repeatsOk = true;
        if (!(row.repeats() instanceof Value.Int ri)) {
            diags.report(
                            DiagCode.E0303,
                            row.repeats().span(),
                            "repeats of layer " + i + " must be a whole number, got "
                                    + Resolver.describe(row.repeats()))
                    .hint("the second field of a row is how many times the module repeats, usually 1")
                    .emit();
            repeatsOk = false;
        } else if (ri.value().signum() < 1) {
            diags.report(DiagCode.E0303, ri.span(), "repeats of layer " + i + " must be at least 1, got " + ri.value())
                    .hint("use 1 for a single module")
                    .emit();
            repeatsOk = false;
        } else if (ri.value().compareTo(BigInteger.valueOf(options.limits().maxRepeats())) > 0) {
            diags.report(
                            DiagCode.E0507,
                            ri.span(),
                            "repeats " + ri.value() + " is more than the limit of "
                                    + options.limits().maxRepeats())
                    .emit();
            repeatsOk = false;
        } else {
            n = ri.value().intValue();
        }
        int scaledN = n > 1 ? (int) Math.max(ShapeMath.roundHalfEven(n * s.depth()), 1) : n;
        // args
        List<Value> args = binder.resolveArgs(row, s, spec);
        if (spec == null || !fromOk || !repeatsOk || args == null) {
            return new ResolvedLayer(i, row, inputs, listFrom, scaledN, null, null, state.lastC2, List.of());
        }
        List<Integer> fed = new ArrayList<>();
        for (int f : written) {
            fed.add(state.ch(i, f));
        }
        ModuleInstance instance = binder.bind(row, spec, args, fed, scaledN, s, state);
        int recorded =
                instance == null ? state.lastC2 : instance.recordedChannels().orElse(state.lastC2);
        if (instance != null
                && instance.recordedChannels().isPresent()
                && recorded > options.limits().maxChannels()) {
            diags.report(
                            DiagCode.E0507,
                            row.span(),
                            "layer " + i + " has " + recorded + " channels, more than the limit of "
                                    + options.limits().maxChannels())
                    .emit();
            instance = null;
        }
        return new ResolvedLayer(i, row, inputs, listFrom, scaledN, spec, instance, recorded, fed);
    }

    private void reportUnknownModule(LayerSyntax row) {
        String name = row.moduleName();
        Span at = row.module().span();
        Diagnostics.Report r = diags.report(DiagCode.E0201, at, "unknown module '" + name + "'");
        if (INTERNAL_BLOCKS.contains(name)) {
            r.label("built only inside other modules")
                    .hint("Ultralytics cannot build '" + name + "' from a row either; use the block that contains it");
        } else if (name.startsWith("torch.nn.")) {
            String shortName = name.substring("torch.".length());
            r.hint(
                    options.registry().lookup(shortName).isPresent()
                            ? "write '" + shortName + "': Ultralytics only accepts the 'nn.' prefix"
                            : null);
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
                    .hint("list the layers this one takes its inputs from")
                    .emit();
            return false;
        }
        boolean ok = true;
        for (Value v : items) {
            if (!(v instanceof Value.Int iv)) {
                diags.report(
                                DiagCode.E0302,
                                v.span(),
                                "'from' of layer " + i + " must hold layer indices, got " + Resolver.describe(v))
                        .hint("-1 is the previous layer, other numbers are layer indices")
                        .emit();
                ok = false;
                continue;
            }
            if (!iv.fitsInt()) {
                diags.report(
                                DiagCode.E0301,
                                v.span(),
                                "'from' index " + iv.value() + " is out of range (this is layer " + i + ")")
                        .emit();
                ok = false;
                continue;
            }
            int f = iv.value().intValue();
            written.add(f);
            if (i == 0) {
                if (f != -1) {
                    diags.report(DiagCode.E0301, v.span(), "layer 0 must take its input from -1 (the image), got " + f)
                            .hint("write -1: the first layer reads the input image")
                            .emit();
                    ok = false;
                }
                inputs.add(-1);
                continue;
            }
            if (f >= i) {
                diags.report(
                                DiagCode.E0301,
                                v.span(),
                                "'from' index " + f + " refers to a layer that does not exist yet (this is layer " + i
                                        + ")")
                        .hint("a layer can only take inputs from earlier layers (0 to " + (i - 1) + ", or -1 to -" + i
                                + ")")
                        .emit();
                ok = false;
            } else if (f < -i) {
                diags.report(
                                DiagCode.E0301,
                                v.span(),
                                "'from' index " + f + " reaches before the first layer (this is layer " + i + ")")
                        .hint("negative indices count back from this layer: -1 to -" + i + " are valid here")
                        .emit();
                ok = false;
            } else {
                inputs.add(f < 0 ? i + f : f);
            }
        }
        return ok;
    }
}
