package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.Linear;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code AIFI}: RT-DETR's attention-based intra-scale feature interaction, one post-norm transformer
 * encoder layer over the {@code H W} positions of a map: multi-head self-attention whose queries and
 * keys carry a fixed 2-D sine-cosine position embedding, then a GELU feed-forward of width {@code cm};
 * output the same shape as the input. The embedding splits the channels in four (sin/cos of x and y),
 * so {@code c1} must be divisible by 4 (Ultralytics only fails at the first forward pass), and by the
 * number of heads. Ultralytics does not record an output width for this row (the previous row's stays).
 */
public final class AifiSpec extends BaseModuleSpec {
    /** The spec. */
    public AifiSpec() {
        super(
                "AIFI",
                "ultralytics.nn.modules.transformer.AIFI",
                InputArity.ONE,
                List.of(
                        optional("cm", ArgType.INT, integer(2048), "feed-forward width"),
                        optional("num_heads", ArgType.INT, integer(8), "attention heads"),
                        optional("dropout", ArgType.FLOAT, floating(0.0), "dropout (inactive at inference)"),
                        optional(
                                "act",
                                ArgType.ANY,
                                none(),
                                "feed-forward activation module (default: its own nn.GELU())"),
                        optional("normalize_before", ArgType.BOOL, bool(false), "pre-norm instead of post-norm")),
                "Transformer encoder layer over a feature map (RT-DETR): self-attention with a 2-D sine-cosine position "
                        + "embedding and a GELU feed-forward. Input channels must be divisible by 4 and by the heads.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        if (!requirePositive(ctx, "cm", "feed-forward width") || !requirePositive(ctx, "num_heads", "heads")) {
            return null;
        }
        int c1 = ctx.inputChannels().get(0);
        int cm = ctx.intArg("cm");
        int heads = ctx.intArg("num_heads");
        if (c1 % 4 != 0) {
            ctx.report(
                            DiagCode.E0510,
                            ctx.moduleSpan(),
                            "AIFI's 2-D sine-cosine position embedding needs input channels divisible by 4, its input has "
                                    + c1)
                    .label("Ultralytics builds this layer and fails at the first forward pass")
                    .hint("give its input layer a multiple of 4 channels, e.g. " + (c1 / 4 + 1) * 4)
                    .emit();
            return null;
        }
        if (c1 % heads != 0) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.written("num_heads") ? ctx.argSpan("num_heads") : ctx.moduleSpan(),
                            "AIFI's " + heads + " attention heads must divide its " + c1 + " input channels")
                    .hint("choose a number of heads that divides " + c1)
                    .emit();
            return null;
        }
        List<Value> args = new ArrayList<>(List.of(integer(c1)));
        args.addAll(ctx.args());
        Linear fc1 = Linear.of(c1, cm);
        Linear fc2 = Linear.of(cm, c1);
        long params =
                Linear.multiheadAttentionParams(c1) + fc1.params() + fc2.params() + 2 * Linear.layerNormParams(c1);
        // out_proj, fc1, fc2, norm1, norm2, three dropouts and its own GELU
        int leaves = 9;
        boolean runnable = !ctx.written("act") && !ctx.boolArg("normalize_before");
        return new FixedInstance(
                args,
                OptionalInt.empty(),
                params,
                leaves,
                Set.of(),
                2,
                FlopTraits.MULTIHEAD_ATTENTION.or(FlopTraits.LINEAR_OR_ADAPTIVE_POOL)) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "AIFI");
                return in == null ? Shape.UNKNOWN : in;
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                long tokens = in.height() * in.width();
                // nn.MultiheadAttention counts nothing on torch 1.13: see multiheadAttentionMacs
                return fc1.macs(tokens) + fc2.macs(tokens) + 2 * Thop.norm(tokens * c1);
            }

            @Override
            public long multiheadAttentionMacs(List<Shape> inputs, Shape output) {
                Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                long tokens = in.height() * in.width();
                return Linear.multiheadAttentionMacsTorch2(tokens, tokens, c1, heads);
            }

            /** {@code aifi(c1, cm, heads)}; none with another activation or pre-norm. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return runnable ? Optional.of(blocks.aifi(c1, cm, heads)) : Optional.empty();
            }
        };
    }
}
