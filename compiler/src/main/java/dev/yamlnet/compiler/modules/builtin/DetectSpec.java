package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.required;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Optional;

/**
 * {@code Detect}: the YOLOv8/YOLO11 anchor-free detection head. Inference output
 * {@code [4 + nc, anchors]}: decoded boxes (centre x, centre y, width, height in pixels) and class
 * scores.
 */
public final class DetectSpec extends DetectionHeadSpec {
    /** The spec. */
    public DetectSpec() {
        super(
                "Detect",
                "ultralytics.nn.modules.head.Detect",
                List.of(required("nc", ArgType.INT, "number of classes (usually the symbol nc)")),
                "Anchor-free detection head over the listed levels: per level a box branch (4 x reg_max distribution "
                        + "logits, decoded by DFL) and a class branch. Predicts boxes in pixels and class scores for every "
                        + "cell of every level.");
    }

    /** {@code detect(nc, regMax, legacy, ch, strides)}. */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        return Optional.of(blocks.detect(head.nc(), head.regMax(), head.legacy(), head.ch(), head.strides()));
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        return TaskParts.none();
    }
}
