package dev.yamlnet.compiler.backend;

import dev.yamlnet.compiler.backend.java.JavaBlocks;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime block of every layer of a compiled model, made by a back end's
 * {@link BlockFactory}, and the one place that decides which layers have none. Every back end
 * (building blocks in memory, printing a Java class) needs all of a model's blocks or nothing, and
 * reports the missing ones the same way: a {@link ModelLoadException} whose message names every
 * such layer and whose diagnostics (E0901) point at their rows.
 */
public final class LayerBlocks {
    private LayerBlocks() {}

    /**
     * A layer whose module has no runtime block for its arguments.
     *
     * @param layer the layer, with its index, module and row
     */
    public record Missing(LayerIr layer) {
        /** {@code layer 22 (OBB)}. */
        public String text() {
            return "layer " + layer.index() + " (" + layer.module() + ")";
        }
    }

    /**
     * The blocks of every layer as {@code blocks} makes them, in order (empty entries for modules
     * without a runtime block).
     *
     * @param <B> what the factory makes of a block
     */
    public static <B> List<Optional<B>> of(ModelIr model, BlockFactory<B> blocks) {
        return model.layers().stream()
                .map(l -> l.instance().block(blocks, l.inputShapes()))
                .toList();
    }

    /**
     * The layers without a runtime block, in order; empty when the whole model can be built. Asks the
     * Java back end's factory, which only prints the calls, so nothing is built.
     */
    public static List<Missing> missing(ModelIr model) {
        return missing(model, of(model, JavaBlocks.INSTANCE));
    }

    private static <B> List<Missing> missing(ModelIr model, List<Optional<B>> blocks) {
        List<Missing> out = new ArrayList<>();
        for (LayerIr l : model.layers()) {
            if (blocks.get(l.index()).isEmpty()) {
                out.add(new Missing(l));
            }
        }
        return out;
    }

    /**
     * Every layer's block as {@code blocks} makes it, or an exception naming every layer that has none.
     *
     * @param <B> what the factory makes of a block
     * @param purpose what the model cannot be, ending the message: {@code "run"}, {@code "generated"}
     * @throws ModelLoadException when a layer has no block; its message reads {@code the DJL runtime has
     *     no block yet for layer 2 (OBB); such models can be validated and summarised but not run} and its
     *     diagnostics hold one E0901 per such layer, at the layer's row
     */
    public static <B> List<B> require(ModelIr model, BlockFactory<B> blocks, String purpose) throws ModelLoadException {
        List<Optional<B>> made = of(model, blocks);
        List<Missing> missing = missing(model, made);
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>();
            List<Diagnostic> diagnostics = new ArrayList<>();
            for (Missing m : missing) {
                LayerIr l = m.layer();
                names.add(m.text());
                diagnostics.add(Diagnostic.builder(
                                DiagCode.E0901,
                                l.span(),
                                "layer " + l.index() + ": the runtime has no block yet for " + l.module()
                                        + " as configured here")
                        .label(l.module() + " cannot be " + purpose + " yet")
                        .hint("docs/runtime.md lists the modules, arguments and activations the runtime builds; "
                                + "validate, summary and graph still work")
                        .build());
            }
            throw new ModelLoadException(
                    "the DJL runtime has no block yet for " + String.join(", ", names)
                            + "; such models can be validated and summarised but not " + purpose,
                    diagnostics);
        }
        return made.stream().map(Optional::orElseThrow).toList();
    }
}
