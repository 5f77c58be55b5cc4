package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireGroups;
import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
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
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.modules.parts.InnerBlocks;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code GhostConv}: {@code c_ = c2 // 2} channels from a Conv(k, s, g), and {@code c_} more
 * "ghost" channels from a cheap depthwise 5x5 Conv of those; the output has {@code 2 c_} channels,
 * one fewer than declared when {@code c2} is odd (Ultralytics still records {@code c2}).
 */
public final class GhostConvSpec extends BaseModuleSpec {
    /** The spec. */
    public GhostConvSpec() {
        super(
                "GhostConv",
                "ultralytics.nn.modules.conv.GhostConv",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width; should be even"),
                        optional("k", ArgType.INT, integer(1), "kernel size of the primary convolution"),
                        optional("s", ArgType.INT, integer(1), "stride"),
                        optional("g", ArgType.INT, integer(1), "groups of the primary convolution"),
                        optional(
                                "act",
                                ArgType.BOOL,
                                bool(true),
                                "True for the model's default activation (SiLU), False for none")),
                "Ghost convolution (GhostNet): half the output channels from a regular Conv, the other half from a "
                        + "cheap 5x5 depthwise Conv of the first half.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = requirePositive(ctx, "c2", "output channels");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        ok &= requirePositive(ctx, "g", "groups");
        if (!ok) {
            return null;
        }
        int c = c2 / 2;
        if (c < 1) {
            ctx.report(DiagCode.E0404, ctx.argSpan("c2"), "GhostConv needs at least 2 output channels, got " + c2)
                    .hint("use an even channel count of at least 2")
                    .emit();
            return null;
        }
        int k = ctx.intArg("k");
        int s = ctx.intArg("s");
        int g = ctx.intArg("g");
        boolean act = ctx.boolArg("act");
        if (!requireGroups(ctx, "g", c1, c, g)) {
            return null;
        }
        List<ConvPart> convs = InnerBlocks.ghostConv(c1, c2, k, s, g, act);
        DefaultActivation activation = DefaultActivation.of(ctx);
        ModuleInstance one = new Instance(injectedArgs(ctx, c1, c2, false), c2, convs) {
            /** {@code ghostConv(c1, c2, k, s, g, act)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return activation.finish(blocks, () -> blocks.ghostConv(c1, c2, k, s, g, act));
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    /** A bound GhostConv: the primary conv at the input size, the cheap conv at the output size. */
    private static class Instance implements ModuleInstance {
        private final List<Value> args;
        private final int c2;
        private final ConvPart primary;
        private final ConvPart cheap;

        Instance(List<Value> args, int c2, List<ConvPart> convs) {
            this.args = List.copyOf(args);
            this.c2 = c2;
            this.primary = convs.get(0);
            this.cheap = convs.get(1);
        }

        @Override
        public List<Value> args() {
            return args;
        }

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(c2);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "GhostConv");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = primary.outHeight(in.height());
            long w = primary.outWidth(in.width());
            if (!requireSize(
                    ctx,
                    h,
                    w,
                    "a " + primary.kh() + "x" + primary.kw() + " convolution on a " + in.sizeText() + " map")) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(2 * primary.c2(), h, w, in.stride() * primary.s());
        }

        @Override
        public long params() {
            return primary.params() + cheap.params();
        }

        @Override
        public int leaves() {
            return primary.leaves() + cheap.leaves();
        }

        @Override
        public Set<String> sharedLeaves() {
            return primary.act() ? Set.of(Builtins.CONV_DEFAULT_ACT) : Set.of();
        }

        @Override
        public int norms() {
            return 2;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            return primary.macs(in.height(), in.width())
                    + cheap.macs(primary.outHeight(in.height()), primary.outWidth(in.width()));
        }
    }
}
