package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.Span;
import java.util.List;

/**
 * What a module needs to know while computing its output: where its row is (to report problems),
 * which layers feed it, and the image size of this pass. The GFLOPs counter runs passes at other
 * sizes with {@link #probing()} set; reports are then collected but not shown.
 */
public interface ShapeContext {
    /** The layer's index. */
    int layerIndex();

    /** The layers the inputs come from, in input order (absolute indices; -1 is the image). */
    List<Integer> inputLayers();

    /** Image height of this pass. */
    long imageHeight();

    /** Image width of this pass. */
    long imageWidth();

    /** The whole row. */
    Span rowSpan();

    /** The module name of the row. */
    Span moduleSpan();

    /**
     * The argument called {@code name} (a name of the module's signature) as the row wrote it, or
     * the whole argument list when the row left it to its default.
     *
     * @throws IllegalStateException when the module's signature has no such argument
     */
    Span argSpan(String name);

    /** The row's {@code from} field. */
    Span fromSpan();

    /** The row of another layer, for notes that point at it. */
    default Span layerSpan(int index) {
        return Span.NONE;
    }

    /** Where problems go. */
    Diagnostics diagnostics();

    /** True for the GFLOPs counter's extra passes. */
    boolean probing();

    /**
     * True for yamlnet's own cost estimate where Ultralytics' counter fails: constraints that only
     * a real forward pass enforces (BoT3's position tables) are not applied, everything is counted.
     */
    default boolean estimating() {
        return false;
    }

    /** Starts a report at {@code span}; see {@link Diagnostics#report}. */
    default Diagnostics.Report report(DiagCode code, Span span, String message) {
        return diagnostics().report(code, span, message);
    }
}
