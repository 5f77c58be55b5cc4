package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.parts.AttentionPart;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.modules.parts.InnerBlocks;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code C3k2}: YOLO11's C2f variant. Same outer convolutions as C2f ({@code cv1} to {@code 2c},
 * {@code c = int(c2 * e)}; {@code cv2} from {@code (2 + n) c}), with one of three inner blocks:
 * a bottleneck (two 3x3 convs, hidden {@code c // 2}), a {@code C3k} when {@code c3k}, or a
 * bottleneck followed by a {@code PSABlock} when {@code attn} (YOLO26).
 *
 * <p>Parser side effects, exactly as Ultralytics 8.4.117's {@code parse_model} has them: the row
 * clears the model's {@code legacy} flag (so Detect heads use the depthwise class
 * branch), and when the scale is a substring of {@code "mlx"} (m, l, x, and also an empty scale;
 * without a scales table it is the letter guessed from the file name, see {@link BindContext#parserScale()})
 * the {@code c3k} argument is overwritten with {@code True}. Ultralytics assigns it by index, so a
 * row that does not write {@code c3k} fails there with an {@code IndexError}; yamlnet reports it.
 */
public final class C3k2Spec extends BaseModuleSpec {
    /** The spec. */
    public C3k2Spec() {
        super(
                "C3k2",
                "ultralytics.nn.modules.block.C3k2",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional(
                                "c3k",
                                ArgType.BOOL,
                                bool(false),
                                "use C3k inner blocks; forced to True at scales m, l and x"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c2 * e)"),
                        optional(
                                "attn",
                                ArgType.BOOL,
                                bool(false),
                                "inner blocks are a bottleneck plus a PSABlock (attention)"),
                        optional("g", ArgType.INT, integer(1), "groups of the inner bottlenecks' second convolution"),
                        optional("shortcut", ArgType.BOOL, bool(true), "residual connections in the inner blocks")),
                "CSP bottleneck with two convolutions and configurable inner blocks (YOLO11): plain bottlenecks, C3k blocks "
                        + "(c3k, forced at scales m/l/x) or bottleneck + PSA attention (attn). The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        ctx.clearLegacy();
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")
                || !requirePositive(ctx, "e", "e")
                || !requirePositive(ctx, "g", "groups")) {
            return null;
        }
        List<Value> args = injectedArgs(ctx, c1, c2, true);
        boolean c3k = ctx.boolArg("c3k");
        String scale = ctx.parserScale();
        if ("mlx".contains(scale)) {
            if (!ctx.written("c3k")) {
                String which = scale.isEmpty() ? "without a scale" : "at scale '" + scale + "'";
                ctx.report(DiagCode.E0402, ctx.argSpan("c2"), "C3k2 " + which + " needs its c3k argument written out")
                        .label(
                                "Ultralytics sets args[3] (c3k) to True here and fails with IndexError when the row omits it")
                        .note("the rule is `scale in \"mlx\"`, true for m, l, x and for an empty scale")
                        .hint("write the c3k argument, e.g. [" + ctx.intArg("c2") + ", False] (it is replaced by True)")
                        .emit();
                return null;
            }
            args.set(3, bool(true));
            c3k = true;
        }
        int c = CspChecks.hidden(ctx, name(), c2, "e");
        if (c < 0) {
            return null;
        }
        int g = ctx.intArg("g");
        boolean attn = ctx.boolArg("attn");
        int n = ctx.repeats();
        // Bottleneck(c, c, shortcut, g) (e=0.5) and C3k(c, c, 2, shortcut, g) (c_ = int(c * 0.5)) both work on c // 2
        int hidden = c / 2;
        if (hidden < 1) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("c2"),
                            "C3k2's inner width is " + hidden + " (c = int(" + c2 + " * e) = " + c
                                    + ", halved by its inner blocks)")
                    .hint("use more output channels or a larger e")
                    .emit();
            return null;
        }
        if (!CspChecks.groupsDivide(ctx, name(), "g", g, hidden) || !CspChecks.groupsDivide(ctx, name(), "g", g, c)) {
            return null;
        }
        List<ConvPart> convs =
                new ArrayList<>(List.of(ConvPart.of(c1, 2 * c, 1, 1), ConvPart.of((2 + n) * c, c2, 1, 1)));
        List<AttentionPart> attentions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (attn) {
                int heads = Math.max(c / 64, 1);
                if (c % heads != 0) {
                    reportHeads(ctx, c, heads);
                    return null;
                }
                AttentionPart a = AttentionPart.of(c, heads, 0.5);
                convs.addAll(InnerBlocks.bottleneck(c, c, g, new int[] {3, 3}, new int[] {3, 3}, 0.5));
                convs.addAll(AttentionPart.psaBlockConvs(a));
                attentions.add(a);
            } else if (c3k) {
                convs.addAll(InnerBlocks.c3k(c, c, 2, g, 3));
            } else {
                convs.addAll(InnerBlocks.bottleneck(c, c, g, new int[] {3, 3}, new int[] {3, 3}, 0.5));
            }
        }
        boolean innerC3k = c3k;
        double e = ctx.floatArg("e");
        boolean shortcut = ctx.boolArg("shortcut");
        DefaultActivation act = DefaultActivation.of(ctx);
        return new SameSizeInstance(args, c2, convs, name(), 0, attentions) {
            /** {@code c3k2(c1, c2, n, c3k, e, attn, g, shortcut)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(blocks, () -> blocks.c3k2(c1, c2, n, innerC3k, e, attn, g, shortcut));
            }
        };
    }

    /** The attention's heads must split its width evenly (its forward reshapes by them). */
    static void reportHeads(BindContext ctx, int c, int heads) {
        ctx.report(
                        DiagCode.E0503,
                        ctx.argSpan("c2"),
                        "attention width " + c + " is not divisible by its " + heads + " heads")
                .label("Ultralytics uses max(c // 64, 1) heads; the forward pass cannot split " + c
                        + " channels evenly")
                .hint("make the hidden width a multiple of 64, or smaller than 128")
                .emit();
    }
}
