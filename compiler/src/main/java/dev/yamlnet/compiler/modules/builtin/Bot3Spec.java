package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireDivisible;
import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.AttentionMemory;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleFacts;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code BoT3}: a C3-style block whose inner blocks are BoTNet bottleneck transformers
 * (multi-head self-attention over every position of the feature map), as the BoT3 reference
 * implementation that produced the parity fixtures defines it (docs/modules.md#bot3).
 * {@code cv1} and {@code cv2} (1x1) take {@code c = int(c2 * e)} channels each, {@code m} runs
 * {@code n} inner blocks on the first half ({@code x + MHSA(cv1(x))},
 * 4 heads, with an unused {@code fc1} Linear that checkpoints carry), and {@code cv3} (1x1) fuses
 * the {@code 2c} channels. Spatial size is kept.
 *
 * <p>With {@code w, h > 0} the attention has learned position tables for a {@code w x h} grid,
 * which bind the block to one feature-map size: the map must have exactly {@code w} rows and
 * {@code h} columns. Ultralytics cannot check this before a forward pass (its stride pass at 256
 * crashes instead); yamlnet checks it statically (E0504), except for its own cost estimate where
 * Ultralytics' counter fails. With {@code w = h = 0} the block has no tables and takes any size.
 *
 * <p>Attention is quadratic in the number of positions: the logits of one inner block hold
 * {@code 4 * N^2} floats per image ({@code N = H * W}). The figure is reported with the layer and
 * warned about above {@value #WARN_MIB} MiB.
 */
public final class Bot3Spec extends BaseModuleSpec {
    /** Attention heads, fixed by the reference's {@code BottleneckTransformer}. */
    public static final int HEADS = 4;

    /** Attention logits per image and inner block above which W0501 warns. */
    public static final int WARN_MIB = 256;

    private static final long WARN_BYTES = (long) WARN_MIB << 20;

    /** The spec. */
    public Bot3Spec() {
        super(
                "BoT3",
                "ultralytics.nn.modules.block.BoT3",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional(
                                "e",
                                ArgType.FLOAT,
                                floating(0.5),
                                "hidden width ratio: c = int(c2 * e), a multiple of the 4 heads"),
                        optional("e2", ArgType.INT, integer(1), "expansion of the inner blocks; must be 1"),
                        optional(
                                "w",
                                ArgType.INT,
                                integer(20),
                                "feature-map rows the position tables fit (0: no tables)"),
                        optional(
                                "h",
                                ArgType.INT,
                                integer(20),
                                "feature-map columns the position tables fit (0: no tables)")),
                "C3-style block of BoTNet bottleneck transformers: two 1x1 convolutions split the input, n inner blocks "
                        + "(1x1 conv, then 4-head self-attention over all positions, residual) run on the first half, and a "
                        + "1x1 convolution fuses both. With w, h > 0 the attention has position tables for a w x h map and "
                        + "the input must have exactly that size (imgsz = w * stride); with w = h = 0 any size works. "
                        + "Attention memory grows with the square of the map's area. The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        if (!requirePositive(ctx, "c2", "output channels") || !requirePositive(ctx, "e", "e")) {
            return null;
        }
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = checkExpansion(ctx);
        ok &= requireTableSize(ctx, "w", "w (position table rows)");
        ok &= requireTableSize(ctx, "h", "h (position table columns)");
        if (!ok) {
            return null;
        }
        long w = ((Value.Int) ctx.arg("w")).value().longValueExact();
        long h = ((Value.Int) ctx.arg("h")).value().longValueExact();
        if ((w == 0) != (h == 0)) {
            String zero = w == 0 ? "w" : "h";
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan(zero),
                            "BoT3's w and h must both be positive (position tables) or both 0 "
                                    + "(no tables), got w = " + w + ", h = " + h)
                    .label("a " + w + "x" + h + " position table has no positions")
                    .hint("write " + Math.max(w, h) + ", " + Math.max(w, h) + " for tables that fit a " + Math.max(w, h)
                            + "x" + Math.max(w, h) + " map, or 0, 0 for content-only attention at any image size")
                    .emit();
            return null;
        }
        double e = ctx.floatArg("e");
        int c = (int) (c2 * e);
        String eSpan = ctx.written("e") ? "e" : "c2";
        if (c < 1) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan(eSpan),
                            "BoT3's hidden width int(" + c2 + " * " + PyRepr.floatRepr(e) + ") is 0")
                    .hint("use a larger e (0.5 is the standard)")
                    .emit();
            return null;
        }
        if (!requireDivisible(
                ctx,
                eSpan,
                c,
                HEADS,
                "BoT3's hidden width int(" + c2 + " * " + PyRepr.floatRepr(e) + ") = " + c + " is not divisible by its "
                        + HEADS + " attention heads",
                "choose c2 and e so that int(c2 * e) is a multiple of " + HEADS + " (with e = 0.5: c2 a multiple of "
                        + 2 * HEADS + " after width scaling), e.g. c2 = " + c2 + " with e = " + suggestE(c2))) {
            return null;
        }
        return new Instance(
                injectedArgs(ctx, c1, c2, true), c1, c2, c, e, ctx.repeats(), w, h, DefaultActivation.of(ctx));
    }

    /** Reports E0404 when a table size is negative. */
    private static boolean requireTableSize(BindContext ctx, String name, String what) {
        Value v = ctx.arg(name);
        if (v instanceof Value.Int n && n.value().signum() < 0) {
            ctx.report(DiagCode.E0404, ctx.argSpan(name), "BoT3's " + what + " must not be negative, got " + n.value())
                    .label("a table size")
                    .hint("give the feature map's size at this layer (imgsz / stride, e.g. 20 at P5 for imgsz 640), "
                            + "or 0 for both w and h for no position tables")
                    .emit();
            return false;
        }
        return true;
    }

    /** The reference builds with other expansions but its forward pass fails: only 1 is allowed. */
    private static boolean checkExpansion(BindContext ctx) {
        Value v = ctx.arg("e2");
        if (v instanceof Value.Int i && i.value().equals(BigInteger.ONE)) {
            return true;
        }
        ctx.report(DiagCode.E0404, ctx.argSpan("e2"), "BoT3's expansion e2 must be 1, got " + PyRepr.repr(v))
                .label("the reference builds the inner blocks for " + PyRepr.repr(v)
                        + "x channels, but their forward pass " + "fails")
                .hint("write 1 (or leave e2 out); to widen the block raise c2 or e instead")
                .emit();
        return false;
    }

    /** A ratio that gives a multiple of the heads for {@code c2}, for the hint. */
    private static String suggestE(int c2) {
        for (double e : new double[] {0.5, 0.25, 1.0, 0.75}) {
            int c = (int) (c2 * e);
            if (c >= HEADS && c % HEADS == 0) {
                return PyRepr.floatRepr(e);
            }
        }
        return "0.5 and c2 a multiple of " + 2 * HEADS;
    }

    /**
     * One bound BoT3. Parameters: {@code 2 c1 c + 4c} (cv1, cv2),
     * {@code 2 c c2 + 2 c2} (cv3), and per inner block {@code 5c^2 + 6c + c (w + h)} (cv1, the
     * three biased 1x1 projections, fc1, position tables). Leaves: {@code 6 + 7n} (cv1, cv2, cv3 with
     * 2 each, then per inner block its cv1 (2), query, key, value, fc1 and the MHSA's softmax module).
     */
    public static final class Instance implements ModuleInstance {
        private final List<Value> args;
        private final int c1;
        private final int c2;
        private final int c;
        private final double e;
        private final int n;
        private final long w;
        private final long h;
        private final ConvPart cv1;
        private final ConvPart cv2;
        private final ConvPart cv3;
        private final ConvPart innerCv1;
        private final DefaultActivation activation;

        Instance(
                List<Value> args,
                int c1,
                int c2,
                int c,
                double e,
                int n,
                long w,
                long h,
                DefaultActivation activation) {
            this.args = List.copyOf(args);
            this.c1 = c1;
            this.c2 = c2;
            this.e = e;
            this.c = c;
            this.n = n;
            this.w = w;
            this.h = h;
            this.cv1 = ConvPart.of(c1, c, 1, 1);
            this.cv2 = ConvPart.of(c1, c, 1, 1);
            this.cv3 = ConvPart.of(2 * c, c2, 1, 1);
            this.innerCv1 = ConvPart.of(c, c, 1, 1);
            this.activation = activation;
        }

        /**
         * {@code bot3(c1, c2, n, e, 1, w, h)}; none for tables larger than an int or an activation the
         * runtime cannot run.
         */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            return activation.finish(blocks, () -> blocks.bot3(c1, c2, n, e, 1, (int) w, (int) h));
        }

        /** Whether the attention has position tables (and is bound to a {@code w x h} map). */
        public boolean hasTables() {
            return w > 0 && h > 0;
        }

        /** Hidden width {@code int(c2 * e)}. */
        public int hidden() {
            return c;
        }

        /** Inner blocks. */
        public int blocks() {
            return n;
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
            Shape.FeatureMap in = featureMap(inputs, ctx, "BoT3");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            if (hasTables() && (in.height() != w || in.width() != h) && !ctx.estimating()) {
                // while probing this is the forward pass that raises; the collector is silent then
                reportTableMismatch(in, ctx);
                return Shape.UNKNOWN;
            }
            long bytes = attentionMemory(in).bytes();
            if (!ctx.probing() && bytes > WARN_BYTES) {
                long positions = in.height() * in.width();
                ctx.report(
                                DiagCode.W0501,
                                ctx.moduleSpan(),
                                "BoT3 at layer " + ctx.layerIndex() + " needs "
                                        + AttentionMemory.humanBytes(bytes)
                                        + " per image for the attention logits of each inner block, more than "
                                        + WARN_MIB + " MiB")
                        .label(HEADS + " heads x " + positions + "^2 float32 values on a " + in.sizeText() + " map")
                        .hint(
                                "memory grows with the square of the map's area: place BoT3 on a coarser map (P5, stride 32) "
                                        + "or use a smaller image size")
                        .emit();
            }
            return new Shape.FeatureMap(c2, in.height(), in.width(), in.stride());
        }

        private void reportTableMismatch(Shape.FeatureMap in, ShapeContext ctx) {
            String wrongArg = in.height() != w ? "w" : "h";
            int source = ctx.inputLayers().get(0);
            String stride = in.stride() == Math.rint(in.stride())
                    ? Long.toString((long) in.stride())
                    : PyRepr.floatRepr(in.stride());
            String fit;
            if (w == h && in.stride() == Math.rint(in.stride())) {
                long imgsz = w * (long) in.stride();
                fit = "use imgsz = w * stride = " + w + " * " + (long) in.stride() + " = " + imgsz;
            } else {
                fit = "no square image fits tables of " + w + "x" + h + "; make w and h equal";
            }
            ctx.report(
                            DiagCode.E0504,
                            ctx.argSpan(wrongArg),
                            "BoT3 at layer " + ctx.layerIndex() + " has position tables for a "
                                    + w + "x" + h + " map, but the feature map that reaches it is " + in.sizeText()
                                    + " at imgsz "
                                    + ctx.imageHeight())
                    .label("tables for " + w + " rows and " + h + " columns (w x h)")
                    .note(
                            (source < 0 ? "the image" : "layer " + source) + " outputs the " + in.sizeText()
                                    + " map (stride " + stride + ")",
                            source < 0 ? Span.NONE : ctx.layerSpan(source))
                    .hint(fit + ", or set w, h to " + in.height() + ", " + in.width() + " for imgsz "
                            + ctx.imageHeight() + ", or to 0, 0 for content-only attention at any size")
                    .emit();
        }

        /** Attention logits of one inner block for one image: {@code 4 * N^2} float32 values. */
        static AttentionMemory attentionMemory(Shape.FeatureMap in) {
            return new AttentionMemory(HEADS, in.height() * in.width());
        }

        @Override
        public long params() {
            long perBlock = 5L * c * c + 6L * c + (long) c * (w + h);
            return cv1.params() + cv2.params() + cv3.params() + n * perBlock;
        }

        @Override
        public int leaves() {
            // cv1, cv2, cv3 (conv + bn each); per block cv1 (2), query, key, value, softmax, fc1
            return 6 + 7 * n;
        }

        @Override
        public Set<String> sharedLeaves() {
            return Set.of(Builtins.CONV_DEFAULT_ACT);
        }

        @Override
        public int norms() {
            return 3 + n;
        }

        /**
         * As thop 2.1.6 counts it: the Conv parts and the three 1x1 projections as convolutions, the
         * softmax module over {@code 4N} rows of {@code N}; fc1 never runs and the matrix products
         * are functional, so thop counts neither.
         */
        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            long hh = in.height();
            long ww = in.width();
            long positions = hh * ww;
            long block = innerCv1.macs(hh, ww)
                    + 3 * Thop.conv2d(c, c, 1, 1, 1, hh, ww)
                    + Thop.softmax(HEADS * positions, positions);
            return cv1.macs(hh, ww) + cv2.macs(hh, ww) + cv3.macs(hh, ww) + n * block;
        }

        /** fc1 is an {@code nn.Linear}: thop then needs the second proxy sample (E4.1.3). */
        @Override
        public FlopTraits flopTraits() {
            return FlopTraits.LINEAR_OR_ADAPTIVE_POOL;
        }

        /** The attention memory of each inner block at this input. */
        @Override
        public ModuleFacts facts(List<Shape> inputs, Shape output) {
            if (!(inputs.get(0) instanceof Shape.FeatureMap in)) {
                return ModuleFacts.NONE;
            }
            return ModuleFacts.attention(attentionMemory(in));
        }
    }
}
