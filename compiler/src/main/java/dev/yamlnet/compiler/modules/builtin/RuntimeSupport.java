package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.BindContext;

/**
 * What the runtime blocks can run, as far as bind-time settings are concerned. The blocks implement
 * Conv's default activation as SiLU only; a model whose {@code activation} key replaces it (e.g.
 * {@code nn.ReLU()} in YOLOv6) gets no recipes, so the DJL back end reports it instead of silently
 * running the wrong activation.
 */
final class RuntimeSupport {
    private RuntimeSupport() {}

    /** Whether Conv's default activation in this model is SiLU (the default, or written out). */
    static boolean defaultActivationIsSilu(BindContext ctx) {
        return ctx.defaultActivation().map(a -> a.replace(" ", "")).map(a -> a.equals("nn.SiLU()") || a.equals("torch.nn.SiLU()")
                || a.equals("nn.SiLU(inplace=True)")).orElse(true);
    }
}
