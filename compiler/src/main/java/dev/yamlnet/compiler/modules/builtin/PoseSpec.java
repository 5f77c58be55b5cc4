package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;
import static dev.yamlnet.compiler.modules.ArgValues.toInt;

import dev.yamlnet.compiler.diag.DiagCode;
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
 * {@code Pose}: Detect plus {@code keypoints x dims} keypoint values per anchor
 * ({@code kpt_shape}, e.g. [17, 3] for x, y, visibility).
 */
public class PoseSpec extends DetectionHeadSpec {
    /** The spec. */
    public PoseSpec() {
        this(
                "Pose",
                "ultralytics.nn.modules.head.Pose",
                "Pose estimation head: Detect's branches plus a keypoint branch per level predicting kpt_shape[0] x "
                        + "kpt_shape[1] values per anchor.");
    }

    /** A pose head of Pose's signature under another name. */
    protected PoseSpec(String name, String pythonType, String description) {
        super(
                name,
                pythonType,
                List.of(
                        required("nc", ArgType.INT, "number of classes (usually the symbol nc)"),
                        optional(
                                "kpt_shape",
                                ArgType.INT_LIST,
                                list(List.of(integer(17), integer(3))),
                                "[keypoints, values per keypoint (2 or 3)], usually the symbol kpt_shape")),
                description);
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        int[] shape = kptShape(ctx);
        if (shape == null) {
            return null;
        }
        int nk = shape[0] * shape[1];
        int x0 = channels.get(0);
        int c4 = Math.max(x0 / 4, nk);
        List<Branch> branches = new ArrayList<>();
        for (int x : channels) {
            branches.add(new Branch(List.of(ConvPart.of(x, c4, 3, 1), ConvPart.of(c4, c4, 3, 1)), c4, nk));
        }
        return new TaskParts("kpts", nk, branches, Optional.empty());
    }

    /** {@code [keypoints, dims]} from the row, or null after reporting a bad one. */
    protected static int[] kptShape(BindContext ctx) {
        Value kpt = ctx.arg("kpt_shape");
        List<Value> items = ((Value.Seq) kpt).items();
        if (items.size() != 2 || toInt(items.get(0)) < 1 || (toInt(items.get(1)) != 2 && toInt(items.get(1)) != 3)) {
            ctx.report(DiagCode.E0404, ctx.argSpan("kpt_shape"), "kpt_shape must be [keypoints, 2 or 3]")
                    .hint("e.g. [17, 3] for COCO keypoints with visibility")
                    .emit();
            return null;
        }
        return new int[] {toInt(items.get(0)), toInt(items.get(1))};
    }

    /** {@code pose(nc, kptShape, regMax, legacy, ch, strides)}. */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        if (head.end2end()) {
            return Optional.empty();
        }
        List<Value> kpt = ((Value.Seq) head.arg("kpt_shape")).items();
        int[] shape = {toInt(kpt.get(0)), toInt(kpt.get(1))};
        return Optional.of(blocks.pose(head.nc(), shape, head.regMax(), head.legacy(), head.ch(), head.strides()));
    }
}
