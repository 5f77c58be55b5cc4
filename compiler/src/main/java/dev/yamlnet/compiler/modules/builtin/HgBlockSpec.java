package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.toInt;
import static dev.yamlnet.compiler.modules.ArgValues.truthy;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.diag.DiagCode;
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
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code HGBlock}: a PP-HGNetV2 stage block. {@code n} convolutions in a chain ({@code Conv k x k},
 * or {@code LightConv} = 1x1 conv without activation then a depthwise {@code k x k} conv), the input
 * and every intermediate output concatenated, squeezed by a 1x1 conv to {@code c2/2} and expanded
 * by a 1x1 conv to {@code c2}; a residual add when {@code shortcut} and {@code c1 == c2}. One ReLU
 * per block, shared by all its convs. Ultralytics inserts the row's repeats as {@code n} at
 * argument index 4 (after {@code k}) and builds the block once; channels are used as written.
 */
public final class HgBlockSpec extends BaseModuleSpec {
    /** The spec. */
    public HgBlockSpec() {
        super(
                "HGBlock",
                "ultralytics.nn.modules.block.HGBlock",
                InputArity.ONE,
                List.of(
                        required("cm", ArgType.INT, "channels of each inner convolution (not width-scaled)"),
                        required("c2", ArgType.INT, "output channels (not width-scaled)"),
                        optional("k", ArgType.INT, integer(3), "kernel size of the inner convolutions"),
                        optional(
                                "lightconv",
                                ArgType.BOOL,
                                bool(false),
                                "LightConv (1x1 + depthwise k x k) inner blocks"),
                        optional("shortcut", ArgType.BOOL, bool(false), "residual add when c1 == c2")),
                "PP-HGNetV2 block of RT-DETR: n chained convolutions whose outputs are all concatenated, then a "
                        + "squeeze and an excitation 1x1 convolution. The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        if (!requirePositive(ctx, "cm", "inner channels") || !requirePositive(ctx, "c2", "output channels")) {
            return null;
        }
        int c1 = ctx.inputChannels().get(0);
        int n = ctx.repeats();
        // Ultralytics: args = [c1, cm, c2, *rest]; args.insert(4, n) (appends when k is left out)
        List<Value> args = new ArrayList<>(List.of(integer(c1)));
        args.addAll(ctx.args());
        args.add(Math.min(4, args.size()), integer(n));
        int cm = toInt(args.get(1));
        int c2 = toInt(args.get(2));
        int k = args.size() > 3 ? toInt(args.get(3)) : 3;
        int inner = args.size() > 4 ? toInt(args.get(4)) : 6;
        boolean light = args.size() > 5 && truthy(args.get(5));
        boolean shortcut = args.size() > 6 && truthy(args.get(6));
        if (k < 1 || inner < 1) {
            ctx.report(DiagCode.E0404, ctx.argSpan("k"), "HGBlock needs a positive kernel size, got " + k)
                    .emit();
            return null;
        }
        if (c2 < 2) {
            ctx.report(DiagCode.E0404, ctx.argSpan("c2"), "HGBlock's squeeze conv has c2/2 = 0 channels")
                    .hint("use at least 2 output channels")
                    .emit();
            return null;
        }
        List<ConvPart> convs = new ArrayList<>();
        for (int i = 0; i < inner; i++) {
            int in = i == 0 ? c1 : cm;
            if (light) {
                convs.add(new ConvPart(in, cm, 1, 1, 1, 0, 0, 1, 1, false));
                convs.add(ConvPart.of(cm, cm, k, 1, cm, true));
            } else {
                convs.add(ConvPart.of(in, cm, k, 1));
            }
        }
        convs.add(ConvPart.of(c1 + inner * cm, c2 / 2, 1, 1));
        convs.add(ConvPart.of(c2 / 2, c2, 1, 1));
        long params = convs.stream().mapToLong(ConvPart::params).sum();
        int leaves = convs.stream().mapToInt(ConvPart::leaves).sum() + 1; // + the block's own ReLU
        int kk = k;
        int nn = inner;
        return new FixedInstance(args, OptionalInt.of(c2), params, leaves, Set.of(), convs.size(), FlopTraits.PLAIN) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "HGBlock");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                return new Shape.FeatureMap(c2, in.height(), in.width(), in.stride());
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                return convs.stream()
                        .mapToLong(c -> c.macs(in.height(), in.width()))
                        .sum();
            }

            /** {@code hgBlock(c1, cm, c2, k, n, lightconv, shortcut)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return Optional.of(blocks.hgBlock(c1, cm, c2, kk, nn, light, shortcut));
            }
        };
    }
}
