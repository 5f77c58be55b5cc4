package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgValues.toInt;

import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.parts.Branch;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Pose26}: YOLO26's pose head. Per level a keypoint trunk {@code cv4} (two 3x3 Convs of width
 * {@code max(ch[0] / 4, keypoints * (dims + 2))}) feeding {@code cv4_kpts} (1x1 to the keypoint
 * values) and {@code cv4_sigma} (1x1 to two spreads per keypoint, training only), plus a RealNVP
 * flow model (12 small MLPs, training only). Keypoints decode as {@code (v + anchor) * stride}
 * (no doubling and no half-cell shift, unlike Pose), visibility through a sigmoid.
 */
public final class Pose26Spec extends PoseSpec {
    /** RealNVP's 6 scale nets (Linear 2-64-64-2 with Tanh) and 6 translation nets (without): weights and biases. */
    static final long FLOW_PARAMS = 12L * ((2 * 64 + 64) + (64 * 64 + 64) + (64 * 2 + 2));

    /** RealNVP's leaf modules: per scale net 3 Linear, 2 SiLU, 1 Tanh; per translation net 3 Linear, 2 SiLU. */
    static final int FLOW_LEAVES = 6 * 6 + 6 * 5;

    /** The spec. */
    public Pose26Spec() {
        super(
                "Pose26",
                "ultralytics.nn.modules.head.Pose26",
                "YOLO26 pose head: Detect's branches plus per level a keypoint trunk with a keypoint output and a "
                        + "training-only spread output, and a training-only RealNVP flow model. End-to-end: the top 300 "
                        + "detections with their decoded keypoints.");
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        int[] shape = kptShape(ctx);
        if (shape == null) {
            return null;
        }
        int nk = shape[0] * shape[1];
        int c4 = Math.max(channels.get(0) / 4, shape[0] * (shape[1] + 2));
        List<Branch> branches = new ArrayList<>();
        List<int[]> sigma = new ArrayList<>();
        for (int x : channels) {
            branches.add(new Branch(List.of(ConvPart.of(x, c4, 3, 1), ConvPart.of(c4, c4, 3, 1)), c4, nk));
            sigma.add(new int[] {c4, 2 * shape[0]});
        }
        return new TaskParts("kpts", nk, branches, Optional.empty(), sigma, FLOW_PARAMS, FLOW_LEAVES, true);
    }

    /** {@code pose26(nc, kptShape, regMax, legacy, end2end, ch, strides)}. */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        List<Value> kpt = ((Value.Seq) head.arg("kpt_shape")).items();
        int[] shape = {toInt(kpt.get(0)), toInt(kpt.get(1))};
        return Optional.of(blocks.pose26(
                head.nc(), shape, head.regMax(), head.legacy(), head.end2end(), head.ch(), head.strides()));
    }
}
