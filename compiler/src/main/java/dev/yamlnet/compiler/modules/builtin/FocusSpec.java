package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireGroups;
import static dev.yamlnet.compiler.modules.ArgChecks.requireNonNegative;
import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static dev.yamlnet.compiler.modules.ArgValues.pair;
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
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.ShapeMath;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code Focus}: space-to-depth (the four pixel phases of each 2x2 cell stacked on channels,
 * {@code 4 c1 x H/2 x W/2}), then a Conv to {@code c2}. The slices only line up for an even height
 * and width. YOLOv5's original stem.
 */
public final class FocusSpec extends BaseModuleSpec {
    /** The spec. */
    public FocusSpec() {
        super(
                "Focus",
                "ultralytics.nn.modules.conv.Focus",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("k", ArgType.INT_OR_PAIR, integer(1), "kernel size"),
                        optional("s", ArgType.INT, integer(1), "stride"),
                        optional("p", ArgType.OPTIONAL_INT, none(), "padding; None pads to keep the size at stride 1"),
                        optional(
                                "g",
                                ArgType.INT,
                                integer(1),
                                "groups; must divide 4 x input channels and the output channels"),
                        optional(
                                "act",
                                ArgType.BOOL,
                                bool(true),
                                "True for the model's default activation (SiLU), False for none")),
                "Focus: rearranges each 2x2 block of pixels into channels (halving height and width, quadrupling "
                        + "channels), then a Conv. Needs an even height and width.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = requirePositive(ctx, "c2", "output channels");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        ok &= requirePositive(ctx, "g", "groups");
        ok &= requireNonNegative(ctx, "p", "padding");
        if (!ok || !requireGroups(ctx, "g", 4 * c1, c2, ctx.intArg("g"))) {
            return null;
        }
        int[] k = pair(ctx.arg("k"));
        Value p = ctx.arg("p");
        int ph = p instanceof Value.None ? ShapeMath.autopad(k[0], 1) : toInt(p);
        int pw = p instanceof Value.None ? ShapeMath.autopad(k[1], 1) : toInt(p);
        int s = ctx.intArg("s");
        int g = ctx.intArg("g");
        boolean act = ctx.boolArg("act");
        ConvPart conv = new ConvPart(4 * c1, c2, k[0], k[1], s, ph, pw, g, 1, act);
        DefaultActivation activation = DefaultActivation.of(ctx);
        ModuleInstance one = new Instance(injectedArgs(ctx, c1, c2, false), conv) {
            /** {@code focus(c1, c2, kh, kw, s, ph, pw, g, act)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return activation.finish(blocks, () -> blocks.focus(c1, c2, k[0], k[1], s, ph, pw, g, act));
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    private static class Instance implements ModuleInstance {
        private final List<Value> args;
        private final ConvPart conv;

        Instance(List<Value> args, ConvPart conv) {
            this.args = List.copyOf(args);
            this.conv = conv;
        }

        @Override
        public List<Value> args() {
            return args;
        }

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(conv.c2());
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "Focus");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            if (in.height() % 2 != 0 || in.width() % 2 != 0) {
                ctx.report(
                                DiagCode.E0502,
                                ctx.moduleSpan(),
                                "Focus needs an even height and width, got a " + in.sizeText() + " map")
                        .label("its four pixel-phase slices would differ in size and cannot be concatenated")
                        .hint("feed Focus a map with even sides (use an image size divisible by the model's stride)")
                        .emit();
                return Shape.UNKNOWN;
            }
            long h = conv.outHeight(in.height() / 2);
            long w = conv.outWidth(in.width() / 2);
            if (!requireSize(
                    ctx,
                    h,
                    w,
                    "Focus's " + conv.kh() + "x" + conv.kw() + " convolution on a " + in.height() / 2 + "x"
                            + in.width() / 2 + " map")) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(conv.c2(), h, w, in.stride() * 2 * conv.s());
        }

        @Override
        public long params() {
            return conv.params();
        }

        @Override
        public int leaves() {
            return conv.leaves();
        }

        @Override
        public Set<String> sharedLeaves() {
            return conv.act() ? Set.of(Builtins.CONV_DEFAULT_ACT) : Set.of();
        }

        @Override
        public int norms() {
            return 1;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            return conv.macs(in.height() / 2, in.width() / 2);
        }
    }
}
