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
 * {@code Conv}: convolution (no bias), BatchNorm, SiLU. Output size
 * {@code floor((H + 2p - d(k-1) - 1) / s) + 1}, with "same" padding when {@code p} is None.
 */
public final class ConvSpec extends BaseModuleSpec {
    /** The spec. */
    public ConvSpec() {
        super(
                "Conv",
                "ultralytics.nn.modules.conv.Conv",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("k", ArgType.INT_OR_PAIR, integer(1), "kernel size"),
                        optional("s", ArgType.INT, integer(1), "stride"),
                        optional("p", ArgType.OPTIONAL_INT, none(), "padding; None pads to keep the size at stride 1"),
                        optional("g", ArgType.INT, integer(1), "groups; must divide input and output channels"),
                        optional("d", ArgType.INT, integer(1), "dilation"),
                        optional(
                                "act",
                                ArgType.BOOL,
                                bool(true),
                                "True for the model's default activation (SiLU), False for none")),
                "Convolution without bias, then BatchNorm2d and the model's default activation (SiLU). "
                        + "The basic building block of every YOLO backbone and head.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = requirePositive(ctx, "c2", "output channels");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        ok &= requirePositive(ctx, "g", "groups");
        ok &= requireWindow(ctx, "d", "dilation");
        ok &= requireNonNegative(ctx, "p", "padding");
        if (!ok) {
            return null;
        }
        int g = ctx.intArg("g");
        if (!requireGroups(ctx, "g", c1, c2, g)) {
            return null;
        }
        int[] k = pair(ctx.arg("k"));
        int d = ctx.intArg("d");
        Value p = ctx.arg("p");
        int ph = p instanceof Value.None ? ShapeMath.autopad(k[0], d) : toInt(p);
        int pw = p instanceof Value.None ? ShapeMath.autopad(k[1], d) : toInt(p);
        ConvPart part = new ConvPart(c1, c2, k[0], k[1], ctx.intArg("s"), ph, pw, g, d, ctx.boolArg("act"));
        ModuleInstance one = new Instance(injectedArgs(ctx, c1, c2, false), part, DefaultActivation.of(ctx));
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    /** A bound Conv (also DWConv's). */
    public static final class Instance implements ModuleInstance {
        private final List<Value> args;
        private final ConvPart conv;
        private final DefaultActivation activation;

        Instance(List<Value> args, ConvPart conv, DefaultActivation activation) {
            this.args = List.copyOf(args);
            this.conv = conv;
            this.activation = activation;
        }

        /** The convolution, with its resolved padding and groups. */
        public ConvPart conv() {
            return conv;
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
            Shape.FeatureMap in = featureMap(inputs, ctx, "Conv");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = conv.outHeight(in.height());
            long w = conv.outWidth(in.width());
            if (!requireSize(
                    ctx, h, w, "a " + conv.kh() + "x" + conv.kw() + " convolution on a " + in.sizeText() + " map")) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(conv.c2(), h, w, in.stride() * conv.s());
        }

        @Override
        public long params() {
            return conv.params();
        }

        /** {@code conv(c1, c2, k, s, p, g, d, act)}, or its rectangular form when kernel or padding differ by axis. */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            ConvPart c = conv;
            return activation.finish(
                    blocks,
                    () -> c.kh() == c.kw() && c.ph() == c.pw()
                            ? blocks.conv(c.c1(), c.c2(), c.kh(), c.s(), c.ph(), c.g(), c.d(), c.act())
                            : blocks.conv(
                                    c.c1(), c.c2(), c.kh(), c.kw(), c.s(), c.ph(), c.pw(), c.g(), c.d(), c.act()));
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
            return conv.macs(in.height(), in.width());
        }
    }
}
