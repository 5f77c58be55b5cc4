package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.ArgSpec;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.modules.PluginException;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.syntax.LayerSyntax;
import dev.yamlnet.compiler.util.Suggest;
import dev.yamlnet.compiler.value.PyLiteral;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A row's arguments, from what the YAML holds to a bound module: the symbols {@code nc} and
 * {@code kpt_shape} replaced by the model's values, every other string read as
 * {@code ast.literal_eval} reads it ({@link PyLiteral}), the list checked against the module's
 * signature (count, bare words, types, 32-bit range), and then the module's {@code bind} called with
 * a {@link RowContext} over the checked arguments.
 */
final class ArgumentBinder {
    /** Variables of Ultralytics' parse_model that a YAML string could name; yamlnet refuses them. */
    private static final Set<String> PARSER_LOCALS = Set.of(
            "width",
            "depth",
            "scale",
            "scales",
            "max_channels",
            "reg_max",
            "end2end",
            "act",
            "legacy",
            "ch",
            "c1",
            "c2",
            "i",
            "f",
            "n",
            "n_",
            "m",
            "m_",
            "t",
            "args",
            "d",
            "layers",
            "save",
            "verbose",
            "j",
            "a",
            "base_modules",
            "repeat_modules");

    private final Diagnostics diags;

    ArgumentBinder(Diagnostics diags) {
        this.diags = diags;
    }

    /** Symbols, literal evaluation, count and type checks; null after reporting an error. */
    List<Value> resolveArgs(LayerSyntax row, ModelSettings s, ModuleSpec spec) {
        List<Value> raw = ((Value.Seq) row.args()).items();
        List<Value> out = new ArrayList<>();
        boolean ok = true;
        for (int k = 0; k < raw.size(); k++) {
            Value a = raw.get(k);
            if (a instanceof Value.Str str) {
                String text = str.value();
                if (text.equals("nc")) {
                    if (s.nc().isEmpty() && s.reportedKeys().contains("nc")) {
                        ok = false;
                        out.add(a);
                    } else if (s.nc().isEmpty()) {
                        diags.report(DiagCode.E0205, a.span(), "'nc' is used here but the model has no 'nc' key")
                                .hint("add 'nc: 80' (the number of classes) at the top of the file")
                                .emit();
                        ok = false;
                        out.add(a);
                    } else {
                        out.add(new Value.Int(BigInteger.valueOf(s.nc().get()), a.span()));
                    }
                    continue;
                }
                if (text.equals("kpt_shape")) {
                    if (s.kptShape().isEmpty() && s.reportedKeys().contains("kpt_shape")) {
                        ok = false;
                        out.add(a);
                    } else if (s.kptShape().isEmpty()) {
                        diags.report(
                                        DiagCode.E0205,
                                        a.span(),
                                        "'kpt_shape' is used here but the model has no 'kpt_shape' key")
                                .hint(
                                        "add e.g. 'kpt_shape: [17, 3]' (keypoints, values per keypoint) at the top of the file")
                                .emit();
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
                    diags.report(
                                    DiagCode.E0405,
                                    a.span(),
                                    "argument " + PyRepr.stringRepr(text) + " is not valid Python (" + o.error() + ")")
                            .hint(
                                    "Ultralytics reads string arguments with ast.literal_eval and fails with a SyntaxError here")
                            .emit();
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
            Span extra =
                    spanFrom(out.get(sig.size()).span(), out.get(out.size() - 1).span());
            diags.report(
                            DiagCode.E0401,
                            extra,
                            spec.name() + " takes at most " + sig.size() + " argument" + (sig.size() == 1 ? "" : "s")
                                    + ", layer " + row.index() + " gives " + out.size())
                    .label(out.size() - sig.size() == 1 ? "extra argument" : "extra arguments")
                    .hint("the arguments are " + signatureText(sig))
                    .emit();
            return null;
        }
        for (int k = out.size(); k < sig.size(); k++) {
            if (sig.get(k).isRequired()) {
                diags.report(
                                DiagCode.E0402,
                                row.args().span(),
                                spec.name() + " needs argument '" + sig.get(k).name() + "' ("
                                        + sig.get(k).description() + ")")
                        .label("missing " + sig.get(k).name())
                        .hint("the arguments are " + signatureText(sig))
                        .emit();
                return null;
            }
        }
        for (int k = 0; k < out.size(); k++) {
            Value v = out.get(k);
            ArgSpec a = sig.get(k);
            if (v instanceof Value.Str str && str.bare() && !a.type().takesWords()) {
                Diagnostics.Report r = diags.report(DiagCode.E0202, v.span(), "unknown symbol '" + str.value() + "'");
                if (PARSER_LOCALS.contains(str.value())) {
                    r.label("a variable of Ultralytics' parser")
                            .hint("yamlnet resolves only 'nc' and 'kpt_shape'; write the value itself");
                } else {
                    r.label("expected " + a.type().display() + " for '" + a.name() + "'");
                    Suggest.closest(str.value(), List.of("nc", "kpt_shape", "None", "True", "False"))
                            .ifPresentOrElse(
                                    sug -> r.hint("did you mean '" + sug + "'?"),
                                    () -> r.hint(
                                            "only 'nc' and 'kpt_shape' are symbols; write a number or a quoted string"));
                }
                r.emit();
                ok = false;
            } else if (!a.type().accepts(v)) {
                diags.report(
                                DiagCode.E0403,
                                v.span(),
                                "argument '" + a.name() + "' of " + spec.name() + " must be "
                                        + a.type().display() + ", got " + Resolver.describe(v))
                        .label(a.description())
                        .emit();
                ok = false;
            } else if (v instanceof Value.Int iv && !iv.fitsInt()) {
                diags.report(
                                DiagCode.E0507,
                                v.span(),
                                "argument '" + a.name() + "' is " + iv.value() + ", beyond any usable size")
                        .hint("values must fit in 32 bits")
                        .emit();
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
            parts.add(
                    a.isRequired()
                            ? a.name()
                            : a.name() + "=" + PyRepr.repr(a.defaultValue().get()));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    /**
     * Calls the module's {@code bind} on the checked arguments; null when it refused the row (it has
     * reported why).
     */
    ModuleInstance bind(
            LayerSyntax row,
            ModuleSpec spec,
            List<Value> args,
            List<Integer> fed,
            int repeats,
            ModelSettings s,
            RowState state) {
        RowContext ctx = new RowContext(row, spec, args, fed, repeats, s, state, diags);
        ModuleInstance instance;
        int errorsBefore = diags.errorCount();
        try {
            instance = spec.bind(ctx);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "module " + spec.name() + " failed to bind layer " + row.index() + ": " + e.getMessage(), e);
        }
        if (instance == null && diags.errorCount() == errorsBefore) {
            throw PluginException.brokenContract(
                    spec, "module " + spec.name() + " rejected layer " + row.index() + " without a diagnostic");
        }
        return instance;
    }
}
