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
    int layerIndex();

    /** The layers the inputs come from, in input order (absolute indices; -1 is the image). */
    List<Integer> inputLayers();

    /** Image height and width of this pass. */
    long imageHeight();

    long imageWidth();

    /** Spans: the whole row, the module name, the args list and the i-th YAML argument. */
    Span rowSpan();

    Span moduleSpan();

    Span argSpan(int yamlArgIndex);

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

    default Diagnostics.Report report(DiagCode code, Span span, String message) {
        return diagnostics().report(code, span, message);
    }
}
