package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.pair;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.core.ShapeMath;
import java.math.BigInteger;
import java.util.List;

/**
 * {@code DWConv}: a Conv whose groups are {@code gcd(c1, c2)} (depthwise when the channel counts
 * are equal), with "same" padding. Counts like a Conv with those groups.
 */
public final class DwConvSpec extends BaseModuleSpec {
    /** The spec. */
    public DwConvSpec() {
        super(
                "DWConv",
                "ultralytics.nn.modules.conv.DWConv",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("k", ArgType.INT_OR_PAIR, integer(1), "kernel size"),
                        optional("s", ArgType.INT, integer(1), "stride"),
                        optional("d", ArgType.INT, integer(1), "dilation"),
                        optional(
                                "act",
                                ArgType.BOOL,
                                bool(true),
                                "True for the model's default activation (SiLU), False for none")),
                "Depth-wise convolution: a Conv with groups = gcd(input channels, output channels), then BatchNorm and "
                        + "the default activation.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = requirePositive(ctx, "c2", "output channels");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        ok &= requireWindow(ctx, "d", "dilation");
        if (!ok) {
            return null;
        }
        int g = BigInteger.valueOf(c1).gcd(BigInteger.valueOf(c2)).intValue();
        int[] k = pair(ctx.arg("k"));
        int d = ctx.intArg("d");
        ConvPart part = new ConvPart(
                c1,
                c2,
                k[0],
                k[1],
                ctx.intArg("s"),
                ShapeMath.autopad(k[0], d),
                ShapeMath.autopad(k[1], d),
                g,
                d,
                ctx.boolArg("act"));
        ModuleInstance one = new ConvSpec.Instance(injectedArgs(ctx, c1, c2, false), part, DefaultActivation.of(ctx));
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }
}
