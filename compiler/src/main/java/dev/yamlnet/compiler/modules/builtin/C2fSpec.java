package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireGroups;
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
 * {@code C2f}: YOLOv8's CSP block with two convolutions. {@code cv1} (1x1) doubles to {@code 2c}
 * channels ({@code c = int(c2 * e)}), the second half runs through {@code n} bottlenecks (two 3x3
 * convolutions each, residual when {@code shortcut}), and {@code cv2} (1x1) fuses all
 * {@code (2 + n) c} channels. Spatial size is kept.
 */
public final class C2fSpec extends BaseModuleSpec {
    /** The spec. */
    public C2fSpec() {
        super(
                "C2f",
                "ultralytics.nn.modules.block.C2f",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("shortcut", ArgType.BOOL, bool(false), "residual connections in the bottlenecks"),
                        optional("g", ArgType.INT, integer(1), "groups of the bottlenecks' second convolution"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c2 * e)")),
                "CSP bottleneck with two convolutions (YOLOv8). Splits cv1's output in two halves, runs n bottlenecks "
                        + "on the second, concatenates every intermediate result and fuses them with cv2. "
                        + "The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        return bindCsp(ctx, "C2f", true);
    }

    /**
     * The binding shared by C2 and C2f (same arguments {@code [c2, shortcut, g, e]}, same parts):
     * {@code cv1} makes {@code 2c} channels, {@code n} bottlenecks of two 3x3 convolutions run on
     * {@code c} of them, and {@code cv2} fuses either the two halves (C2) or the two halves plus
     * every bottleneck's output (C2f, {@code concatEvery}).
     */
    static ModuleInstance bindCsp(BindContext ctx, String module, boolean concatEvery) {
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
        int g = ctx.intArg("g");
        if (c < 1) {
            ctx.report(DiagCode.E0404, ctx.argSpan("e"), "hidden width int(" + c2 + " * e) is 0")
                    .hint("use a larger e")
                    .emit();
            return null;
        }
        if (!requireGroups(ctx, "g", c, c, g)) {
            return null;
        }
        List<ConvPart> convs = new ArrayList<>();
        convs.add(ConvPart.of(c1, 2 * c, 1, 1));
        convs.add(ConvPart.of((concatEvery ? 2 + n : 2) * c, c2, 1, 1));
        for (int i = 0; i < n; i++) {
            convs.add(ConvPart.of(c, c, 3, 1));
            convs.add(ConvPart.of(c, c, 3, 1, g, true));
        }
        boolean shortcut = ctx.boolArg("shortcut");
        DefaultActivation act = DefaultActivation.of(ctx);
        return new SameSizeInstance(injectedArgs(ctx, c1, c2, true), c2, convs, module) {
            /** {@code c2f(c1, c2, n, shortcut, g, e)} or {@code c2(...)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(
                        blocks,
                        () -> concatEvery
                                ? blocks.c2f(c1, c2, n, shortcut, g, e)
                                : blocks.c2(c1, c2, n, shortcut, g, e));
            }
        };
    }
}
