package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.toInt;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.parts.Branch;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Segment}: Detect plus {@code nm} mask coefficients per anchor and a prototype generator
 * on the first level ({@code nm} masks at twice that level's size). The prototype width
 * {@code npr} is width-scaled like a layer's channels.
 */
public class SegmentSpec extends DetectionHeadSpec {
    /** The spec. */
    public SegmentSpec() {
        this(
                "Segment",
                "ultralytics.nn.modules.head.Segment",
                "Instance segmentation head: Detect's branches plus a mask-coefficient branch per level and a "
                        + "prototype network on the first level, whose nm masks are combined per detection.");
    }

    /** A segmentation head of Segment's signature under another name. */
    protected SegmentSpec(String name, String pythonType, String description) {
        super(
                name,
                pythonType,
                List.of(
                        required("nc", ArgType.INT, "number of classes (usually the symbol nc)"),
                        optional("nm", ArgType.INT, integer(32), "number of mask prototypes and coefficients"),
                        optional("npr", ArgType.INT, integer(256), "prototype channels, scaled by the model's width")),
                description);
    }

    @Override
    protected List<Value> yamlArgs(BindContext ctx) {
        if (!requirePositive(ctx, "nm", "nm") || !requirePositive(ctx, "npr", "npr")) {
            return null;
        }
        // Ultralytics writes args[2] = make_divisible(min(npr, max_channels) * width, 8), filling in the defaults
        // before it
        List<Value> out = new ArrayList<>(ctx.args());
        while (out.size() < 3) {
            out.add(ctx.arg(arguments().get(out.size()).name()));
        }
        out.set(2, integer(ctx.scaleChannels(ctx.intArg("npr"))));
        return out;
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        int nm = toInt(yamlArgs.get(1));
        int npr = toInt(yamlArgs.get(2));
        int x0 = channels.get(0);
        int c4 = Math.max(x0 / 4, nm);
        List<Branch> branches = new ArrayList<>();
        for (int x : channels) {
            branches.add(new Branch(List.of(ConvPart.of(x, c4, 3, 1), ConvPart.of(c4, c4, 3, 1)), c4, nm));
        }
        return new TaskParts("mask_coefficient", nm, branches, Optional.of(new ClassicProto(x0, npr, nm)));
    }

    /** {@code segment(nc, nm, npr, regMax, legacy, ch, strides)} ({@code npr} width-scaled). */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        if (head.end2end()) {
            return Optional.empty();
        }
        return Optional.of(blocks.segment(
                head.nc(),
                toInt(head.arg("nm")),
                toInt(head.arg("npr")),
                head.regMax(),
                head.legacy(),
                head.ch(),
                head.strides()));
    }
}
