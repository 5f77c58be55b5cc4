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
import dev.yamlnet.compiler.modules.parts.InnerBlocks;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code C3} (YOLOv5's CSP block with three convolutions) and its variants {@code C3x} and
 * {@code C3Ghost}, which share its constructor and outer convolutions: {@code cv1} and {@code cv2}
 * (1x1, {@code c1 -> c_} with {@code c_ = int(c2 * e)}), {@code n} inner blocks on the {@code cv1}
 * branch, and {@code cv3} (1x1) over the {@code 2 c_} concatenated channels. Spatial size is kept.
 * The variants differ only in the inner block: C3 a bottleneck of a 1x1 and a 3x3 conv, C3x one of
 * a 1x3 and a 3x1 conv, C3Ghost a GhostBottleneck. (Ultralytics builds C3's bottlenecks for the
 * variants too, then replaces them; only the replacement counts.)
 */
public final class C3Spec extends BaseModuleSpec {
    /** The inner block. */
    private enum Variant {
        C3,
        C3X,
        GHOST
    }

    private final Variant variant;

    private C3Spec(String name, Variant variant, String description) {
        super(
                name,
                "ultralytics.nn.modules.block." + name,
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("shortcut", ArgType.BOOL, bool(true), "residual connections in the inner blocks"),
                        optional("g", ArgType.INT, integer(1), "groups of the inner blocks' second convolution"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c_ = int(c2 * e)")),
                description + " The row's repeats are its n.");
        this.variant = variant;
    }

    /** {@code C3}. */
    public static C3Spec c3() {
        return new C3Spec(
                "C3",
                Variant.C3,
                "CSP bottleneck with three convolutions (YOLOv5): cv1 feeds n bottlenecks "
                        + "(1x1 then 3x3 conv), cv2 is a parallel 1x1 branch, cv3 fuses both.");
    }

    /** {@code C3x}. */
    public static C3Spec c3x() {
        return new C3Spec("C3x", Variant.C3X, "C3 whose bottlenecks use a 1x3 then a 3x1 convolution (cross kernels).");
    }

    /** {@code C3Ghost}. */
    public static C3Spec c3Ghost() {
        return new C3Spec(
                "C3Ghost",
                Variant.GHOST,
                "C3 whose inner blocks are GhostBottlenecks (cheap depthwise "
                        + "\"ghost\" features); shortcut and g are accepted but unused. Needs a hidden width divisible by 4.");
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
        int c = CspChecks.hidden(ctx, name(), c2, "e");
        if (c < 0) {
            return null;
        }
        int g = ctx.intArg("g");
        int n = ctx.repeats();
        List<ConvPart> convs = new ArrayList<>(
                List.of(ConvPart.of(c1, c, 1, 1), ConvPart.of(c1, c, 1, 1), ConvPart.of(2 * c, c2, 1, 1)));
        int identities = 0;
        switch (variant) {
            case C3:
            case C3X:
                if (!CspChecks.groupsDivide(ctx, name(), "g", g, c)) {
                    return null;
                }
                int[] k0 = variant == Variant.C3 ? new int[] {1, 1} : new int[] {1, 3};
                int[] k1 = variant == Variant.C3 ? new int[] {3, 3} : new int[] {3, 1};
                for (int i = 0; i < n; i++) {
                    convs.addAll(InnerBlocks.bottleneck(c, c, g, k0, k1, 1.0));
                }
                break;
            case GHOST:
            default:
                if (c % 4 != 0) {
                    ctx.report(
                                    DiagCode.E0503,
                                    ctx.argSpan("c2"),
                                    "C3Ghost's hidden width int(" + c2 + " * e) = " + c + " is not divisible by 4")
                            .label("its GhostBottlenecks halve the width twice and would return " + (c / 4 * 4)
                                    + " channels")
                            .hint(
                                    "choose output channels (after width scaling) and e so that int(c2 * e) is a multiple of 4")
                            .emit();
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    convs.addAll(InnerBlocks.ghostBottleneck(c));
                }
                identities = 2 * n; // each GhostBottleneck's middle conv and shortcut
                break;
        }
        boolean shortcut = ctx.boolArg("shortcut");
        double e = ctx.floatArg("e");
        DefaultActivation act = DefaultActivation.of(ctx);
        return new SameSizeInstance(injectedArgs(ctx, c1, c2, true), c2, convs, name(), identities, List.of()) {
            /** {@code c3(c1, c2, n, shortcut, g, e)}, {@code c3x(...)} or {@code c3Ghost(...)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(blocks, () -> switch (variant) {
                    case C3 -> blocks.c3(c1, c2, n, shortcut, g, e);
                    case C3X -> blocks.c3x(c1, c2, n, shortcut, g, e);
                    case GHOST -> blocks.c3Ghost(c1, c2, n, shortcut, g, e);
                });
            }
        };
    }
}
