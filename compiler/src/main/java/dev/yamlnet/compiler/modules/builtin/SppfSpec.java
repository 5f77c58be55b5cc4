package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code SPPF}: spatial pyramid pooling, fast. {@code cv1} (1x1, linear since Ultralytics 8.4)
 * halves the input channels to {@code c_ = c1 // 2}, {@code n} chained k x k max-pools (stride 1,
 * padding k // 2) add {@code n} maps, and {@code cv2} (1x1) fuses the {@code (n + 1) c_}
 * channels. The spatial size is kept, which needs an odd {@code k}.
 */
public final class SppfSpec extends BaseModuleSpec {
    /** The spec. */
    public SppfSpec() {
        super(
                "SPPF",
                "ultralytics.nn.modules.block.SPPF",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("k", ArgType.INT, integer(5), "max-pool kernel size (odd)"),
                        optional("n", ArgType.INT, integer(3), "number of chained max-pools"),
                        optional(
                                "shortcut",
                                ArgType.BOOL,
                                bool(false),
                                "add the input to the output when channels match")),
                "Spatial pyramid pooling (fast): a 1x1 convolution, n chained max-pools of the same kernel, "
                        + "and a 1x1 convolution over the concatenation. Keeps the spatial size.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")
                || !requireWindow(ctx, "k", "kernel size")
                || !requireWindow(ctx, "n", "n")) {
            return null;
        }
        int k = ctx.intArg("k");
        if (k % 2 == 0) {
            ctx.report(DiagCode.E0404, ctx.argSpan("k"), "SPPF's kernel size must be odd, got " + k)
                    .label("an even kernel with padding k // 2 grows the map by one pixel per pool")
                    .hint("use 5 (the standard) or another odd size")
                    .emit();
            return null;
        }
        int n = ctx.intArg("n");
        int c = c1 / 2;
        if (c < 1) {
            ctx.report(DiagCode.E0503, ctx.fromSpan(), "SPPF needs at least 2 input channels, got " + c1)
                    .emit();
            return null;
        }
        List<ConvPart> convs = List.of(ConvPart.of(c1, c, 1, 1, 1, false), ConvPart.of(c * (n + 1), c2, 1, 1));
        boolean shortcut = ctx.boolArg("shortcut");
        DefaultActivation act = DefaultActivation.of(ctx);
        // one extra leaf: the max-pool, run n times
        ModuleInstance one = new SameSizeInstance(injectedArgs(ctx, c1, c2, false), c2, convs, "SPPF", 1, List.of()) {
            /** {@code sppf(c1, c2, k, n, shortcut)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(blocks, () -> blocks.sppf(c1, c2, k, n, shortcut));
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }
}
