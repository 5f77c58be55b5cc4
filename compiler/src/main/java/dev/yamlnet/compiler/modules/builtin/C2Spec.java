package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import java.util.List;

/**
 * {@code C2}: CSP bottleneck with two convolutions. {@code cv1} (1x1) makes {@code 2c} channels
 * ({@code c = int(c2 * e)}), one half runs through {@code n} bottlenecks (two 3x3 convolutions),
 * and {@code cv2} (1x1) fuses both halves. Used by the YOLOv8-P6 head. Spatial size is kept.
 */
public final class C2Spec extends BaseModuleSpec {
    /** The spec. */
    public C2Spec() {
        super(
                "C2",
                "ultralytics.nn.modules.block.C2",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("shortcut", ArgType.BOOL, bool(true), "residual connections in the bottlenecks"),
                        optional("g", ArgType.INT, integer(1), "groups of the bottlenecks' second convolution"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c2 * e)")),
                "CSP bottleneck with two convolutions: cv1 splits into two halves of c channels, n bottlenecks run on "
                        + "the first, cv2 fuses both. The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        return C2fSpec.bindCsp(ctx, "C2", false);
    }
}
