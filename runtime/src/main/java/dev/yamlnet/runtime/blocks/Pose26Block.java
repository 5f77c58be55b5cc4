package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code Pose26} (YOLO26): {@link DetectBlock} plus per level a keypoint trunk
 * {@code cv4.i} (two 3x3 Convs of width {@code max(ch[0] / 4, keypoints * (dims + 2))}) feeding
 * {@code cv4_kpts.i} (1x1 {@code Conv2d} to {@code keypoints * dims} values) and
 * {@code cv4_sigma.i} (1x1 to two spreads per keypoint, training only), one-to-one copies of all
 * three when end-to-end, and a RealNVP flow model ({@code flow_model}, training only). The training-only
 * parts are held for their weights and never run here.
 *
 * <p>Keypoints decode as {@code x = (v + anchor_x) * stride}, {@code y} likewise (input pixels; no
 * doubling and no half-cell shift, unlike Pose) and, for {@code dims = 3}, {@code sigmoid(visibility)}.
 * Eval output, end-to-end: {@code [B, k, 6 + keypoints * dims]}, then the pre-top-k
 * {@code [B, 4 + nc + keypoints * dims, A]}.
 */
public final class Pose26Block extends DetectBlock {
    private final int keypoints;
    private final int dims;
    private final FlowModel flow;

    private Pose26Block(Builder head, int keypoints, int dims) {
        super(
                head,
                keypoints * dims,
                (x, x0) -> new Branch(x, Math.max(x0 / 4, keypoints * (dims + 2)), keypoints * dims, 2 * keypoints));
        this.keypoints = keypoints;
        this.dims = dims;
        flow = addChildBlock("flow_model", new FlowModel());
    }

    /** {@code Pose26(nc, kpt_shape=[keypoints, dims], ...)} over the levels {@code head} describes. */
    public static Pose26Block of(Builder head, int keypoints, int dims) {
        Blocks.requirePositive("keypoints", keypoints);
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("keypoint dimensions must be 2 or 3, got " + dims);
        }
        return new Pose26Block(head, keypoints, dims);
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        flow.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    protected NDArray taskOutput(NDArray values, NDArray anchorPoints, NDArray anchorStrides) {
        long batch = values.getShape().get(0);
        long anchors = values.getShape().get(2);
        NDArray k = values.reshape(batch, keypoints, dims, anchors);
        NDList parts = new NDList(
                k.get(":, :, 0, :").add(anchorPoints.get(":, 0:1, :")).mul(anchorStrides),
                k.get(":, :, 1, :").add(anchorPoints.get(":, 1:2, :")).mul(anchorStrides));
        if (dims == 3) {
            parts.add(k.get(":, :, 2, :").getNDArrayInternal().sigmoid());
        }
        return NDArrays.stack(parts, 2).reshape(batch, (long) keypoints * dims, anchors);
    }

    /** Ultralytics' order: {@code cv4}, {@code one2one_cv4}, {@code flow_model}, then the 1x1 outputs and their copies. */
    @Override
    protected void collectTaskBranches(
            String prefix, List<YoloBlock> branches, List<YoloBlock> one2one, Map<String, Parameter> out) {
        for (int i = 0; i < branches.size(); i++) {
            collectChild(((Branch) branches.get(i)).trunk, prefix, "cv4." + i, out);
        }
        for (int i = 0; i < one2one.size(); i++) {
            collectChild(((Branch) one2one.get(i)).trunk, prefix, "one2one_cv4." + i, out);
        }
        collectChild(flow, prefix, "flow_model", out);
        for (int i = 0; i < branches.size(); i++) {
            collectChild(((Branch) branches.get(i)).kpts, prefix, "cv4_kpts." + i, out);
        }
        for (int i = 0; i < branches.size(); i++) {
            collectChild(((Branch) branches.get(i)).sigma, prefix, "cv4_sigma." + i, out);
        }
        for (int i = 0; i < one2one.size(); i++) {
            collectChild(((Branch) one2one.get(i)).kpts, prefix, "one2one_cv4_kpts." + i, out);
        }
        for (int i = 0; i < one2one.size(); i++) {
            collectChild(((Branch) one2one.get(i)).sigma, prefix, "one2one_cv4_sigma." + i, out);
        }
    }

    /** One level's keypoint branch: the trunk, then the keypoint output; the spread output is not run. */
    static final class Branch extends YoloBlock {
        final ChainBlock trunk;
        final Conv2dBlock kpts;
        final Conv2dBlock sigma;

        Branch(int x, int c4, int nk, int nkSigma) {
            trunk = addChildBlock("trunk", ChainBlock.of(conv(x, c4, 3, 1), conv(c4, c4, 3, 1)));
            kpts = addChildBlock("kpts", plain(c4, nk));
            sigma = addChildBlock("sigma", plain(c4, nkSigma));
        }

        @Override
        protected void initializeChildBlocks(
                ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
            trunk.initialize(manager, dataType, inputShapes);
            Shape[] hidden = trunk.getOutputShapes(inputShapes);
            kpts.initialize(manager, dataType, hidden);
            sigma.initialize(manager, dataType, hidden);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return kpts.forward(ps, trunk.forward(ps, inputs, training, params), training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return kpts.getOutputShapes(trunk.getOutputShapes(inputShapes));
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            collectChild(trunk, prefix, "trunk", out);
            collectChild(kpts, prefix, "kpts", out);
            collectChild(sigma, prefix, "sigma", out);
        }
    }

    /**
     * RealNVP as Pose26 holds it: buffers {@code loc} [2], {@code cov} [2, 2], {@code mask} [6, 2], then
     * six scale nets {@code s.j} (Linear 2-64, SiLU, Linear 64-64, SiLU, Linear 64-2, Tanh) and six
     * translation nets {@code t.j} (without the Tanh). Only its tensors are held (it runs in training).
     */
    static final class FlowModel extends YoloBlock {
        private final Parameter loc;
        private final Parameter cov;
        private final Parameter mask;
        private final Parameter[][] s = new Parameter[6][6];
        private final Parameter[][] t = new Parameter[6][6];

        FlowModel() {
            // buffers, not parameters: typed as running statistics so that they are not counted
            loc = buffer("loc", Parameter.Type.RUNNING_MEAN, new Shape(2), 0f);
            cov = buffer("cov", Parameter.Type.RUNNING_MEAN, new Shape(2, 2), 0f);
            mask = buffer("mask", Parameter.Type.RUNNING_MEAN, new Shape(6, 2), 0f);
            for (int j = 0; j < 6; j++) {
                linear(s[j], "s" + j);
                linear(t[j], "t" + j);
            }
        }

        private void linear(Parameter[] net, String name) {
            int[][] dims = {{2, 64}, {64, 64}, {64, 2}};
            for (int l = 0; l < 3; l++) {
                int in = dims[l][0];
                int outFeatures = dims[l][1];
                net[2 * l] = param(
                        name + "_" + l + "_weight",
                        Parameter.Type.WEIGHT,
                        new Shape(outFeatures, in),
                        TorchInit.weight());
                net[2 * l + 1] = param(
                        name + "_" + l + "_bias", Parameter.Type.BIAS, new Shape(outFeatures), TorchInit.bias(in));
            }
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            throw new UnsupportedOperationException("Pose26's flow model only runs in training");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            out.put(prefix + "loc", loc);
            out.put(prefix + "cov", cov);
            out.put(prefix + "mask", mask);
            for (String kind : new String[] {"s", "t"}) {
                Parameter[][] nets = kind.equals("s") ? s : t;
                for (int j = 0; j < 6; j++) {
                    for (int l = 0; l < 3; l++) {
                        out.put(prefix + kind + "." + j + "." + (2 * l) + ".weight", nets[j][2 * l]);
                        out.put(prefix + kind + "." + j + "." + (2 * l) + ".bias", nets[j][2 * l + 1]);
                    }
                }
            }
        }
    }
}
