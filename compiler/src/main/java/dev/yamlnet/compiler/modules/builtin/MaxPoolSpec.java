package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireNonNegative;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static dev.yamlnet.compiler.modules.ArgValues.pair;
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
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code nn.MaxPool2d}: PyTorch's max-pool, built from the row's raw arguments
 * {@code [kernel_size, stride=None (= kernel), padding=0, dilation=1, return_indices=False,
 * ceil_mode=False]}. Output {@code floor((H + 2p - d(k-1) - 1) / s) + 1} (ceiling with
 * {@code ceil_mode}); channels unchanged; thop counts nothing.
 */
public final class MaxPoolSpec extends BaseModuleSpec {
    /** The spec. */
    public MaxPoolSpec() {
        super(
                "nn.MaxPool2d",
                "torch.nn.modules.pooling.MaxPool2d",
                InputArity.ONE,
                List.of(
                        required("kernel_size", ArgType.INT_OR_PAIR, "window size"),
                        optional("stride", ArgType.OPTIONAL_INT, none(), "step; None means the kernel size"),
                        optional(
                                "padding",
                                ArgType.INT_OR_PAIR,
                                integer(0),
                                "implicit -inf padding; at most half the kernel"),
                        optional("dilation", ArgType.INT_OR_PAIR, integer(1), "spacing of the window's elements"),
                        optional(
                                "return_indices",
                                ArgType.BOOL,
                                bool(false),
                                "must be False: a tuple output breaks the next layer"),
                        optional("ceil_mode", ArgType.BOOL, bool(false), "round the output size up instead of down")),
                "PyTorch's MaxPool2d: the maximum over each window. [2, 2, 0] halves height and width; [5, 1, 2] keeps them.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        boolean ok = requireWindow(ctx, "kernel_size", "kernel size");
        ok &= requireWindow(ctx, "stride", "stride");
        ok &= requireWindow(ctx, "dilation", "dilation");
        ok &= requireNonNegative(ctx, "padding", "padding");
        if (!ok) {
            return null;
        }
        if (ctx.boolArg("return_indices")) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("return_indices"),
                            "return_indices=True makes nn.MaxPool2d return a tuple")
                    .hint("remove it; the next layer needs a single feature map")
                    .emit();
            return null;
        }
        int[] k = pair(ctx.arg("kernel_size"));
        int[] p = pair(ctx.arg("padding"));
        int[] d = pair(ctx.arg("dilation"));
        int[] s = ctx.arg("stride") instanceof Value.None ? k : pair(ctx.arg("stride"));
        if (p[0] > k[0] / 2 || p[1] > k[1] / 2) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("padding"),
                            "max-pool padding " + p[0] + (p[0] == p[1] ? "" : "x" + p[1])
                                    + " is more than half the kernel size " + k[0] + (k[0] == k[1] ? "" : "x" + k[1]))
                    .hint("PyTorch requires padding <= kernel_size // 2")
                    .emit();
            return null;
        }
        boolean ceil = ctx.boolArg("ceil_mode");
        ModuleInstance one = new SimpleInstance(ctx.args(), ctx.inputChannels().get(0)) {
            /** {@code maxPool(kh, kw, sh, sw, ph, pw, ceil)}, with the dilation only when it is not 1. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return Optional.of(
                        d[0] == 1 && d[1] == 1
                                ? blocks.maxPool(k[0], k[1], s[0], s[1], p[0], p[1], ceil)
                                : blocks.maxPool(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], ceil));
            }

            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                Shape.FeatureMap in = featureMap(inputs, sctx, "nn.MaxPool2d");
                if (in == null) {
                    return Shape.UNKNOWN;
                }
                long h = out(in.height(), k[0], s[0], p[0], d[0], ceil);
                long w = out(in.width(), k[1], s[1], p[1], d[1], ceil);
                if (!requireSize(sctx, h, w, "a " + k[0] + "x" + k[1] + " max-pool on a " + in.sizeText() + " map")) {
                    return Shape.UNKNOWN;
                }
                return new Shape.FeatureMap(in.channels(), h, w, in.stride() * s[0]);
            }
        };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    /** PyTorch's pooling output size, including its ceil-mode rule (the last window starts inside). */
    static long out(long in, int k, int s, int p, int d, boolean ceil) {
        long span = in + 2L * p - (long) d * (k - 1) - 1;
        if (span < 0) {
            return 0;
        }
        long out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }
}
