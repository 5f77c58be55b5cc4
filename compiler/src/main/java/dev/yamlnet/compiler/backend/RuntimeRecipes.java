package dev.yamlnet.compiler.backend;

import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.core.recipe.BlockRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime recipe of every layer of a compiled model, and the one place that decides which
 * layers have none. Both back ends (building blocks in memory, printing a Java class) need all of a
 * model's recipes or nothing, and report the missing ones the same way: a {@link ModelLoadException}
 * whose message names every such layer and whose diagnostics (E0901) point at their rows.
 */
public final class RuntimeRecipes {
    private RuntimeRecipes() {}

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

    /** The recipes of every layer, in order (empty entries for modules without a runtime block). */
    public static List<Optional<BlockRecipe>> of(ModelIr model) {
        return model.layers().stream().map(l -> l.instance().recipe(l.inputShapes())).toList();
    }

    /** The layers without a recipe, in order; empty when the whole model can be built. */
    public static List<Missing> missing(ModelIr model) {
        List<Optional<BlockRecipe>> recipes = of(model);
        List<Missing> out = new ArrayList<>();
        for (LayerIr l : model.layers()) {
            if (recipes.get(l.index()).isEmpty()) {
                out.add(new Missing(l));
            }
        }
        return out;
    }

    /**
     * Every layer's recipe, or an exception naming every layer that has none.
     *
     * @param purpose what the model cannot be, ending the message: {@code "run"}, {@code "generated"}
     * @throws ModelLoadException when a layer has no recipe; its message reads {@code the DJL runtime has
     *     no block yet for layer 2 (OBB); such models can be validated and summarised but not run} and its
     *     diagnostics hold one E0901 per such layer, at the layer's row
     */
    public static List<BlockRecipe> require(ModelIr model, String purpose) throws ModelLoadException {
        List<Optional<BlockRecipe>> recipes = of(model);
        List<String> names = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (LayerIr l : model.layers()) {
            if (recipes.get(l.index()).isEmpty()) {
                Missing m = new Missing(l);
                names.add(m.text());
                diagnostics.add(Diagnostic.builder(DiagCode.E0901, l.span(),
                                "layer " + l.index() + ": the runtime has no block yet for " + l.module() + " as configured here")
                        .label(l.module() + " cannot be " + purpose + " yet")
                        .hint("docs/runtime.md lists the modules, arguments and activations the runtime builds; "
                                + "validate, summary and graph still work")
                        .build());
            }
        }
        if (!names.isEmpty()) {
            throw new ModelLoadException("the DJL runtime has no block yet for " + String.join(", ", names)
                    + "; such models can be validated and summarised but not " + purpose, diagnostics);
        }
        return recipes.stream().map(Optional::orElseThrow).toList();
    }
}
