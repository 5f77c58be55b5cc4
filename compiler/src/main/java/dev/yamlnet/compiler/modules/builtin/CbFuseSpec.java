package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.required;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.ArgValues;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code CBFuse(idx)} (YOLOv9 c/e): its {@code from} lists multi-output layers (CBLinear rows) and,
 * last, one feature map; from input {@code i} it takes part {@code idx[i]}, resizes it to the last
 * input's size (nearest) and sums everything. Ultralytics' own branch: {@code c2 = ch[f[-1]]}, the
 * arguments are printed as written. An index outside its input's parts (or fewer indices than
 * multi-output inputs) fails only in Ultralytics' forward pass; yamlnet reports it at the row.
 */
public final class CbFuseSpec extends BaseModuleSpec {
    /** The spec. */
    public CbFuseSpec() {
        super(
                "CBFuse",
                "ultralytics.nn.modules.block.CBFuse",
                InputArity.MANY,
                List.of(required("idx", ArgType.INT_LIST, "which part of each multi-output input to take")),
                "YOLOv9's fusion of CBLinear outputs: picks part idx[i] of the i-th input, resizes it (nearest) to "
                        + "the last input's size and sums them all with the last input. from lists the CBLinear rows, "
                        + "then the map to add to.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        List<Integer> idx = new ArrayList<>();
        for (Value v : ((Value.Seq) ctx.arg("idx")).items()) {
            idx.add(ArgValues.toInt(v));
        }
        List<Integer> ch = ctx.inputChannels();
        return new Instance(ctx.args(), List.copyOf(idx), ch.get(ch.size() - 1));
    }

    private record Instance(List<Value> args, List<Integer> idx, int c2) implements ModuleInstance {
        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(c2);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape lastShape = inputs.get(inputs.size() - 1);
            if (!(lastShape instanceof Shape.FeatureMap last)) {
                ctx.report(
                                DiagCode.E0509,
                                ctx.fromSpan(),
                                "CBFuse's last input (layer "
                                        + ctx.inputLayers().get(inputs.size() - 1)
                                        + ") must be a feature map, it outputs " + Shape.describe(lastShape))
                        .hint("list the CBLinear rows first and the map to add to last")
                        .emit();
                return Shape.UNKNOWN;
            }
            int multi = inputs.size() - 1;
            if (idx.size() < multi) {
                ctx.report(
                                DiagCode.E0512,
                                ctx.argSpan("idx"),
                                "CBFuse has " + multi + " inputs to pick from but only " + idx.size() + " indices")
                        .label("one index per input before the last")
                        .emit();
                return Shape.UNKNOWN;
            }
            for (int i = 0; i < multi; i++) {
                Shape s = inputs.get(i);
                int parts = s instanceof Shape.Tuple t ? t.items().size() : -1;
                int layer = ctx.inputLayers().get(i);
                if (parts < 0) {
                    ctx.report(
                                    DiagCode.E0509,
                                    ctx.fromSpan(),
                                    "CBFuse input " + i + " (layer " + layer + ") must be a multi-output layer such as"
                                            + " CBLinear, it outputs " + Shape.describe(s))
                            .emit();
                    return Shape.UNKNOWN;
                }
                int j = idx.get(i);
                if (j < 0 || j >= parts) {
                    ctx.report(
                                    DiagCode.E0512,
                                    ctx.argSpan("idx"),
                                    "CBFuse index " + j + " for input " + i + " (layer " + layer + ") is outside its "
                                            + parts + " outputs")
                            .label("indices must be 0 to " + (parts - 1) + " for layer " + layer)
                            .note("layer " + layer + " outputs " + parts + " maps", ctx.layerSpan(layer))
                            .emit();
                    return Shape.UNKNOWN;
                }
                if (!(((Shape.Tuple) s).items().get(j) instanceof Shape.FeatureMap)) {
                    ctx.report(
                                    DiagCode.E0509,
                                    ctx.fromSpan(),
                                    "CBFuse input " + i + " part " + j + " is not a feature map")
                            .emit();
                    return Shape.UNKNOWN;
                }
            }
            for (int i = 0; i < multi; i++) {
                Shape.FeatureMap part =
                        (Shape.FeatureMap) ((Shape.Tuple) inputs.get(i)).items().get(idx.get(i));
                if (part.channels() != last.channels()) {
                    ctx.report(
                                    DiagCode.E0501,
                                    ctx.fromSpan(),
                                    "CBFuse sums maps of different channel counts: input " + i + " part " + idx.get(i)
                                            + " has " + part.channels() + ", the last input " + last.channels())
                            .emit();
                    return Shape.UNKNOWN;
                }
            }
            return last;
        }

        @Override
        public long params() {
            return 0;
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
            return 0;
        }

        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            int multi = inputs.size() - 1;
            int[] counts = new int[multi];
            int[] picks = new int[multi];
            for (int i = 0; i < multi; i++) {
                counts[i] = ((Shape.Tuple) inputs.get(i)).items().size();
                picks[i] = idx.get(i);
            }
            return Optional.of(blocks.cbFuse(picks, counts));
        }
    }
}
