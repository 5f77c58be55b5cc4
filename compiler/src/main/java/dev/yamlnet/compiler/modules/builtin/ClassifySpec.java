package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireGroups;
import static dev.yamlnet.compiler.modules.ArgChecks.requireNonNegative;
import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
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
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.ShapeMath;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code Classify}: the classification head. A Conv to 1280 channels, a global average pool, a
 * dropout (p=0) and a {@code Linear(1280, nc)}; in eval mode it returns {@code (softmax, logits)},
 * both {@code [nc]}. Its first argument is {@code nc} and is never width-scaled (in 8.4.117 every other
 * module's channels are, whatever their value).
 *
 * <p>Its {@code from} is a single layer: the head's forward would concatenate a list of inputs,
 * but Ultralytics' parser reads {@code ch[f]} first and fails with {@code TypeError} on a list,
 * so a list is rejected with a hint to add a Concat row.
 */
public final class ClassifySpec extends BaseModuleSpec {
    /** Hidden width of Ultralytics' classification head (EfficientNet-B0 style). */
    static final int HIDDEN = 1280;

    /** The spec. */
    public ClassifySpec() {
        super(
                "Classify",
                "ultralytics.nn.modules.head.Classify",
                InputArity.ONE,
                List.of(
                        required("nc", ArgType.INT, "number of classes (not width-scaled), usually nc"),
                        optional("k", ArgType.INT_OR_PAIR, integer(1), "kernel size of the 1280-channel convolution"),
                        optional("s", ArgType.INT, integer(1), "stride of that convolution"),
                        optional("p", ArgType.OPTIONAL_INT, none(), "padding; None pads to keep the size at stride 1"),
                        optional("g", ArgType.INT, integer(1), "groups; must divide the input channels and 1280")),
                "Classification head: Conv to 1280 channels, global average pooling, dropout and a linear layer to nc "
                        + "classes. Outputs the class probabilities and the logits.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int nc = ctx.intArg("nc");
        boolean ok = requirePositive(ctx, "nc", "number of classes");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        ok &= requirePositive(ctx, "g", "groups");
        ok &= requireNonNegative(ctx, "p", "padding");
        if (!ok || !requireGroups(ctx, "g", c1, HIDDEN, ctx.intArg("g"))) {
            return null;
        }
        if (ctx.repeats() > 1) {
            ctx.report(DiagCode.E0303, ctx.rowSpan(), "Classify is repeated " + ctx.repeats() + " times")
                    .label(
                            "the second copy would receive the first one's (probabilities, logits) instead of a feature map")
                    .hint("use repeats 1 for the head")
                    .emit();
            return null;
        }
        int[] k = pair(ctx.arg("k"));
        Value p = ctx.arg("p");
        int ph = p instanceof Value.None ? ShapeMath.autopad(k[0], 1) : toInt(p);
        int pw = p instanceof Value.None ? ShapeMath.autopad(k[1], 1) : toInt(p);
        ConvPart conv = new ConvPart(c1, HIDDEN, k[0], k[1], ctx.intArg("s"), ph, pw, ctx.intArg("g"), 1, true);
        return new Instance(injectedArgs(ctx, c1, nc, false), conv, nc, DefaultActivation.of(ctx));
    }

    /** A bound Classify head. */
    public static final class Instance implements ModuleInstance {
        private final List<Value> args;
        private final ConvPart conv;
        private final int nc;
        private final DefaultActivation activation;

        Instance(List<Value> args, ConvPart conv, int nc, DefaultActivation activation) {
            this.args = List.copyOf(args);
            this.conv = conv;
            this.nc = nc;
            this.activation = activation;
        }

        /** {@code classify(c1, nc, kh, kw, s, ph, pw, g)}. */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            ConvPart c = conv;
            return activation.finish(
                    blocks, () -> blocks.classify(c.c1(), nc, c.kh(), c.kw(), c.s(), c.ph(), c.pw(), c.g()));
        }

        /** Ultralytics' eval pair: the probabilities, then the logits. */
        @Override
        public List<String> outputNames() {
            return List.of("output", "output_logits");
        }

        @Override
        public List<Value> args() {
            return args;
        }

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(nc);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "Classify");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = conv.outHeight(in.height());
            long w = conv.outWidth(in.width());
            if (!requireSize(
                    ctx,
                    h,
                    w,
                    "Classify's " + conv.kh() + "x" + conv.kw() + " convolution on a " + in.sizeText() + " map")) {
                return Shape.UNKNOWN;
            }
            return new Shape.Tuple(List.of(Shape.Tensor.of(nc), Shape.Tensor.of(nc)));
        }

        @Override
        public long params() {
            return conv.params() + (long) HIDDEN * nc + nc;
        }

        /** conv, bn, pool, dropout, linear. */
        @Override
        public int leaves() {
            return conv.leaves() + 3;
        }

        @Override
        public Set<String> sharedLeaves() {
            return Set.of(Builtins.CONV_DEFAULT_ACT);
        }

        @Override
        public int norms() {
            return 1;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            long h = conv.outHeight(in.height());
            long w = conv.outWidth(in.width());
            return conv.macs(in.height(), in.width())
                    + Thop.adaptiveAvgPool(HIDDEN, h, w, 1, 1)
                    + Thop.linear(HIDDEN, nc);
        }

        @Override
        public FlopTraits flopTraits() {
            return FlopTraits.LINEAR_OR_ADAPTIVE_POOL;
        }
    }
}
