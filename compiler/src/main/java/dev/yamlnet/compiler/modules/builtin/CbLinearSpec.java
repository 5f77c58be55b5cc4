package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.ArgValues;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeChecks;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.ShapeMath;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code CBLinear(c1, c2s, k=1, s=1, p=None, g=1)} (YOLOv9 c/e): one {@code nn.Conv2d} with bias to
 * {@code sum(c2s)} channels, split into one output per entry of {@code c2s}, so the layer outputs a
 * tuple of feature maps that {@code CBFuse} rows pick from. Ultralytics' own branch: the channel
 * list is not width-scaled and is recorded as the row's channels (a list; yamlnet records its sum,
 * which only a row that wrongly reads the tuple as one map would see, and that row is an error).
 */
public final class CbLinearSpec extends BaseModuleSpec {
    /** The spec. */
    public CbLinearSpec() {
        super(
                "CBLinear",
                "ultralytics.nn.modules.block.CBLinear",
                InputArity.ONE,
                List.of(
                        required("c2s", ArgType.INT_LIST, "output channels of each part, not scaled"),
                        optional("k", ArgType.INT, integer(1), "kernel size"),
                        optional("s", ArgType.INT, integer(1), "stride"),
                        optional("p", ArgType.OPTIONAL_INT, none(), "padding; None for same padding"),
                        optional("g", ArgType.INT, integer(1), "groups")),
                "YOLOv9's multi-output convolution: one convolution with bias to sum(c2s) channels, split into a tuple "
                        + "of maps (one per entry of c2s) for CBFuse rows to pick from. Not width-scaled.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        if (!requireWindow(ctx, "k", "kernel size")
                || !requireWindow(ctx, "s", "stride")
                || !requirePositive(ctx, "g", "groups")) {
            return null;
        }
        List<Integer> c2s = new ArrayList<>();
        for (Value v : ((Value.Seq) ctx.arg("c2s")).items()) {
            c2s.add(ArgValues.toInt(v));
        }
        if (c2s.isEmpty() || c2s.stream().anyMatch(c -> c < 1)) {
            ctx.report(DiagCode.E0404, ctx.argSpan("c2s"), "CBLinear needs a non-empty list of positive channel counts")
                    .emit();
            return null;
        }
        int k = ctx.intArg("k");
        int s = ctx.intArg("s");
        int g = ctx.intArg("g");
        Value pv = ctx.arg("p");
        int p = pv instanceof Value.None ? ShapeMath.autopad(k, 1) : ArgValues.toInt(pv);
        int total = c2s.stream().mapToInt(Integer::intValue).sum();
        if (c1 % g != 0 || total % g != 0) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.written("g") ? ctx.argSpan("g") : ctx.moduleSpan(),
                            "groups " + g + " must divide the input channels (" + c1 + ") and the output channels ("
                                    + total + ")")
                    .emit();
            return null;
        }
        List<Value> args = new ArrayList<>();
        args.add(integer(c1));
        args.addAll(ctx.args());
        return new Instance(args, c1, List.copyOf(c2s), total, k, s, p, g);
    }

    private record Instance(List<Value> args, int c1, List<Integer> c2s, int total, int k, int s, int p, int g)
            implements ModuleInstance {
        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(total);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = featureMap(inputs, ctx, "CBLinear");
            if (in == null) {
                return Shape.UNKNOWN;
            }
            long h = ShapeMath.convOut(in.height(), k, s, p, 1);
            long w = ShapeMath.convOut(in.width(), k, s, p, 1);
            if (!ShapeChecks.requireSize(ctx, h, w, "CBLinear")) {
                return Shape.UNKNOWN;
            }
            double stride = in.stride() * s;
            List<Shape> parts = new ArrayList<>();
            for (int c : c2s) {
                parts.add(new Shape.FeatureMap(c, h, w, stride));
            }
            return new Shape.Tuple(parts);
        }

        @Override
        public long params() {
            return (long) total * (c1 / g) * k * k + total;
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
            Shape.FeatureMap first =
                    (Shape.FeatureMap) ((Shape.Tuple) output).items().get(0);
            return Thop.conv2d(c1, total, k, k, g, first.height(), first.width());
        }

        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            int[] parts = c2s.stream().mapToInt(Integer::intValue).toArray();
            return Optional.of(blocks.cbLinear(c1, parts, k, s, p, g));
        }
    }
}
