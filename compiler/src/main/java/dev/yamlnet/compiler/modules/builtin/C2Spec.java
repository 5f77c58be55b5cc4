package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.runtime.recipe.BlockRecipe;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code C2}: CSP bottleneck with two convolutions. {@code cv1} (1x1) makes {@code 2c} channels
 * ({@code c = int(c2 * e)}), one half runs through {@code n} bottlenecks (two 3x3 convolutions),
 * and {@code cv2} (1x1) fuses both halves. Used by the YOLOv8-P6 head. Spatial size is kept.
 */
public final class C2Spec extends BaseModuleSpec {
    public C2Spec() {
        super("C2", "ultralytics.nn.modules.block.C2", InputArity.ONE, List.of(
                required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                optional("shortcut", ArgType.BOOL, bool(true), "residual connections in the bottlenecks"),
                optional("g", ArgType.INT, integer(1), "groups of the bottlenecks' second convolution"),
                optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c2 * e)")),
                "CSP bottleneck with two convolutions: cv1 splits into two halves of c channels, n bottlenecks run on "
                        + "the first, cv2 fuses both. The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(intArg(ctx, 0));
        if (!requirePositive(ctx, 0, "output channels") || !requirePositive(ctx, 2, "groups") || !requirePositive(ctx, 3, "e")) {
            return null;
        }
        int n = ctx.repeats();
        int c = (int) (c2 * floatArg(ctx, 3));
        int g = intArg(ctx, 2);
        if (c < 1) {
            ctx.report(DiagCode.E0404, ctx.argSpan(3), "hidden width int(" + c2 + " * e) is 0").hint("use a larger e").emit();
            return null;
        }
        if (!requireGroups(ctx, 2, c, c, g)) {
            return null;
        }
        List<ConvPart> convs = new ArrayList<>();
        convs.add(ConvPart.of(c1, 2 * c, 1, 1));
        convs.add(ConvPart.of(2 * c, c2, 1, 1));
        for (int i = 0; i < n; i++) {
            convs.add(ConvPart.of(c, c, 3, 1));
            convs.add(ConvPart.of(c, c, 3, 1, g, true));
        }
        BlockRecipe recipe = RuntimeSupport.defaultActivationIsSilu(ctx)
                ? BlockRecipe.layers("c2", c1, c2, n, boolArg(ctx, 1), g, floatArg(ctx, 3)) : null;
        return new C2fSpec.SameSizeInstance(injectedArgs(ctx, c1, c2, true), c2, convs, "C2", recipe);
    }
}
