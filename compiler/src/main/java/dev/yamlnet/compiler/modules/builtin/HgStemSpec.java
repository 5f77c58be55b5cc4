package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;
import static dev.yamlnet.compiler.modules.ShapeChecks.requireSize;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.ShapeMath;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code HGStem}: the stem of PP-HGNetV2 (RT-DETR's backbone). A 3x3 stride-2 conv to {@code cm},
 * then two branches on its output padded by one pixel right and bottom: a 2x2 max-pool (stride 1,
 * ceil mode) and two 2x2 convs ({@code cm -> cm/2 -> cm}, padded again between them), concatenated;
 * a 3x3 stride-2 conv back to {@code cm} and a 1x1 conv to {@code c2}. Every conv has its own ReLU.
 * Both widths are used as written (never width-scaled): Ultralytics records {@code c2} unscaled.
 */
public final class HgStemSpec extends BaseModuleSpec {
    /** The spec. */
    public HgStemSpec() {
        super(
                "HGStem",
                "ultralytics.nn.modules.block.HGStem",
                InputArity.ONE,
                List.of(
                        required("cm", ArgType.INT, "hidden channels (not width-scaled)"),
                        required("c2", ArgType.INT, "output channels (not width-scaled)")),
                "PP-HGNetV2 stem of RT-DETR: downsamples by 4 with ReLU convolutions and a max-pool branch. "
                        + "Channels are used as written.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        if (!requirePositive(ctx, "cm", "hidden channels") || !requirePositive(ctx, "c2", "output channels")) {
            return null;
        }
        int c1 = ctx.inputChannels().get(0);
        int cm = ctx.intArg("cm");
        int c2 = ctx.intArg("c2");
        if (cm < 2) {
            ctx.report(
                            dev.yamlnet.compiler.diag.DiagCode.E0404,
                            ctx.argSpan("cm"),
                            "HGStem's hidden width " + cm + " leaves no channels for its cm/2 branch")
                    .hint("use at least 2 hidden channels")
                    .emit();
            return null;
        }
        List<Value> args = new ArrayList<>(List.of(integer(c1)));
        args.addAll(ctx.args());
        List<ConvPart> convs = parts(c1, cm, c2);
        long params = convs.stream().mapToLong(ConvPart::params).sum();
        int leaves = 5 * 3 + 1; // five convs with their own ReLU, one max-pool
        return new FixedInstance(args, OptionalInt.of(c2), params, leaves, Set.of(), 5, FlopTraits.PLAIN) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "HGStem");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                long h = ShapeMath.convOut(ShapeMath.convOut(in.height(), 3, 2, 1, 1), 3, 2, 1, 1);
                long w = ShapeMath.convOut(ShapeMath.convOut(in.width(), 3, 2, 1, 1), 3, 2, 1, 1);
                if (!requireSize(sctx, h, w, "HGStem on a " + in.sizeText() + " map")) {
                    return Shape.UNKNOWN;
                }
                return new Shape.FeatureMap(c2, h, w, in.stride() * 4);
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                long h1 = ShapeMath.convOut(in.height(), 3, 2, 1, 1);
                long w1 = ShapeMath.convOut(in.width(), 3, 2, 1, 1);
                Shape.FeatureMap out = (Shape.FeatureMap) output;
                // stem1 at the input; stem2a/stem2b on the padded (h1+1) maps give h1 again; stem3/stem4 at the end
                return convs.get(0).macs(in.height(), in.width())
                        + convs.get(1).macs(h1 + 1, w1 + 1)
                        + convs.get(2).macs(h1 + 1, w1 + 1)
                        + convs.get(3).macs(h1, w1)
                        + convs.get(4).macs(out.height(), out.width());
            }

            /** {@code hgStem(c1, cm, c2)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return Optional.of(blocks.hgStem(c1, cm, c2));
            }
        };
    }

    /** stem1, stem2a, stem2b, stem3, stem4 (each with a private ReLU). */
    static List<ConvPart> parts(int c1, int cm, int c2) {
        return List.of(
                new ConvPart(c1, cm, 3, 3, 2, 1, 1, 1, 1, true),
                new ConvPart(cm, cm / 2, 2, 2, 1, 0, 0, 1, 1, true),
                new ConvPart(cm / 2, cm, 2, 2, 1, 0, 0, 1, 1, true),
                new ConvPart(2 * cm, cm, 3, 3, 2, 1, 1, 1, 1, true),
                new ConvPart(cm, c2, 1, 1, 1, 0, 0, 1, 1, true));
    }
}
