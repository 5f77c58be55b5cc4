package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.required;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code C1}: CSP bottleneck with one convolution: {@code cv1} (1x1, {@code c1 -> c2}), then
 * {@code n} 3x3 convolutions with a residual around them. Spatial size is kept.
 */
public final class C1Spec extends BaseModuleSpec {
    /** The spec. */
    public C1Spec() {
        super(
                "C1",
                "ultralytics.nn.modules.block.C1",
                InputArity.ONE,
                List.of(required("c2", ArgType.INT, "output channels, scaled by the model's width")),
                "CSP bottleneck with one convolution: a 1x1 conv, then n 3x3 convs added back to it. "
                        + "The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")) {
            return null;
        }
        List<ConvPart> convs = new ArrayList<>(List.of(ConvPart.of(c1, c2, 1, 1)));
        for (int i = 0; i < ctx.repeats(); i++) {
            convs.add(ConvPart.of(c2, c2, 3, 1));
        }
        int n = ctx.repeats();
        DefaultActivation act = DefaultActivation.of(ctx);
        return new SameSizeInstance(injectedArgs(ctx, c1, c2, true), c2, convs, name()) {
            /** {@code c1(c1, c2, n)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(blocks, () -> blocks.c1(c1, c2, n));
            }
        };
    }
}
