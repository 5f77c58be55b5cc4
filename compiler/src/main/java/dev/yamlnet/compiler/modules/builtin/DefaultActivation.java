package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.core.Activation;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The model's Conv default activation, as the runtime blocks take it. Conv's default is SiLU; a
 * model whose {@code activation} key replaces it (e.g. {@code nn.ReLU()} in YOLOv6) gets the blocks
 * of its layers with Convs wrapped in {@link BlockFactory#withActivation}, which sets that activation
 * in every Conv of the block that uses the default. An activation the runtime cannot run gives no
 * block, so the back ends report it instead of silently running the wrong one.
 */
final class DefaultActivation {
    /** SiLU: blocks stay unwrapped. */
    private static final DefaultActivation SILU = new DefaultActivation(true, null);
    /** An activation the runtime has no implementation of: no block. */
    private static final DefaultActivation UNSUPPORTED = new DefaultActivation(false, null);

    private final boolean supported;
    /** The replacement, or null for SiLU (or unsupported). */
    private final Activation replacement;

    private DefaultActivation(boolean supported, Activation replacement) {
        this.supported = supported;
        this.replacement = replacement;
    }

    /** This row's model's default activation (the {@code activation} key, SiLU without one). */
    static DefaultActivation of(BindContext ctx) {
        if (ctx.defaultActivation().isEmpty()) {
            return SILU;
        }
        try {
            Activation a = Activation.parse(ctx.defaultActivation().get().trim());
            return a.equals(Activation.SILU) ? SILU : new DefaultActivation(true, a);
        } catch (IllegalArgumentException e) {
            return UNSUPPORTED;
        }
    }

    /** Whether the runtime can run this activation. */
    boolean supported() {
        return supported;
    }

    /**
     * The block {@code block} makes, finished for this activation: unchanged for SiLU, wrapped in
     * {@link BlockFactory#withActivation} for another supported one, empty (nothing made) for an
     * unsupported one.
     */
    <B> Optional<B> finish(BlockFactory<B> blocks, Supplier<B> block) {
        if (!supported) {
            return Optional.empty();
        }
        return Optional.of(replacement == null ? block.get() : blocks.withActivation(replacement, block));
    }
}
