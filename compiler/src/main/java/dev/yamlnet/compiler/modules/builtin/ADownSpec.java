package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.ShapeChecks;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * YOLOv9's downsamplers, base modules with one argument {@code c2}: {@code AConv(c1, c2)} =
 * {@code avg_pool2d(2, 1)} (one pixel smaller) then {@code Conv(c1, c2, 3, 2, 1)}; {@code ADown(c1,
 * c2)} = the same pool, then half the channels through {@code Conv(c1/2, c2/2, 3, 2, 1)} and half
 * through {@code max_pool2d(3, 2, 1)} and {@code Conv(c1/2, c2/2, 1)}, concatenated. Both give
 * {@code floor(H / 2)}; the functional pools cost nothing in thop.
 */
public final class ADownSpec extends BaseModuleSpec {
    private final boolean split;

    private ADownSpec(String name, boolean split, String description) {
        super(
                name,
                "ultralytics.nn.modules.block." + name,
                InputArity.ONE,
                List.of(required("c2", ArgType.INT, "output channels, scaled by the model's width")),
                description);
        this.split = split;
    }

    /** {@code AConv}. */
    public static ADownSpec aConv() {
        return new ADownSpec(
                "AConv",
                false,
                "YOLOv9's downsampling: a 2x2 average pool with stride 1, then a 3x3 stride-2 Conv (half the size).");
    }

    /** {@code ADown}. */
    public static ADownSpec aDown() {
        return new ADownSpec(
                "ADown",
                true,
                "YOLOv9's two-branch downsampling: after a 2x2 stride-1 average pool, half the channels through a "
                        + "3x3 stride-2 Conv, half through a 3x3 stride-2 max-pool and a 1x1 Conv, concatenated.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")) {
            return null;
        }
        if (split && (c1 < 2 || c2 < 2)) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.argSpan("c2"),
                            "ADown splits its channels in halves and needs at least 2 in and out, got " + c1
                                    + " in and " + c2 + " out")
                    .emit();
            return null;
        }
        ModuleInstance one = new Instance(injectedArgs(ctx, c1, c2, false), c1, c2, split, DefaultActivation.of(ctx));
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    private record Instance(List<Value> args, int c1, int c2, boolean split, DefaultActivation act)
            implements ModuleInstance {

        ConvPart down() {
            return split
                    ? new ConvPart(c1 / 2, c2 / 2, 3, 3, 2, 1, 1, 1, 1, true)
                    : new ConvPart(c1, c2, 3, 3, 2, 1, 1, 1, 1, true);
        }

        ConvPart side() {
            return new ConvPart(c1 / 2, c2 / 2, 1, 1, 1, 0, 0, 1, 1, true);
        }

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(c2);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, split ? "ADown" : "AConv");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = down().outHeight(in.height() - 1);
            long w = down().outWidth(in.width() - 1);
            if (!ShapeChecks.requireSize(ctx, in.height() - 1, in.width() - 1, split ? "ADown" : "AConv")
                    || !ShapeChecks.requireSize(ctx, h, w, split ? "ADown" : "AConv")) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(split ? 2 * (c2 / 2) : c2, h, w, in.stride() * 2);
        }

        @Override
        public long params() {
            return down().params() + (split ? side().params() : 0);
        }

        @Override
        public int leaves() {
            return split ? 4 : 2;
        }

        @Override
        public Set<String> sharedLeaves() {
            return Set.of(Builtins.CONV_DEFAULT_ACT);
        }

        @Override
        public int norms() {
            return split ? 2 : 1;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            long total = down().macs(in.height() - 1, in.width() - 1);
            if (split) {
                Shape.FeatureMap out = (Shape.FeatureMap) output;
                total += side().macs(out.height(), out.width());
            }
            return total;
        }

        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            return act.finish(blocks, () -> split ? blocks.aDown(c1, c2) : blocks.aConv(c1, c2));
        }
    }
}
