package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
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
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code SCDown}: YOLOv10's spatial-channel decoupled downsampling, a pointwise Conv to {@code c2}
 * channels ({@code cv1}) and then a linear depthwise {@code k x k} Conv with stride {@code s}
 * ({@code cv2}, no activation).
 */
public final class ScDownSpec extends BaseModuleSpec {
    /** The spec. */
    public ScDownSpec() {
        super(
                "SCDown",
                "ultralytics.nn.modules.block.SCDown",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("k", ArgType.INT, integer(3), "kernel of the depthwise convolution"),
                        optional("s", ArgType.INT, integer(2), "stride of the depthwise convolution")),
                "Downsampling in two steps (YOLOv10): a 1x1 Conv changes the channels, then a depthwise k x k Conv "
                        + "with stride s and no activation reduces the size.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = requirePositive(ctx, "c2", "output channels");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        if (!ok) {
            return null;
        }
        int k = ctx.intArg("k");
        int s = ctx.intArg("s");
        ModuleInstance one = new Instance(
                injectedArgs(ctx, c1, c2, false),
                ConvPart.of(c1, c2, 1, 1),
                ConvPart.of(c2, c2, k, s, c2, false),
                DefaultActivation.of(ctx));
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    /** A bound SCDown. */
    static final class Instance implements ModuleInstance {
        private final List<Value> args;
        private final ConvPart cv1;
        private final ConvPart cv2;
        private final DefaultActivation activation;

        Instance(List<Value> args, ConvPart cv1, ConvPart cv2, DefaultActivation activation) {
            this.args = List.copyOf(args);
            this.cv1 = cv1;
            this.cv2 = cv2;
            this.activation = activation;
        }

        @Override
        public List<Value> args() {
            return args;
        }

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(cv2.c2());
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "SCDown");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = cv2.outHeight(in.height());
            long w = cv2.outWidth(in.width());
            if (!requireSize(
                    ctx, h, w, "a " + cv2.kh() + "x" + cv2.kw() + " convolution on a " + in.sizeText() + " map")) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(cv2.c2(), h, w, in.stride() * cv2.s());
        }

        @Override
        public long params() {
            return cv1.params() + cv2.params();
        }

        @Override
        public int leaves() {
            return cv1.leaves() + cv2.leaves();
        }

        @Override
        public Set<String> sharedLeaves() {
            return Set.of(Builtins.CONV_DEFAULT_ACT);
        }

        @Override
        public int norms() {
            return 2;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            return cv1.macs(in.height(), in.width()) + cv2.macs(in.height(), in.width());
        }

        /** {@code scDown(c1, c2, k, s)}. */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            return activation.finish(blocks, () -> blocks.scDown(cv1.c1(), cv2.c2(), cv2.kh(), cv2.s()));
        }
    }
}
