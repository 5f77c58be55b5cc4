package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Ultralytics' {@code Pose} head: {@link DetectBlock} plus {@code k0 * k1} keypoint values per anchor
 * ({@code cv4.i}), {@code kpt_shape = [k0, k1]} with {@code k1} 2 (x, y) or 3 (x, y, visibility).
 *
 * <p>Eval output {@code [B, 4 + nc + k0 * k1, A]}: after boxes and scores the keypoints, each as
 * {@code x = (v * 2 + (anchor_x - 0.5)) * stride}, {@code y} likewise (input pixels) and, for
 * {@code k1 = 3}, {@code sigmoid(visibility)} (Ultralytics' {@code kpts_decode}).
 */
public final class PoseBlock extends DetectBlock {
    private final int keypoints;
    private final int dims;

    private PoseBlock(Builder head, int keypoints, int dims) {
        super(head, keypoints * dims);
        this.keypoints = keypoints;
        this.dims = dims;
    }

    /** {@code Pose(nc, kpt_shape=[keypoints, dims], ...)} over the levels {@code head} describes. */
    public static PoseBlock of(Builder head, int keypoints, int dims) {
        Blocks.requirePositive("keypoints", keypoints);
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("keypoint dimensions must be 2 or 3, got " + dims);
        }
        return new PoseBlock(head, keypoints, dims);
    }

    @Override
    protected NDArray taskOutput(NDArray values, NDArray anchorPoints, NDArray anchorStrides) {
        long batch = values.getShape().get(0);
        long anchors = values.getShape().get(2);
        NDArray k = values.reshape(batch, keypoints, dims, anchors);
        NDArray ax = anchorPoints.get(":, 0:1, :").sub(0.5);
        NDArray ay = anchorPoints.get(":, 1:2, :").sub(0.5);
        NDList parts = new NDList(
                k.get(":, :, 0, :").mul(2.0).add(ax).mul(anchorStrides),
                k.get(":, :, 1, :").mul(2.0).add(ay).mul(anchorStrides));
        if (dims == 3) {
            parts.add(k.get(":, :, 2, :").getNDArrayInternal().sigmoid());
        }
        return NDArrays.stack(parts, 2).reshape(batch, (long) keypoints * dims, anchors);
    }
}
