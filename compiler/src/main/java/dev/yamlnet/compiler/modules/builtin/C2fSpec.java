package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.recipe.BlockRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code C2f}: YOLOv8's CSP block with two convolutions. {@code cv1} (1x1) doubles to {@code 2c}
 * channels ({@code c = int(c2 * e)}), the second half runs through {@code n} bottlenecks (two 3x3
 * convolutions each, residual when {@code shortcut}), and {@code cv2} (1x1) fuses all
 * {@code (2 + n) c} channels. Spatial size is kept.
 */
public final class C2fSpec extends BaseModuleSpec {
    public C2fSpec() {
        super("C2f", "ultralytics.nn.modules.block.C2f", InputArity.ONE, List.of(
                required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                optional("shortcut", ArgType.BOOL, bool(false), "residual connections in the bottlenecks"),
                optional("g", ArgType.INT, integer(1), "groups of the bottlenecks' second convolution"),
                optional("e", ArgType.FLOAT, floating(0.5), "hidden width ratio: c = int(c2 * e)")),
                "CSP bottleneck with two convolutions (YOLOv8). Splits cv1's output in two halves, runs n bottlenecks "
                        + "on the second, concatenates every intermediate result and fuses them with cv2. "
                        + "The row's repeats are its n.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        return bindCsp(ctx, "C2f", true);
    }

    /**
     * The binding shared by C2 and C2f (same arguments {@code [c2, shortcut, g, e]}, same parts):
     * {@code cv1} makes {@code 2c} channels, {@code n} bottlenecks of two 3x3 convolutions run on
     * {@code c} of them, and {@code cv2} fuses either the two halves (C2) or the two halves plus
     * every bottleneck's output (C2f, {@code concatEvery}).
     */
    static ModuleInstance bindCsp(BindContext ctx, String module, boolean concatEvery) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(intArg(ctx, 0));
        if (!requirePositive(ctx, 0, "output channels") || !requirePositive(ctx, 2, "groups") || !requirePositive(ctx, 3, "e")) {
            return null;
        }
        int n = ctx.repeats();
        int c = (int) (c2 * floatArg(ctx, 3));
        int g = intArg(ctx, 2);
        if (c < 1) {
            ctx.report(dev.yamlnet.compiler.diag.DiagCode.E0404, ctx.argSpan(3), "hidden width int(" + c2 + " * e) is 0")
                    .hint("use a larger e").emit();
            return null;
        }
        if (!requireGroups(ctx, 2, c, c, g)) {
            return null;
        }
        List<ConvPart> convs = new ArrayList<>();
        convs.add(ConvPart.of(c1, 2 * c, 1, 1));
        convs.add(ConvPart.of((concatEvery ? 2 + n : 2) * c, c2, 1, 1));
        for (int i = 0; i < n; i++) {
            convs.add(ConvPart.of(c, c, 3, 1));
            convs.add(ConvPart.of(c, c, 3, 1, g, true));
        }
        // the runtime's factories are named like the modules: Layers.c2 and Layers.c2f
        BlockRecipe recipe = RuntimeSupport.recipe(ctx,
                BlockRecipe.layers(module.toLowerCase(java.util.Locale.ROOT), c1, c2, n, boolArg(ctx, 1), g, floatArg(ctx, 3)));
        return new SameSizeInstance(injectedArgs(ctx, c1, c2, true), c2, convs, module, recipe);
    }

    /**
     * A block of Conv parts that all run at the input's spatial size and outputs {@code c2}
     * channels (C2f, C3, C3k2 and their kind). Parameters, leaves and MACs are the parts' sums.
     */
    public static class SameSizeInstance implements ModuleInstance {
        private final List<Value> args;
        private final int c2;
        private final List<ConvPart> convs;
        private final String module;
        private final BlockRecipe recipe;

        public SameSizeInstance(List<Value> args, int c2, List<ConvPart> convs, String module) {
            this(args, c2, convs, module, null);
        }

        /** With the recipe that builds the runtime block ({@code null} when there is none yet). */
        public SameSizeInstance(List<Value> args, int c2, List<ConvPart> convs, String module, BlockRecipe recipe) {
            this.args = List.copyOf(args);
            this.c2 = c2;
            this.convs = List.copyOf(convs);
            this.module = module;
            this.recipe = recipe;
        }

        @Override
        public Optional<BlockRecipe> recipe() {
            return Optional.ofNullable(recipe);
        }

        public List<ConvPart> convs() {
            return convs;
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
            Shape.FeatureMap in = featureMap(inputs, ctx, module);
            if (in == null) {
                return Shape.UNKNOWN;
            }
            return new Shape.FeatureMap(c2, in.height(), in.width(), in.stride());
        }

        @Override
        public long params() {
            return convs.stream().mapToLong(ConvPart::params).sum();
        }

        @Override
        public int leaves() {
            return convs.stream().mapToInt(ConvPart::leaves).sum();
        }

        @Override
        public Set<String> sharedLeaves() {
            return convs.stream().anyMatch(ConvPart::act) ? Set.of(Builtins.CONV_DEFAULT_ACT) : Set.of();
        }

        @Override
        public int norms() {
            return convs.size();
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            return convs.stream().mapToLong(cv -> cv.macs(in.height(), in.width())).sum();
        }
    }
}
