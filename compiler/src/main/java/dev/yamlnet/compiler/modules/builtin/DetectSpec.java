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
public class DetectSpec extends DetectionHeadSpec {
    /** The spec. */
    public DetectSpec() {
        this(
                "Detect",
                "ultralytics.nn.modules.head.Detect",
                "Anchor-free detection head over the listed levels: per level a box branch (4 x reg_max distribution "
                        + "logits, decoded by DFL) and a class branch. Predicts boxes in pixels and class scores for every "
                        + "cell of every level. With the model key end2end: True it holds one-to-one copies of both "
                        + "branches and returns the top 300 detections (YOLO26).");
    }

    /** A detection head of Detect's signature under another name. */
    protected DetectSpec(String name, String pythonType, String description) {
        super(
                name,
                pythonType,
                List.of(required("nc", ArgType.INT, "number of classes (usually the symbol nc)")),
                description);
    }

    /** {@code detect(nc, regMax, legacy, ch, strides)}, or {@code detectEnd2end(...)} for an end-to-end head. */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        if (head.end2end()) {
            return Optional.of(
                    blocks.detectEnd2end(head.nc(), head.regMax(), head.legacy(), head.ch(), head.strides()));
        }
        return Optional.of(blocks.detect(head.nc(), head.regMax(), head.legacy(), head.ch(), head.strides()));
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        return TaskParts.none();
    }
}
