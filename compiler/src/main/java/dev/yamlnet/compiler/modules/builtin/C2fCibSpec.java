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
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code C2fCIB}: YOLOv10's C2f whose bottlenecks are compact inverted blocks ({@code CIB(c, c,
 * shortcut, e=1.0, lk)}, {@code c = int(c2 * e)}): depthwise 3x3, pointwise to {@code 2c}, a depthwise
 * mixer (3x3 Conv, or with {@code lk} a RepVGGDW: linear 7x7 and 3x3 depthwise convolutions summed
 * and passed through its own SiLU), pointwise back to {@code c}, depthwise 3x3. Like C3k2 it makes
 * the parser drop its {@code legacy} flag.
 */
public final class C2fCibSpec extends BaseModuleSpec {
    /** The spec. */
    public C2fCibSpec() {
        super(
                "C2fCIB",
                "ultralytics.nn.modules.block.C2fCIB",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("shortcut", ArgType.BOOL, bool(false), "residual connections in the inner blocks"),
                        optional("lk", ArgType.BOOL, bool(false), "large-kernel mixer (RepVGGDW) in the inner blocks"),
                        optional(
                                "g", ArgType.INT, integer(1), "groups (unused by the inner blocks, as in Ultralytics)"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c2 * e)")),
                "C2f with compact inverted blocks (YOLOv10): n CIBs (depthwise and pointwise convolutions, "
                        + "optionally a 7x7 large-kernel mixer) on the second half of cv1's output. The row's repeats "
                        + "are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        ctx.clearLegacy();
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")
                || !requirePositive(ctx, "g", "groups")
                || !requirePositive(ctx, "e", "e")) {
            return null;
        }
        int n = ctx.repeats();
        double e = ctx.floatArg("e");
        int c = (int) (c2 * e);
        if (c < 1) {
            ctx.report(DiagCode.E0404, ctx.argSpan("e"), "hidden width int(" + c2 + " * e) is 0")
                    .hint("use a larger e")
                    .emit();
            return null;
        }
        boolean shortcut = ctx.boolArg("shortcut");
        boolean lk = ctx.boolArg("lk");
        int g = ctx.intArg("g");
        List<ConvPart> convs = new ArrayList<>();
        convs.add(ConvPart.of(c1, 2 * c, 1, 1));
        convs.add(ConvPart.of((2 + n) * c, c2, 1, 1));
        for (int i = 0; i < n; i++) {
            convs.addAll(cib(c, c, lk));
        }
        // each RepVGGDW holds its own SiLU module
        int extraLeaves = lk ? n : 0;
        DefaultActivation act = DefaultActivation.of(ctx);
        return new SameSizeInstance(injectedArgs(ctx, c1, c2, true), c2, convs, name(), extraLeaves, List.of()) {
            /** {@code c2fCib(c1, c2, n, shortcut, lk, g, e)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(blocks, () -> blocks.c2fCib(c1, c2, n, shortcut, lk, g, e));
            }
        };
    }

    /** {@code CIB(c1, c2, shortcut, e=1.0, lk)}'s convolutions ({@code c_ = c2}). */
    static List<ConvPart> cib(int c1, int c2, boolean lk) {
        int h = 2 * c2;
        List<ConvPart> out = new ArrayList<>();
        out.add(ConvPart.of(c1, c1, 3, 1, c1, true));
        out.add(ConvPart.of(c1, h, 1, 1));
        if (lk) {
            out.add(ConvPart.of(h, h, 7, 1, h, false));
            out.add(ConvPart.of(h, h, 3, 1, h, false));
        } else {
            out.add(ConvPart.of(h, h, 3, 1, h, true));
        }
        out.add(ConvPart.of(h, c2, 1, 1));
        out.add(ConvPart.of(c2, c2, 3, 1, c2, true));
        return out;
    }
}
