package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.SimpleInstance;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/** {@code nn.Identity}: returns its input unchanged; a placeholder layer (e.g. where a YAML disables a block). */
public final class IdentitySpec extends BaseModuleSpec {
    /** The spec. */
    public IdentitySpec() {
        super(
                "nn.Identity",
                "torch.nn.modules.linear.Identity",
                InputArity.ONE,
                List.of(),
                "PyTorch's Identity: passes its input through unchanged. No parameters, no cost.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        // n copies of an identity are still an identity; Ultralytics counts each copy as a leaf
        ModuleInstance one = new SimpleInstance(ctx.args(), ctx.inputChannels().get(0)) {
            /** {@code identity()}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return Optional.of(blocks.identity());
            }

            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                return inputs.get(0);
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }
}
