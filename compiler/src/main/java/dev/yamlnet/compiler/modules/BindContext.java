package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * One row as the resolver hands it to a module spec: the YAML arguments (symbols substituted,
 * strings literal-evaluated, checked against {@link ModuleSpec#arguments()} for count and type),
 * the input channels Ultralytics would inject, the scaled repeat count and the model's scaling.
 *
 * <p>Specs read their arguments by the names of their own signature ({@code ctx.intArg("g")},
 * {@code ctx.argSpan("g")}); a name that is not in the signature throws an
 * {@link IllegalStateException} naming the module and the argument (a bug in the spec).
 */
public interface BindContext {
    /** The row's layer index. */
    int layerIndex();

    /** The spec being bound; its {@link ModuleSpec#arguments()} give the names the readers take. */
    ModuleSpec spec();

    /** The YAML arguments after resolution, as many as the row gave, in position order. */
    List<Value> args();

    /**
     * The argument called {@code name}: as the row gave it, or the signature's default when the row
     * gave fewer arguments.
     *
     * @throws IllegalStateException when the signature has no such argument, or it is required and
     *     missing (the resolver reports missing arguments before binding)
     */
    default Value arg(String name) {
        int i = spec().argumentIndex(name);
        if (i < args().size()) {
            return args().get(i);
        }
        return spec().arguments()
                .get(i)
                .defaultValue()
                .orElseThrow(() ->
                        new IllegalStateException("argument '" + name + "' of " + spec().name() + " has no default"));
    }

    /** Whether the row wrote the argument called {@code name} (rather than leaving it to its default). */
    default boolean written(String name) {
        return spec().argumentIndex(name) < args().size();
    }

    /** The argument called {@code name} as an int ({@link ArgValues#toInt}). */
    default int intArg(String name) {
        return ArgValues.toInt(arg(name));
    }

    /** The argument called {@code name} as a double ({@link ArgValues#toDouble}). */
    default double floatArg(String name) {
        return ArgValues.toDouble(arg(name));
    }

    /** The Python truthiness of the argument called {@code name}, as {@code if shortcut:} sees it. */
    default boolean boolArg(String name) {
        return ArgValues.truthy(arg(name));
    }

    /**
     * Output channels of each input, as Ultralytics' {@code ch} list records them. One element
     * for a single {@code from}.
     */
    List<Integer> inputChannels();

    /** The repeat count after depth scaling (Ultralytics' {@code n}). */
    int repeats();

    /** The scale's width multiple (1 without a {@code scales} table). */
    double width();

    /** The scale's depth multiple (1 without a {@code scales} table). */
    double depth();

    /** {@code max_channels} of the scale, or infinity without a {@code scales} table. */
    double maxChannels();

    /** The scale letter in use ("" when none). */
    String scale();

    /**
     * The {@code scale} value Ultralytics' {@code parse_model} holds, which C3k2 and A2C2f rows test
     * with {@code scale in "mlx"}: the scale in use, or, for a file without a {@code scales} table,
     * the letter guessed from the file name (often "", but {@code yolo11n-custom.yaml} gives "n").
     */
    default String parserScale() {
        return scale();
    }

    /** The model's {@code nc}, when it has one. */
    Optional<Integer> nc();

    /** The {@code reg_max} key (default 16). */
    int regMax();

    /** The {@code end2end} key (default None). */
    Value end2end();

    /** Ultralytics' {@code legacy} flag as of this row (true until a C3k2/A2C2f/C2fCIB row). */
    boolean legacy();

    /** Called by modules that clear Ultralytics' {@code legacy} flag. */
    void clearLegacy();

    /** Whether the {@code activation} key replaced Conv's default activation. */
    Optional<String> defaultActivation();

    /** The whole row. */
    Span rowSpan();

    /** The module name of the row. */
    Span moduleSpan();

    /**
     * The argument called {@code name} as the row wrote it, or the whole argument list when the row
     * left it to its default.
     *
     * @throws IllegalStateException when the signature has no such argument
     */
    Span argSpan(String name);

    /** The row's {@code from} field. */
    Span fromSpan();

    /** Where problems go. */
    Diagnostics diagnostics();

    /** Starts a report at {@code span}; see {@link Diagnostics#report}. */
    default Diagnostics.Report report(DiagCode code, Span span, String message) {
        return diagnostics().report(code, span, message);
    }

    /**
     * Ultralytics' width scaling of a declared channel count:
     * {@code make_divisible(min(c, max_channels) * width, 8)}.
     */
    default int scaleChannels(int declared) {
        return dev.yamlnet.core.ShapeMath.makeDivisible(Math.min(declared, maxChannels()) * width(), 8);
    }
}
