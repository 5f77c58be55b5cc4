package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.MAX_WINDOW;
import static dev.yamlnet.compiler.modules.ArgChecks.requireGroups;
import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;
import static dev.yamlnet.compiler.modules.ArgValues.pair;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.parts.InnerBlocks;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code Bottleneck}: {@code Conv(c1, c_, k[0])} then {@code Conv(c_, c2, k[1], g=g)} with
 * {@code c_ = int(c2 * e)}, plus the input when {@code shortcut} and {@code c1 == c2}. Used
 * directly by YOLOv3 files; not a repeat module (repeats build copies). Kernels must be odd so
 * that the "same" padding keeps the size.
 */
public final class BottleneckSpec extends BaseModuleSpec {
    /** The spec. */
    public BottleneckSpec() {
        super(
                "Bottleneck",
                "ultralytics.nn.modules.block.Bottleneck",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional(
                                "shortcut",
                                ArgType.BOOL,
                                bool(true),
                                "add the input when input and output channels match"),
                        optional("g", ArgType.INT, integer(1), "groups of the second convolution"),
                        optional(
                                "k",
                                ArgType.ANY,
                                list(List.of(integer(3), integer(3))),
                                "kernels of the two convolutions: [k1, k2], each a number or [h, w]"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c_ = int(c2 * e)")),
                "Standard residual bottleneck: two convolutions (3x3 by default), with the input added back when "
                        + "shortcut is set and channels match.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")
                || !requirePositive(ctx, "g", "groups")
                || !requirePositive(ctx, "e", "e")) {
            return null;
        }
        int[][] k = kernels(ctx.arg("k"));
        if (k == null) {
            ctx.report(
                            DiagCode.E0403,
                            ctx.argSpan("k"),
                            "Bottleneck's k must be two kernel sizes [k1, k2], got " + PyRepr.repr(ctx.arg("k")))
                    .hint("e.g. [3, 3], or [[1, 3], [3, 1]] for rectangular kernels")
                    .emit();
            return null;
        }
        for (int[] kk : k) {
            if (kk[0] < 1 || kk[1] < 1 || kk[0] % 2 == 0 || kk[1] % 2 == 0 || Math.max(kk[0], kk[1]) > MAX_WINDOW) {
                ctx.report(
                                DiagCode.E0404,
                                ctx.argSpan("k"),
                                "Bottleneck's kernel sizes must be odd numbers from 1 to " + MAX_WINDOW + ", got "
                                        + PyRepr.repr(ctx.arg("k")))
                        .label("an even kernel with padding k // 2 changes the map size")
                        .hint("use odd sizes such as 1 or 3")
                        .emit();
                return null;
            }
        }
        int c = CspChecks.hidden(ctx, name(), c2, "e");
        int g = ctx.intArg("g");
        if (c < 0 || !requireGroups(ctx, "g", c, c2, g)) {
            return null;
        }
        boolean shortcut = ctx.boolArg("shortcut");
        double e = ctx.floatArg("e");
        DefaultActivation act = DefaultActivation.of(ctx);
        ModuleInstance one =
                new SameSizeInstance(
                        injectedArgs(ctx, c1, c2, false),
                        c2,
                        InnerBlocks.bottleneck(c1, c2, g, k[0], k[1], e),
                        name()) {
                    /** {@code bottleneck(c1, c2, shortcut, g, k1h, k1w, k2h, k2w, e)}. */
                    @Override
                    public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                        return act.finish(
                                blocks,
                                () -> blocks.bottleneck(c1, c2, shortcut, g, k[0][0], k[0][1], k[1][0], k[1][1], e));
                    }
                };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    /** {@code [k1, k2]} with each an int or an {@code [h, w]} pair, or null. */
    private static int[][] kernels(Value v) {
        if (!(v instanceof Value.Seq s) || s.items().size() != 2) {
            return null;
        }
        int[][] out = new int[2][];
        for (int i = 0; i < 2; i++) {
            Value item = s.items().get(i);
            boolean ok = item instanceof Value.Int
                    || item instanceof Value.Seq p
                            && p.items().size() == 2
                            && p.items().stream().allMatch(x -> x instanceof Value.Int);
            if (!ok) {
                return null;
            }
            out[i] = pair(item);
        }
        return out;
    }
}
