package dev.yamlnet.compiler.syntax;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the shape of the document (a mapping with {@code backbone} and {@code head} lists of
 * four-element rows) and gathers its keys. Key and value meanings are the resolver's business.
 */
public final class SyntaxReader {
    /** Every top-level key Ultralytics reads, in the order the YAML reference documents them. */
    public static final Set<String> KNOWN_KEYS = Set.of(
            "nc",
            "scales",
            "scale",
            "depth_multiple",
            "width_multiple",
            "activation",
            "kpt_shape",
            "reg_max",
            "end2end",
            "channels",
            "ch",
            "backbone",
            "head",
            "text_model",
            "inplace",
            "yaml_file");

    public Optional<ModelSyntax> read(SourceFile source, Value document, Diagnostics diags) {
        if (!(document instanceof Value.Dict root)) {
            diags.report(DiagCode.E0101, document.span(), "a model file must be a mapping, this is a " + kind(document))
                    .hint("start the file with keys such as 'nc:', 'scales:', 'backbone:' and 'head:'")
                    .emit();
            return Optional.empty();
        }
        Map<String, Value> keys = new HashMap<>();
        for (Value.Entry e : root.entries()) {
            if (!(e.key() instanceof Value.Str k)) {
                diags.report(DiagCode.E0103, e.key().span(), "top-level key " + PyRepr.repr(e.key()) + " is not a name")
                        .hint("top-level keys are names such as 'nc' or 'backbone'")
                        .emit();
                continue;
            }
            Value v = e.value();
            // Ultralytics turns top-level "None" strings into null (and only those)
            if (v instanceof Value.Str s && s.value().equals("None")) {
                v = new Value.None(v.span());
            }
            keys.put(k.value(), v);
            if (!KNOWN_KEYS.contains(k.value())) {
                diags.report(DiagCode.W0101, k.span(), "unknown top-level key '" + k.value() + "' is ignored")
                        .hint(suggest(k.value())
                                .map(s -> "did you mean '" + s + "'?")
                                .orElse(null))
                        .emit();
            }
        }
        List<LayerSyntax> layers = new ArrayList<>();
        boolean sectionsOk = true;
        for (String section : List.of("backbone", "head")) {
            Value v = keys.get(section);
            if (v == null) {
                diags.report(DiagCode.E0102, Span.NONE, "the model has no '" + section + "' key")
                        .hint("every model file lists its rows under 'backbone:' and 'head:'")
                        .emit();
                sectionsOk = false;
                continue;
            }
            if (!(v instanceof Value.Seq seq)) {
                if (v instanceof Value.None) {
                    // an empty section: legal YAML, no rows
                    continue;
                }
                diags.report(DiagCode.E0103, v.span(), "'" + section + "' must be a list of rows, this is a " + kind(v))
                        .hint("write rows as '- [from, repeats, module, args]'")
                        .emit();
                sectionsOk = false;
                continue;
            }
            for (Value row : seq.items()) {
                layers.add(readRow(layers.size(), section, row, diags));
            }
        }
        if (sectionsOk && layers.isEmpty()) {
            diags.report(DiagCode.E0106, root.span(), "'backbone' and 'head' hold no rows")
                    .hint("add rows such as '- [-1, 1, Conv, [64, 3, 2]]'")
                    .emit();
        }
        return Optional.of(new ModelSyntax(source, root, keys, layers));
    }

    private LayerSyntax readRow(int index, String section, Value row, Diagnostics diags) {
        if (row instanceof Value.Seq seq && seq.items().size() == 4) {
            List<Value> f = seq.items();
            Value args = f.get(3);
            if (args instanceof Value.None) {
                args = new Value.Seq(
                        List.of(), false, args.span()); // '[-1, 1, nn.Identity, null]' or '~': no arguments
            }
            boolean ok = true;
            if (!(args instanceof Value.Seq)) {
                diags.report(DiagCode.E0104, args.span(), "the arguments of layer " + index + " must be a list")
                        .label("this is a " + kind(args))
                        .hint("wrap them in brackets, e.g. [" + PyRepr.repr(args) + "]")
                        .emit();
                ok = false;
            }
            if (!(f.get(2) instanceof Value.Str)) {
                diags.report(DiagCode.E0104, f.get(2).span(), "the module of layer " + index + " must be a name")
                        .label("this is a " + kind(f.get(2)))
                        .emit();
                ok = false;
            }
            return new LayerSyntax(index, section, row.span(), f.get(0), f.get(1), f.get(2), args, ok);
        }
        String found = row instanceof Value.Seq seq ? seq.items().size() + " items" : "a " + kind(row);
        diags.report(
                        DiagCode.E0104,
                        row.span(),
                        "layer " + index + " must be [from, repeats, module, args], found " + found)
                .hint(
                        row instanceof Value.Seq s && s.items().size() == 3
                                ? "a row needs all four fields; e.g. [-1, 1, Conv, [64, 3, 2]]"
                                : "each row is a list of four fields: [from, repeats, module, args]")
                .emit();
        return new LayerSyntax(index, section, row.span(), null, null, null, null, false);
    }

    static String kind(Value v) {
        if (v instanceof Value.Seq) {
            return "list";
        } else if (v instanceof Value.Dict) {
            return "mapping";
        } else if (v instanceof Value.None) {
            return "null";
        } else if (v instanceof Value.Str s) {
            return "string '" + s.value() + "'";
        }
        return v.typeName() + " " + PyRepr.repr(v);
    }

    private static Optional<String> suggest(String key) {
        return dev.yamlnet.compiler.util.Suggest.closest(key, KNOWN_KEYS);
    }
}
