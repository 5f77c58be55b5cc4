package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgValues.toInt;

import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.parts.Branch;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code Segment26}: YOLO26's segmentation head, Segment with {@code Proto26} as its prototype
 * network. {@code Proto26} reads every level: the deeper ones are refined by 1x1 Convs to the first
 * level's channels, nearest-upsampled and added to it, fused by a 3x3 Conv, then run through
 * Proto's stack (3x3, transposed 2x2, 3x3, 1x1); its {@code semseg} branch runs in training only
 * but holds parameters. End-to-end in YOLO26 (the model key {@code end2end: True}).
 */
public final class Segment26Spec extends SegmentSpec {
    /** The spec. */
    public Segment26Spec() {
        super(
                "Segment26",
                "ultralytics.nn.modules.head.Segment26",
                "YOLO26 instance segmentation head: Segment's branches with Proto26, a prototype network fed by all "
                        + "levels (deeper levels refined, upsampled and added to the first). End-to-end: the top 300 "
                        + "detections with their nm mask coefficients, and the prototypes.");
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        TaskParts plain = super.taskParts(ctx, channels, yamlArgs);
        if (plain == null) {
            return null;
        }
        int nm = toInt(yamlArgs.get(1));
        int npr = toInt(yamlArgs.get(2));
        List<Branch> branches = plain.perLevel();
        return new TaskParts(
                plain.outputKey(),
                plain.outputChannels(),
                branches,
                Optional.of(new Proto26Part(channels, npr, nm, ctx.intArg("nc"))));
    }

    /** {@code segment26(nc, nm, npr, regMax, legacy, end2end, ch, strides)} ({@code npr} width-scaled). */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        return Optional.of(blocks.segment26(
                head.nc(),
                toInt(head.arg("nm")),
                toInt(head.arg("npr")),
                head.regMax(),
                head.legacy(),
                head.end2end(),
                head.ch(),
                head.strides()));
    }
}
