package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;
import static dev.yamlnet.compiler.modules.ShapeChecks.requireSize;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.ArgValues;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.SimpleInstance;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code nn.ZeroPad2d}: pads a map with zeros, {@code [left, right, top, bottom]} pixels (one
 * number pads all four sides; negative values crop, as in PyTorch). Channels unchanged.
 */
public final class ZeroPadSpec extends BaseModuleSpec {
    /** The spec. */
    public ZeroPadSpec() {
        super(
                "nn.ZeroPad2d",
                "torch.nn.modules.padding.ZeroPad2d",
                InputArity.ONE,
                List.of(required("padding", ArgType.ANY, "pixels to add: one number, or [left, right, top, bottom]")),
                "PyTorch's ZeroPad2d: adds zero rows and columns around the map; width grows by left + right, "
                        + "height by top + bottom.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        Value v = ctx.arg("padding");
        int[] pad;
        if (v instanceof Value.Int) {
            int p = ArgValues.toInt(v);
            pad = new int[] {p, p, p, p};
        } else if (v instanceof Value.Seq s
                && s.items().size() == 4
                && s.items().stream().allMatch(i -> i instanceof Value.Int)) {
            pad = s.items().stream().mapToInt(ArgValues::toInt).toArray();
        } else {
            ctx.report(
                            DiagCode.E0403,
                            ctx.argSpan("padding"),
                            "nn.ZeroPad2d's padding must be a whole number or [left, right, top, bottom], got "
                                    + PyRepr.repr(v))
                    .hint("e.g. [[1, 0, 1, 0]] pads one column on the left and one row on top")
                    .emit();
            return null;
        }
        ModuleInstance one = new SimpleInstance(ctx.args(), ctx.inputChannels().get(0)) {
            /** {@code zeroPad(left, right, top, bottom)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return Optional.of(blocks.zeroPad(pad[0], pad[1], pad[2], pad[3]));
            }

            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "nn.ZeroPad2d");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                long h = in.height() + pad[2] + pad[3];
                long w = in.width() + pad[0] + pad[1];
                if (!requireSize(sctx, h, w, "padding " + PyRepr.repr(v) + " on a " + in.sizeText() + " map")) {
                    return Shape.UNKNOWN;
                }
                return new Shape.FeatureMap(in.channels(), h, w, in.stride()); // padding keeps the sampling step
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }
}
