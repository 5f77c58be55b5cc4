package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.ArgValues;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.modules.parts.InnerBlocks;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code A2C2f}: YOLO12's area-attention C2f. {@code cv1} (1x1) makes {@code c_ = int(c2 * e)}
 * channels, {@code n} inner blocks run one after another on it (with {@code a2}: two
 * {@code ABlock}s each, area attention with {@code c_ // 32} heads of width 32 plus a 1x1 MLP;
 * without: a {@code C3k}), and {@code cv2} (1x1) fuses {@code cv1}'s output and every inner
 * block's. With {@code a2} and {@code residual} the result is {@code x + gamma * y}, a learnable
 * per-channel scale (so input and output channels must be equal).
 *
 * <p>Parser side effects, as Ultralytics 8.4.117's {@code parse_model} has them: the row clears the
 * model's {@code legacy} flag, and when the scale is a substring of {@code "lx"} (l, x, or an empty
 * scale) {@code (True, 1.2)} is appended to the arguments, which lands on {@code residual} and
 * {@code mlp_ratio} for a row written as {@code [c2, a2, area]}. Ultralytics asserts
 * {@code c_ % 32 == 0} and, at run time, that {@code H * W} splits into {@code area} parts: both are
 * reported here at the row.
 */
public final class A2c2fSpec extends BaseModuleSpec {
    /** The arguments after {@code c1, c2, n}, in constructor order. */
    private static final List<String> TAIL = List.of("a2", "area", "residual", "mlp_ratio", "e", "g", "shortcut");

    /** The spec. */
    public A2c2fSpec() {
        super(
                "A2C2f",
                "ultralytics.nn.modules.block.A2C2f",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional("a2", ArgType.BOOL, bool(true), "area-attention inner blocks (else C3k blocks)"),
                        optional(
                                "area",
                                ArgType.INT,
                                integer(1),
                                "number of areas the feature map is split into for attention"),
                        optional(
                                "residual",
                                ArgType.BOOL,
                                bool(false),
                                "add the input, scaled per channel by a learnable gamma; set at scales l and x"),
                        optional(
                                "mlp_ratio",
                                ArgType.FLOAT,
                                floating(2.0),
                                "hidden width ratio of each ABlock's MLP; 1.2 at scales l and x"),
                        optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c_ = int(c2 * e)"),
                        optional("g", ArgType.INT, integer(1), "groups of the C3k blocks' convolutions"),
                        optional("shortcut", ArgType.BOOL, bool(true), "residual connections in the C3k blocks")),
                "Area-attention C2f (YOLO12): n inner blocks chained after cv1, each two ABlocks (multi-head "
                        + "attention within area parts of the map, 32 channels per head, plus an MLP) or a C3k, "
                        + "fused by cv2. The hidden width int(c2 * e) must be a multiple of 32. The row's repeats are "
                        + "its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        ctx.clearLegacy();
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels")
                || !requirePositive(ctx, "e", "e")
                || !requirePositive(ctx, "g", "groups")) {
            return null;
        }
        List<Value> args = injectedArgs(ctx, c1, c2, true);
        String scale = ctx.parserScale();
        if ("lx".contains(scale)) {
            int written = ctx.args().size();
            String which = scale.isEmpty() ? "without a scale" : "at scale '" + scale + "'";
            if (written != 3) {
                ctx.report(
                                written < 3 ? DiagCode.E0402 : DiagCode.E0401,
                                ctx.argSpan("c2"),
                                "A2C2f " + which + " needs exactly its [c2, a2, area] arguments")
                        .label("Ultralytics appends (True, 1.2) here, meant as residual and mlp_ratio")
                        .note("the rule is `scale in \"lx\"`, true for l, x and for an empty scale")
                        .hint("write the row as [" + ctx.intArg("c2") + ", True, 1] (area as you need it)")
                        .emit();
                return null;
            }
            args.add(bool(true));
            args.add(floating(1.2));
        }
        boolean a2 = ArgValues.truthy(tail(ctx, args, "a2"));
        int area = ArgValues.toInt(tail(ctx, args, "area"));
        boolean residual = ArgValues.truthy(tail(ctx, args, "residual"));
        double mlpRatio = ArgValues.toDouble(tail(ctx, args, "mlp_ratio"));
        double e = ctx.floatArg("e");
        int g = ctx.intArg("g");
        boolean shortcut = ctx.boolArg("shortcut");
        int c = CspChecks.hidden(ctx, name(), c2, "e");
        if (c < 0) {
            return null;
        }
        if (c % 32 != 0) {
            ctx.report(
                            DiagCode.E0513,
                            ctx.written("e") ? ctx.argSpan("e") : ctx.argSpan("c2"),
                            "A2C2f's hidden width int(" + c2 + " * " + e + ") = " + c + " is not a multiple of 32")
                    .label(
                            c2 == ctx.intArg("c2")
                                    ? "declared " + c2
                                    : "declared " + ctx.intArg("c2") + ", " + c2 + " after width scaling")
                    .note(
                            "Ultralytics asserts it (\"Dimension of ABlock must be a multiple of 32\"), with or without a2")
                    .hint(suggestion(ctx, e))
                    .emit();
            return null;
        }
        boolean gamma = a2 && residual;
        if (gamma && c1 != c2) {
            ctx.report(
                            DiagCode.E0508,
                            ctx.argSpan("c2"),
                            "A2C2f with residual needs as many output channels as input channels, got " + c1
                                    + " in and " + c2 + " out")
                    .hint("give the residual A2C2f the same channels as the layer before it")
                    .emit();
            return null;
        }
        int n = ctx.repeats();
        int heads = c / 32;
        int mlp = (int) (c * mlpRatio);
        if (a2 && mlp < 1) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("c2"),
                            "A2C2f's MLP hidden width int(" + c + " * " + mlpRatio + ") is " + mlp
                                    + ", expected at least 1")
                    .emit();
            return null;
        }
        if (a2 && area < 1) {
            // area <= 1 means no split in Ultralytics' forward; only negative values are odd
            area = 1;
        }
        if (!a2 && !CspChecks.groupsDivide(ctx, name(), "g", g, c / 2)) {
            return null;
        }
        List<ConvPart> convs = new ArrayList<>(List.of(ConvPart.of(c1, c, 1, 1), ConvPart.of((1 + n) * c, c2, 1, 1)));
        for (int i = 0; i < n; i++) {
            if (a2) {
                for (int j = 0; j < 2; j++) {
                    convs.add(ConvPart.of(c, 3 * c, 1, 1, 1, false));
                    convs.add(ConvPart.of(c, c, 1, 1, 1, false));
                    convs.add(ConvPart.of(c, c, 7, 1, c, false));
                    convs.add(ConvPart.of(c, mlp, 1, 1));
                    convs.add(ConvPart.of(mlp, c, 1, 1, 1, false));
                }
            } else {
                convs.addAll(InnerBlocks.c3k(c, c, 2, g, 3));
            }
        }
        int finalArea = area;
        int printedArea = ArgValues.toInt(tail(ctx, args, "area"));
        DefaultActivation act = DefaultActivation.of(ctx);
        return new SameSizeInstance(args, c2, convs, name()) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "A2C2f");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                long positions = in.height() * in.width();
                if (a2 && finalArea > 1 && positions % finalArea != 0 && !sctx.estimating()) {
                    sctx.report(
                                    DiagCode.E0511,
                                    sctx.argSpan("area"),
                                    "A2C2f's " + in.height() + "x" + in.width() + " feature map (" + positions
                                            + " positions) does not split into " + printedArea + " areas")
                            .label("area " + printedArea)
                            .note("Ultralytics' area attention reshapes H * W into area equal parts and fails at"
                                    + " the first forward pass")
                            .hint("choose an image size whose map at this layer has H * W divisible by " + printedArea
                                    + ", or another area")
                            .emit();
                    return Shape.UNKNOWN;
                }
                return super.infer(inputs, sctx);
            }

            @Override
            public long params() {
                return super.params() + (gamma ? c2 : 0);
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                long total = super.macs(inputs, output);
                if (a2) {
                    Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
                    long tokens = in.height() * in.width() / finalArea;
                    // torch_utils._attention_ops: area * heads * tokens^2 * (key_dim + head_dim) per AAttn
                    total += 2L * n * finalArea * heads * tokens * tokens * (32 + 32);
                }
                return total;
            }

            @Override
            public FlopTraits flopTraits() {
                return a2 ? FlopTraits.ATTENTION : FlopTraits.PLAIN;
            }

            /** {@code a2c2f(c1, c2, n, a2, area, residual, mlp_ratio, e, g, shortcut)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return act.finish(
                        blocks, () -> blocks.a2c2f(c1, c2, n, a2, finalArea, residual, mlpRatio, e, g, shortcut));
            }
        };
    }

    /** The nearest declared width at or above the row's whose scaled hidden width is a multiple of 32. */
    private static String suggestion(BindContext ctx, double e) {
        int declared = ctx.intArg("c2");
        for (int d = (declared + 31) / 32 * 32; d <= declared + 4096; d += 32) {
            int c = (int) (ctx.scaleChannels(d) * e);
            if (c > 0 && c % 32 == 0) {
                return "declare " + d + " output channels (hidden width " + c + " at this scale)";
            }
        }
        return "use more output channels";
    }

    /** The constructor argument {@code name} (one of {@link #TAIL}) as Ultralytics passes it. */
    private static Value tail(BindContext ctx, List<Value> args, String name) {
        int position = 3 + TAIL.indexOf(name);
        return position < args.size() ? args.get(position) : ctx.arg(name);
    }
}
