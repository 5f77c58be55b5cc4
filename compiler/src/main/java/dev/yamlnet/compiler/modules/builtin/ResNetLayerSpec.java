package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;
import static dev.yamlnet.compiler.modules.ShapeChecks.requireSize;

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
import dev.yamlnet.core.ShapeMath;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code ResNetLayer}: a ResNet stage for RT-DETR's ResNet backbones. With {@code is_first}: a 7x7
 * stride-2 conv to {@code c2} and a 3x3 stride-2 max-pool. Otherwise {@code n} bottleneck blocks
 * ({@code ResNetBlock}: 1x1 to {@code c2}, 3x3 with the stage stride, 1x1 to {@code e * c2} without
 * activation, plus a projecting 1x1 shortcut when the stride or width changes, then ReLU). Ultralytics
 * passes the row's arguments unchanged, {@code c1} included (it is written in the YAML, not taken from
 * the previous layer), and records {@code c2} (first) or {@code 4 * c2} as the output width.
 */
public final class ResNetLayerSpec extends BaseModuleSpec {
    /** The spec. */
    public ResNetLayerSpec() {
        super(
                "ResNetLayer",
                "ultralytics.nn.modules.block.ResNetLayer",
                InputArity.ONE,
                List.of(
                        required("c1", ArgType.INT, "input channels, as written (must match the previous layer)"),
                        required(
                                "c2", ArgType.INT, "bottleneck channels (output: c2 for the first stage, e * c2 else)"),
                        optional("s", ArgType.INT, integer(1), "stride of the first block"),
                        optional("is_first", ArgType.BOOL, bool(false), "the stem: 7x7 conv and max-pool"),
                        optional("n", ArgType.INT, integer(1), "number of ResNet blocks"),
                        optional("e", ArgType.INT, integer(4), "expansion of the blocks' last conv")),
                "ResNet stage (RT-DETR ResNet backbones): a 7x7 stem with max-pool, or n bottleneck blocks. Arguments "
                        + "are used as written, input channels included.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        boolean ok = requirePositive(ctx, "c1", "input channels");
        ok &= requirePositive(ctx, "c2", "channels");
        ok &= requirePositive(ctx, "s", "stride");
        ok &= requirePositive(ctx, "n", "blocks");
        ok &= requirePositive(ctx, "e", "expansion");
        if (!ok) {
            return null;
        }
        int c1 = ctx.intArg("c1");
        int c2 = ctx.intArg("c2");
        int s = ctx.intArg("s");
        boolean first = ctx.boolArg("is_first");
        int n = ctx.intArg("n");
        int e = ctx.intArg("e");
        List<ConvPart> convs = new ArrayList<>();
        List<List<ConvPart>> blockConvs = new ArrayList<>();
        int identities = 0;
        int maxPools = 0;
        if (first) {
            convs.add(new ConvPart(c1, c2, 7, 7, 2, 3, 3, 1, 1, true));
            maxPools = 1;
        } else {
            for (int i = 0; i < n; i++) {
                int a = i == 0 ? c1 : e * c2;
                int stride = i == 0 ? s : 1;
                List<ConvPart> block = new ArrayList<>();
                block.add(ConvPart.of(a, c2, 1, 1));
                block.add(new ConvPart(c2, c2, 3, 3, stride, 1, 1, 1, 1, true));
                block.add(new ConvPart(c2, e * c2, 1, 1, 1, 0, 0, 1, 1, false));
                if (stride != 1 || a != e * c2) {
                    block.add(new ConvPart(a, e * c2, 1, 1, stride, 0, 0, 1, 1, false));
                } else {
                    identities++;
                }
                convs.addAll(block);
                blockConvs.add(List.copyOf(block));
            }
        }
        long params = convs.stream().mapToLong(ConvPart::params).sum();
        int leaves = convs.stream().mapToInt(ConvPart::leaves).sum() + identities + maxPools;
        int recorded = first ? c2 : 4 * c2;
        int out = first ? c2 : e * c2;
        boolean plainSilu = ctx.defaultActivation().isEmpty();
        return new FixedInstance(
                ctx.args(),
                OptionalInt.of(recorded),
                params,
                leaves,
                Set.of(Builtins.CONV_DEFAULT_ACT),
                convs.size(),
                FlopTraits.PLAIN) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "ResNetLayer");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                if (in.channels() != c1) {
                    sctx.report(
                                    DiagCode.E0501,
                                    sctx.argSpan("c1"),
                                    "ResNetLayer is built for " + c1 + " input channels, its input has "
                                            + in.channels())
                            .label("written here: ResNetLayer takes c1 from its arguments, not from the input")
                            .hint("write " + in.channels() + " as the first argument")
                            .emit();
                    return Shape.UNKNOWN;
                }
                long h;
                long w;
                int stride;
                if (first) {
                    h = ShapeMath.convOut(ShapeMath.convOut(in.height(), 7, 2, 3, 1), 3, 2, 1, 1);
                    w = ShapeMath.convOut(ShapeMath.convOut(in.width(), 7, 2, 3, 1), 3, 2, 1, 1);
                    stride = 4;
                } else {
                    h = ShapeMath.convOut(in.height(), 3, s, 1, 1);
                    w = ShapeMath.convOut(in.width(), 3, s, 1, 1);
                    stride = s;
                }
                if (!requireSize(sctx, h, w, "ResNetLayer on a " + in.sizeText() + " map")) {
                    return Shape.UNKNOWN;
                }
                return new Shape.FeatureMap(out, h, w, in.stride() * stride);
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                if (first) {
                    return convs.get(0).macs(in.height(), in.width());
                }
                long total = 0;
                long h = in.height();
                long w = in.width();
                for (int b = 0; b < n; b++) {
                    // cv1 and the shortcut read the block's input; cv2 (with the stride) sets the size of cv3's
                    ConvPart cv2 = blockConvs.get(b).get(1);
                    long ho = cv2.outHeight(h);
                    long wo = cv2.outWidth(w);
                    List<ConvPart> bc = blockConvs.get(b);
                    total += bc.get(0).macs(h, w) + cv2.macs(h, w) + bc.get(2).macs(ho, wo);
                    if (bc.size() > 3) {
                        total += bc.get(3).macs(h, w);
                    }
                    h = ho;
                    w = wo;
                }
                return total;
            }

            /** {@code resNetLayer(c1, c2, s, isFirst, n, e)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return plainSilu ? Optional.of(blocks.resNetLayer(c1, c2, s, first, n, e)) : Optional.empty();
            }
        };
    }
}
