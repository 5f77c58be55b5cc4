package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.shape.Shape;
import java.util.List;

/** The shape checks module instances share while computing their output ({@link ModuleInstance#infer}). */
public final class ShapeChecks {
    private ShapeChecks() {}

    /** The single feature-map input, or null after reporting (E0509) that the input is not one. */
    public static Shape.FeatureMap featureMap(List<Shape> inputs, ShapeContext ctx, String module) {
        Shape s = inputs.get(0);
        if (s instanceof Shape.FeatureMap f) {
            return f;
        }
        ctx.report(
                        DiagCode.E0509,
                        ctx.fromSpan(),
                        module + " needs a feature map input, layer "
                                + ctx.inputLayers().get(0) + " outputs " + Shape.describe(s))
                .hint("take the input from a layer that outputs a C x H x W map")
                .emit();
        return null;
    }

    /** Reports E0506 when a computed size is not positive. */
    public static boolean requireSize(ShapeContext ctx, long h, long w, String what) {
        if (h < 1 || w < 1) {
            ctx.report(DiagCode.E0506, ctx.moduleSpan(), what + " would produce a " + h + "x" + w + " map")
                    .hint("use a larger image size or fewer downsampling layers")
                    .emit();
            return false;
        }
        return true;
    }
}
