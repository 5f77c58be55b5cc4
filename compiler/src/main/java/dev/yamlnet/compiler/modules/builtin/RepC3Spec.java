package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code RepC3}: RT-DETR's CSP block. Two parallel 1x1 convs {@code c1 -> c_} ({@code c_ = int(c2 * e)}),
 * {@code n} {@code RepConv(c_, c_)} on the first (each the sum of a 3x3 and a 1x1 conv without
 * activation, then RepConv's own default SiLU), the two branches added, and a 1x1 conv to {@code c2}
 * ({@code nn.Identity} when {@code c_ == c2}). The row's repeats are its n.
 */
public final class RepC3Spec extends BaseModuleSpec {
    /** The spec. */
    public RepC3Spec() {
        super(
                "RepC3",
                "ultralytics.nn.modules.block.RepC3",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("e", ArgType.FLOAT, floating(1.0), "hidden width ratio: c_ = int(c2 * e)")),
                "RT-DETR's CSP block: n RepConvs (3x3 + 1x1 convolutions summed) on one 1x1 branch, added to a "
                        + "parallel 1x1 branch. The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels") || !requirePositive(ctx, "e", "e")) {
            return null;
        }
        int c = CspChecks.hidden(ctx, name(), c2, "e");
        if (c < 0) {
            return null;
        }
        int n = ctx.repeats();
        double e = ctx.floatArg("e");
        List<ConvPart> convs = new ArrayList<>(List.of(ConvPart.of(c1, c, 1, 1), ConvPart.of(c1, c, 1, 1)));
        for (int i = 0; i < n; i++) {
            convs.addAll(repConv(c, c));
        }
        boolean cv3 = c != c2;
        if (cv3) {
            convs.add(ConvPart.of(c, c2, 1, 1));
        }
        long params = convs.stream().mapToLong(ConvPart::params).sum();
        int leaves = convs.stream().mapToInt(ConvPart::leaves).sum() + (cv3 ? 0 : 1);
        Set<String> shared = new LinkedHashSet<>(List.of(Builtins.CONV_DEFAULT_ACT));
        if (n > 0) {
            shared.add(Builtins.REPCONV_DEFAULT_ACT);
        }
        boolean plainSilu = ctx.defaultActivation().isEmpty();
        return new FixedInstance(
                injectedArgs(ctx, c1, c2, true),
                OptionalInt.of(c2),
                params,
                leaves,
                shared,
                convs.size(),
                FlopTraits.PLAIN) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "RepC3");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                return new Shape.FeatureMap(c2, in.height(), in.width(), in.stride());
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                return convs.stream()
                        .mapToLong(cv -> cv.macs(in.height(), in.width()))
                        .sum();
            }

            /**
             * {@code repC3(c1, c2, n, e)}; none under another {@code activation:} key (Ultralytics then changes
             * Conv's default but not RepConv's, which the runtime does not model).
             */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return plainSilu ? Optional.of(blocks.repC3(c1, c2, n, e)) : Optional.empty();
            }
        };
    }

    /** {@code RepConv(c1, c2, 3, 1)}: its 3x3 and 1x1 convs, both without activation (RepConv's own SiLU is shared). */
    static List<ConvPart> repConv(int c1, int c2) {
        return List.of(
                new ConvPart(c1, c2, 3, 3, 1, 1, 1, 1, 1, false), new ConvPart(c1, c2, 1, 1, 1, 0, 0, 1, 1, false));
    }
}
