package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requireNonNegative;
import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
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
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code nn.ConvTranspose2d} (YOLOv6's learnt upsampling): one of PyTorch's modules that
 * Ultralytics' {@code parse_model} treats as a base module, so {@code c2} is width-scaled and
 * {@code c1} injected: {@code ConvTranspose2d(c1, c2, k, s, p, output_padding, groups, bias,
 * dilation)}. Output size {@code (H - 1) s - 2 p + d (k - 1) + output_padding + 1}; parameters
 * {@code c1 (c2 / groups) k^2} plus {@code c2} biases (PyTorch's default {@code bias=True}); thop
 * counts {@code input elements * (c2 / groups) * k^2} MACs. No BatchNorm, no activation.
 */
public final class ConvTranspose2dSpec extends BaseModuleSpec {
    /** The spec. */
    public ConvTranspose2dSpec() {
        super(
                "nn.ConvTranspose2d",
                "torch.nn.modules.conv.ConvTranspose2d",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        required("k", ArgType.INT, "kernel size"),
                        optional("s", ArgType.INT, integer(1), "stride (the upsampling factor when k == s)"),
                        optional("p", ArgType.INT, integer(0), "padding taken off each border of the output"),
                        optional("output_padding", ArgType.INT, integer(0), "extra rows and columns at the end"),
                        optional("groups", ArgType.INT, integer(1), "groups"),
                        optional("bias", ArgType.BOOL, bool(true), "learnable bias"),
                        optional("dilation", ArgType.INT, integer(1), "kernel dilation")),
                "PyTorch's transposed convolution (learnt upsampling, YOLOv6): with kernel 2 and stride 2 each pixel "
                        + "becomes a 2x2 patch. Plain module: bias, no BatchNorm, no activation.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        boolean ok = requirePositive(ctx, "c2", "output channels");
        ok &= requireWindow(ctx, "k", "kernel size");
        ok &= requireWindow(ctx, "s", "stride");
        ok &= requireNonNegative(ctx, "p", "padding");
        ok &= requireNonNegative(ctx, "output_padding", "output padding");
        ok &= requirePositive(ctx, "groups", "groups");
        ok &= requireWindow(ctx, "dilation", "dilation");
        if (!ok) {
            return null;
        }
        int k = ctx.intArg("k");
        int s = ctx.intArg("s");
        int p = ctx.intArg("p");
        int op = ctx.intArg("output_padding");
        int g = ctx.intArg("groups");
        int d = ctx.intArg("dilation");
        boolean bias = ctx.boolArg("bias");
        if (c1 % g != 0 || c2 % g != 0) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.argSpan("groups"),
                            "groups " + g + " must divide the input channels (" + c1 + ") and the output channels ("
                                    + c2 + ")")
                    .emit();
            return null;
        }
        if (op >= s && op >= d) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("output_padding"),
                            "output_padding " + op + " must be smaller than the stride or the dilation")
                    .label("PyTorch refuses it when the module runs")
                    .emit();
            return null;
        }
        ModuleInstance one = new Instance(injectedArgs(ctx, c1, c2, false), c1, c2, k, s, p, op, g, bias, d);
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }

    /** One bound {@code nn.ConvTranspose2d}. */
    record Instance(List<Value> args, int c1, int c2, int k, int s, int p, int op, int g, boolean bias, int d)
            implements ModuleInstance {

        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(c2);
        }

        long out(long in) {
            return (in - 1) * s - 2L * p + (long) d * (k - 1) + op + 1;
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "ConvTranspose2d");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = out(in.height());
            long w = out(in.width());
            if (!ShapeChecks.requireSize(ctx, h, w, "ConvTranspose2d")) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(c2, h, w, in.stride() * in.height() / h);
        }

        @Override
        public long params() {
            return (long) c1 * (c2 / g) * k * k + (bias ? c2 : 0);
        }

        @Override
        public int leaves() {
            return 1;
        }

        @Override
        public int norms() {
            return 0;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            return Thop.convTranspose2d(c1, c2, k, k, g, in.height(), in.width());
        }

        /** {@code convTranspose2d(c1, c2, k, s, p, output_padding, groups, bias, dilation)}; the runtime runs k == s. */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            if (k != s || p != 0 || op != 0 || g != 1 || d != 1) {
                return Optional.empty();
            }
            return Optional.of(blocks.convTranspose2d(c1, c2, k, s, p, op, g, bias, d));
        }
    }
}
