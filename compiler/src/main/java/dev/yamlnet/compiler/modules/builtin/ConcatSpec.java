package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgValues.integer;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.SimpleInstance;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code Concat}: joins its inputs along the channel axis; every input must have the same height
 * and width, and the output has the sum of their channels.
 */
public final class ConcatSpec extends BaseModuleSpec {
    /** The spec. */
    public ConcatSpec() {
        super(
                "Concat",
                "ultralytics.nn.modules.conv.Concat",
                InputArity.MANY,
                List.of(optional(
                        "dimension",
                        ArgType.INT,
                        integer(1),
                        "axis to concatenate on; 1 (channels) is the only useful one")),
                "Concatenates the listed layers along the channel axis. All inputs must share height and width; "
                        + "the output's channels are the sum of the inputs'.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        if (ctx.intArg("dimension") != 1) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("dimension"),
                            "Concat on dimension " + ctx.intArg("dimension") + " is not supported")
                    .label("only channel concatenation (1) keeps a valid feature map")
                    .hint("write [1]")
                    .emit();
            return null;
        }
        int sum = ctx.inputChannels().stream().mapToInt(Integer::intValue).sum();
        return new Instance(ctx.args(), sum);
    }

    private static final class Instance extends SimpleInstance {
        Instance(List<Value> args, int channels) {
            super(args, channels);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            int total = 0;
            Shape.FeatureMap first = null;
            for (int i = 0; i < inputs.size(); i++) {
                if (!(inputs.get(i) instanceof Shape.FeatureMap f)) {
                    ctx.report(
                                    DiagCode.E0509,
                                    ctx.fromSpan(),
                                    "Concat input " + i + " (layer "
                                            + ctx.inputLayers().get(i) + ") is not a feature map but "
                                            + Shape.describe(inputs.get(i)))
                            .emit();
                    return Shape.UNKNOWN;
                }
                total += f.channels();
                if (first == null) {
                    first = f;
                } else if (f.height() != first.height() || f.width() != first.width()) {
                    reportMismatch(ctx, inputs, first, i, f);
                    return Shape.UNKNOWN;
                }
            }
            return new Shape.FeatureMap(total, first.height(), first.width(), first.stride());
        }

        private static void reportMismatch(
                ShapeContext ctx, List<Shape> inputs, Shape.FeatureMap first, int i, Shape.FeatureMap f) {
            int a = ctx.inputLayers().get(0);
            int b = ctx.inputLayers().get(i);
            String la = a < 0 ? "the image" : "layer " + a;
            String lb = b < 0 ? "the image" : "layer " + b;
            Diagnostics.Report r = ctx.report(
                            DiagCode.E0502, ctx.moduleSpan(), "Concat inputs have different spatial sizes")
                    .label("input 0 (" + la + ") is " + first.sizeText() + ", input " + i + " (" + lb + ") is "
                            + f.sizeText());
            if (b >= 0) {
                r.note("layer " + b + " is declared here", ctx.layerSpan(b));
            }
            double ratio = (double) f.height() / first.height();
            if (ratio == 2 || ratio == 0.5) {
                boolean firstSmaller = ratio == 2;
                r.hint(
                        firstSmaller
                                ? "insert [-1, 1, nn.Upsample, [None, 2, \"nearest\"]] before this row, or take input "
                                        + i + " from a layer with stride " + Math.round(first.stride())
                                : "take input " + i + " from a layer with stride " + Math.round(first.stride())
                                        + ", or downsample it with a stride-2 Conv first");
            } else {
                r.hint("all inputs of a Concat must come from layers with the same stride ("
                        + Math.round(first.stride()) + " for input 0, " + Math.round(f.stride()) + " for input " + i
                        + ")");
            }
            r.emit();
        }

        /** {@code concat(1)}: the only dimension the spec accepts. */
        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            return Optional.of(blocks.concat(1));
        }
    }
}
