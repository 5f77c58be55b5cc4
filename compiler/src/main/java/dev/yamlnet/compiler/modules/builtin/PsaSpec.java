package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.floating;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.parts.AttentionPart;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code PSA}: YOLOv10's position-sensitive attention block, C2PSA with exactly one attention
 * block held directly ({@code attn}, {@code ffn}) instead of in a sequence: {@code cv1} (1x1) to
 * {@code 2c} channels ({@code c = int(c1 * e)}), attention ({@code max(c // 64, 1)} heads) and a
 * feed-forward pair with residuals on one half, {@code cv2} (1x1) back to {@code c1}. Ultralytics
 * asserts {@code c1 == c2} when it builds the model; the repeats are not its own (n copies chained).
 */
public final class PsaSpec extends BaseModuleSpec {
    /** The spec. */
    public PsaSpec() {
        super(
                "PSA",
                "ultralytics.nn.modules.block.PSA",
                InputArity.ONE,
                List.of(
                        required(
                                "c2",
                                ArgType.INT,
                                "output channels, scaled by the model's width; must equal the input channels"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c1 * e)")),
                "Position-sensitive attention (YOLOv10): self-attention plus a feed-forward pair, each with a "
                        + "residual, on half of cv1's output, fused back by cv2. Input and output channels must be "
                        + "equal.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels") || !requirePositive(ctx, "e", "e")) {
            return null;
        }
        if (c1 != c2) {
            ctx.report(
                            DiagCode.E0508,
                            ctx.argSpan("c2"),
                            "PSA needs as many output channels as input channels, got " + c1 + " in and " + c2 + " out")
                    .label(
                            c2 == ctx.intArg("c2")
                                    ? "declared " + c2
                                    : "declared " + ctx.intArg("c2") + ", " + c2 + " after width scaling")
                    .hint("give PSA the same channels as the layer before it (Ultralytics asserts c1 == c2)")
                    .emit();
            return null;
        }
        int c = CspChecks.hidden(ctx, name(), c1, "e");
        if (c < 0) {
            return null;
        }
        int heads = Math.max(c / 64, 1);
        if (c % heads != 0) {
            C3k2Spec.reportHeads(ctx, c, heads);
            return null;
        }
        AttentionPart a = AttentionPart.of(c, heads, 0.5);
        List<ConvPart> convs = new ArrayList<>(List.of(ConvPart.of(c1, 2 * c, 1, 1), ConvPart.of(2 * c, c1, 1, 1)));
        convs.addAll(AttentionPart.psaBlockConvs(a));
        double e = ctx.floatArg("e");
        DefaultActivation act = DefaultActivation.of(ctx);
        ModuleInstance one = new SameSizeInstance(injectedArgs(ctx, c1, c2, false), c2, convs, name(), 0, List.of(a)) {
            /** {@code psa(c1, c2, e)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(blocks, () -> blocks.psa(c1, c2, e));
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }
}
