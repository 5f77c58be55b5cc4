package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgChecks.requireWindow;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.ArgValues;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.RepeatedInstance;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code SPP}: spatial pyramid pooling (YOLOv3/v5 era). {@code cv1} (1x1) halves the channels to
 * {@code c_ = c1 // 2}, parallel max-pools of each kernel in {@code k} (stride 1, padding
 * {@code k // 2}) add {@code len(k)} maps, and {@code cv2} (1x1) fuses {@code c_ (len(k) + 1)}
 * channels. Spatial size is kept, which needs odd kernels.
 */
public final class SppSpec extends BaseModuleSpec {
    /** The spec. */
    public SppSpec() {
        super(
                "SPP",
                "ultralytics.nn.modules.block.SPP",
                InputArity.ONE,
                List.of(
                        required("c2", ArgType.INT, "output channels, scaled by the model's width"),
                        optional(
                                "k",
                                ArgType.INT_LIST,
                                list(List.of(integer(5), integer(9), integer(13))),
                                "max-pool kernel sizes (odd)")),
                "Spatial pyramid pooling: a 1x1 conv, parallel max-pools of several kernel sizes, and a 1x1 conv over "
                        + "the concatenation. Keeps the spatial size. SPPF is the faster equivalent.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        int c1 = ctx.inputChannels().get(0);
        int c2 = ctx.scaleChannels(ctx.intArg("c2"));
        if (!requirePositive(ctx, "c2", "output channels") || !requireWindow(ctx, "k", "kernel size")) {
            return null;
        }
        List<Value> ks = ((Value.Seq) ctx.arg("k")).items();
        if (ks.isEmpty() || ks.stream().anyMatch(v -> ArgValues.toInt(v) < 1 || ArgValues.toInt(v) % 2 == 0)) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("k"),
                            "SPP's kernel sizes must be positive and odd, got " + PyRepr.repr(ctx.arg("k")))
                    .label("an even kernel with padding k // 2 grows the map by one pixel")
                    .hint("use e.g. [5, 9, 13] (the standard)")
                    .emit();
            return null;
        }
        int c = c1 / 2;
        if (c < 1) {
            ctx.report(DiagCode.E0503, ctx.fromSpan(), "SPP needs at least 2 input channels, got " + c1)
                    .emit();
            return null;
        }
        List<ConvPart> convs = List.of(ConvPart.of(c1, c, 1, 1), ConvPart.of(c * (ks.size() + 1), c2, 1, 1));
        int[] kernels = ks.stream().mapToInt(ArgValues::toInt).toArray();
        DefaultActivation act = DefaultActivation.of(ctx);
        // one extra leaf per max-pool
        ModuleInstance one =
                new SameSizeInstance(injectedArgs(ctx, c1, c2, false), c2, convs, name(), ks.size(), List.of()) {
                    /** {@code spp(c1, c2, k)}. */
                    @Override
                    public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                        return act.finish(blocks, () -> blocks.spp(c1, c2, kernels.clone()));
                    }
                };
        return ctx.repeats() > 1 ? new RepeatedInstance(one, ctx.repeats()) : one;
    }
}
