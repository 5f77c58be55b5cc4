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
 */
public interface BindContext {
    int layerIndex();

    /** The YAML arguments after resolution, as many as the row gave. */
    List<Value> args();

    /** The YAML argument at {@code i}, or the signature's default when the row gave fewer. */
    Value arg(int i);

    /**
     * Output channels of each input, as Ultralytics' {@code ch} list records them. One element
     * for a single {@code from}.
     */
    List<Integer> inputChannels();

    /** The repeat count after depth scaling (Ultralytics' {@code n}). */
    int repeats();

    double width();

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

    /** The {@code reg_max} key (default 16) and {@code end2end} key (default None). */
    int regMax();

    Value end2end();

    /** Ultralytics' {@code legacy} flag as of this row (true until a C3k2/A2C2f/C2fCIB row). */
    boolean legacy();

    /** Called by modules that clear Ultralytics' {@code legacy} flag. */
    void clearLegacy();

    /** Whether the {@code activation} key replaced Conv's default activation. */
    Optional<String> defaultActivation();

    Span rowSpan();

    Span moduleSpan();

    Span argSpan(int yamlArgIndex);

    Span fromSpan();

    Diagnostics diagnostics();

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
