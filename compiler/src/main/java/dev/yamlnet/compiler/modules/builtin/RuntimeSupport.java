package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.core.Activation;
import dev.yamlnet.core.recipe.BlockRecipe;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the runtime blocks can run, as far as bind-time settings are concerned. Conv's default
 * activation is SiLU; a model whose {@code activation} key replaces it (e.g. {@code nn.ReLU()} in
 * YOLOv6) gets its recipes wrapped in {@code Layers.withActivation(expr, () -> ...)}, which sets that
 * activation in every Conv of the block that uses the default. An activation the runtime cannot run
 * gives no recipe, so the DJL back end reports it instead of silently running the wrong one.
 */
final class RuntimeSupport {
    private RuntimeSupport() {}

    /**
     * How this model's recipes are finished: unchanged for SiLU, wrapped for another supported
     * activation, mapped to {@code null} (no runtime block) for an unsupported one.
     */
    static UnaryOperator<BlockRecipe> runtime(BindContext ctx) {
        Optional<Activation> act = activation(ctx);
        if (act == null) {
            return r -> null;
        }
        if (act.isEmpty()) {
            return r -> r;
        }
        String expr = act.get().toString();
        return r -> r == null ? null : BlockRecipe.layers("withActivation", expr, r);
    }

    /** {@code recipe} finished for this model (see {@link #runtime}); null stays null. */
    static BlockRecipe recipe(BindContext ctx, BlockRecipe recipe) {
        return recipe == null ? null : runtime(ctx).apply(recipe);
    }

    /** Whether the runtime can run this model's Conv default activation. */
    static boolean defaultActivationIsSupported(BindContext ctx) {
        return activation(ctx) != null;
    }

    /** Empty for SiLU (the default, or written out), the activation otherwise, null when the runtime has none. */
    private static Optional<Activation> activation(BindContext ctx) {
        if (ctx.defaultActivation().isEmpty()) {
            return Optional.empty();
        }
        try {
            Activation a = Activation.parse(ctx.defaultActivation().get().trim());
            return a.equals(Activation.SILU) ? Optional.empty() : Optional.of(a);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
