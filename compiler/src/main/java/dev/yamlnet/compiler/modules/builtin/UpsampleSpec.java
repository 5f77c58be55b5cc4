package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static dev.yamlnet.compiler.modules.ArgValues.string;
import static dev.yamlnet.compiler.modules.ArgValues.toDouble;
import static dev.yamlnet.compiler.modules.ArgValues.toInt;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;
import static dev.yamlnet.compiler.modules.ShapeChecks.requireSize;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
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
import java.util.Map;
import java.util.Optional;

/**
 * {@code nn.Upsample}: resizes a map by {@code scale_factor} ({@code floor(H * f)}) or to a fixed
 * {@code size}; channels unchanged. Ultralytics passes the row's arguments to PyTorch as written.
 */
public final class UpsampleSpec extends BaseModuleSpec {
    /** Modes PyTorch accepts for 2-D input, with thop 2.1.6's cost per output element. */
    private static final Map<String, Integer> MODES =
            Map.of("nearest", 0, "nearest-exact", 0, "bilinear", 11, "bicubic", 259, "area", 0);

    /** The spec. */
    public UpsampleSpec() {
        super(
                "nn.Upsample",
                "torch.nn.modules.upsampling.Upsample",
                InputArity.ONE,
                List.of(
                        optional("size", ArgType.OPTIONAL_NUMBER, none(), "output size, or None to use scale_factor"),
                        optional(
                                "scale_factor",
                                ArgType.OPTIONAL_NUMBER,
                                none(),
                                "multiplier of height and width, e.g. 2"),
                        optional(
                                "mode",
                                ArgType.STRING,
                                string("nearest"),
                                "interpolation: nearest, bilinear, bicubic, area, nearest-exact")),
                "PyTorch's Upsample: scales height and width by scale_factor (or to size) with the given interpolation. "
                        + "The YOLO necks use [None, 2, \"nearest\"] to bring a deeper map up to the next level's size.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        Value size = ctx.arg("size");
        Value factor = ctx.arg("scale_factor");
        String mode = ((Value.Str) ctx.arg("mode")).value();
        boolean ok = true;
        if (!MODES.containsKey(mode)) {
            ctx.report(DiagCode.E0404, ctx.argSpan("mode"), "unknown upsampling mode '" + mode + "'")
                    .hint("use one of nearest, bilinear, bicubic, area, nearest-exact")
                    .emit();
            ok = false;
        }
        if (size instanceof Value.None == factor instanceof Value.None) {
            ctx.report(
                            DiagCode.E0402,
                            ctx.argSpan(size instanceof Value.None ? "scale_factor" : "size"),
                            size instanceof Value.None
                                    ? "nn.Upsample needs a size or a scale_factor"
                                    : "give either size or scale_factor, not both")
                    .hint("the usual row is [-1, 1, nn.Upsample, [None, 2, \"nearest\"]]")
                    .emit();
            ok = false;
        } else {
            String given = size instanceof Value.None ? "scale_factor" : "size";
            ok &= requirePositive(ctx, given, given);
        }
        if (!ok) {
            return null;
        }
        ModuleInstance one = new Instance(ctx.args(), ctx.inputChannels().get(0), size, factor, mode, MODES.get(mode));
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    private static final class Instance extends SimpleInstance {
        private final Value size;
        private final Value factor;
        private final String mode;
        private final int costPerElement;

        Instance(List<Value> args, int channels, Value size, Value factor, String mode, int costPerElement) {
            super(args, channels);
            this.size = size;
            this.factor = factor;
            this.mode = mode;
            this.costPerElement = costPerElement;
        }

        /** {@code upsample(scale_factor, mode)} or {@code upsampleTo(size, mode)}, in every mode the spec accepts. */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            return Optional.of(
                    size instanceof Value.None
                            ? blocks.upsample(toDouble(factor), mode)
                            : blocks.upsampleTo(toInt(size), mode));
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "nn.Upsample");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h;
            long w;
            double stride;
            if (!(size instanceof Value.None)) {
                h = toInt(size);
                w = h;
                stride = in.stride() * in.height() / (double) h;
            } else {
                double f = toDouble(factor);
                h = (long) Math.floor(in.height() * f);
                w = (long) Math.floor(in.width() * f);
                stride = in.stride() / f;
            }
            if (!requireSize(ctx, h, w, "upsampling " + in.sizeText() + " by " + PyRepr.repr(factor))) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(in.channels(), h, w, stride);
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap out = (Shape.FeatureMap) output;
            return (long) costPerElement * out.channels() * out.height() * out.width();
        }
    }
}
