package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.syntax.ModelSyntax;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.util.Optional;

/**
 * Applies Ultralytics' {@code parse_model} rules to the rows: scale selection, depth and width
 * multiples, {@code max_channels}, symbols ({@code nc}, {@code kpt_shape}), string arguments as
 * {@code ast.literal_eval} reads them, {@code from} indices, repeat scaling, and, through each
 * module's spec, argument rewriting and channel bookkeeping. Every problem is reported and the
 * row is poisoned; resolution carries on with the next row.
 *
 * <p>The work is in three classes, one per job: {@link TopLevelKeys} (the keys above the rows and
 * the scale), {@link RowResolver} (the row loop, {@code from}, repeats, the {@code ch} list and the
 * save list) and {@link ArgumentBinder} (a row's arguments, up to the module's {@code bind}).
 */
public final class Resolver {
    private final CompileOptions options;
    private final Diagnostics diags;

    /**
     * A resolver for one compilation.
     *
     * @param options the scale, {@code nc}, limits and module registry to resolve with
     * @param diags where every problem is reported
     */
    public Resolver(CompileOptions options, Diagnostics diags) {
        this.options = options;
        this.diags = diags;
    }

    /**
     * Ultralytics' {@code guess_model_scale}; the rule is {@link ModelFile#guessScale}.
     *
     * @param fileName the requested file name
     * @return the scale letter, or empty when the name implies none
     */
    public static String guessScale(String fileName) {
        return ModelFile.guessScale(fileName);
    }

    /**
     * Resolves the model's rows; empty when the rows cannot be resolved at all (a bad scale, too many
     * rows), after reporting why. A present model may still hold poisoned rows: see the diagnostics.
     *
     * @param model the rows and top-level keys as read
     * @return the resolved model, or empty
     */
    public Optional<ResolvedModel> resolve(ModelSyntax model) {
        return new TopLevelKeys(options, diags).read(model).map(s -> new RowResolver(options, diags).resolve(model, s));
    }

    /** A value for messages: a string quoted, anything else as its type and a repr of at most 40 characters. */
    static String describe(Value v) {
        if (v instanceof Value.Str s) {
            return "'" + s.value() + "'";
        }
        String repr = PyRepr.repr(v);
        return v.typeName() + " " + (repr.length() > 40 ? repr.substring(0, 37) + "..." : repr);
    }
}
