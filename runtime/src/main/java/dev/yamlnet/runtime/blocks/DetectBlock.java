package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.yamlnet.runtime.NativeArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code Detect} head (YOLOv8/YOLO11, not end-to-end). Per input level {@code i}: a box
 * branch {@code cv2.i} (two 3x3 Convs and a 1x1 {@code Conv2d} to {@code 4 * regMax} logits) and a
 * class branch {@code cv3.i} (legacy: two 3x3 Convs; otherwise two depthwise-separable pairs; then a
 * 1x1 {@code Conv2d} to {@code nc}). Box branch width {@code max(16, ch[0] / 4, 4 * regMax)}, class
 * branch width {@code max(ch[0], min(nc, 100))}.
 *
 * <p>Inference output {@code [B, 4 + nc, A]} over all {@code A} cells of all levels: boxes decoded by
 * DFL (softmax over {@code regMax} bins, expectation through the fixed 1x1 convolution
 * {@code dfl.conv.weight = 0, 1, ..., regMax - 1}) into centre x, centre y, width, height in input
 * pixels, then sigmoid class scores. In training mode the raw {@code [B, 4 * regMax, A]} box logits
 * and {@code [B, nc, A]} class logits are returned instead.
 *
 * <p>The task heads ({@link SegmentBlock}, {@link PoseBlock}, {@link ObbBlock}) extend this block: they
 * add a third branch per level ({@code cv4.i}, same shape as Ultralytics': two 3x3 Convs of width
 * {@code max(ch[0] / 4, k)} and a 1x1 {@code Conv2d} to {@code k} values per anchor) and override the
 * hooks that turn its values into their part of the output.
 */
public class DetectBlock extends YoloBlock {
    protected final int nc;
    protected final int regMax;
    private final double[] strides;
    private final List<ChainBlock> box = new ArrayList<>();
    private final List<ChainBlock> cls = new ArrayList<>();
    private final List<YoloBlock> task = new ArrayList<>();
    private final List<ChainBlock> box1 = new ArrayList<>();
    private final List<ChainBlock> cls1 = new ArrayList<>();
    private final List<YoloBlock> task1 = new ArrayList<>();
    private final int taskOutputs;
    private final Parameter dfl;
    /** End-to-end: one-to-one copies of the branches, which alone feed the eval output, top-k'ed. */
    protected final boolean end2end;

    /** Most detections an end-to-end head returns (Ultralytics' {@code max_det}). */
    public static final int MAX_DET = 300;

    private DetectBlock(Builder b) {
        this(b, 0);
    }

    /** A head whose {@code cv4} branches have Ultralytics' usual form (two 3x3 Convs and a 1x1 Conv2d). */
    protected DetectBlock(Builder b, int taskOutputs) {
        this(b, taskOutputs, (x, x0) -> {
            int c4 = Math.max(x0 / 4, taskOutputs);
            return ChainBlock.of(conv(x, c4, 3, 1), conv(c4, c4, 3, 1), plain(c4, taskOutputs));
        });
    }

    /**
     * A head with {@code taskOutputs} extra values per anchor from a {@code cv4} branch per level
     * (none when 0), each made by {@code taskBranch(levelChannels, firstLevelChannels)}. {@code b} is
     * validated here.
     */
    protected DetectBlock(
            Builder b, int taskOutputs, java.util.function.BiFunction<Integer, Integer, YoloBlock> taskBranch) {
        b.validate();
        if (taskOutputs < 0) {
            throw new IllegalArgumentException("task outputs must not be negative, got " + taskOutputs);
        }
        this.taskOutputs = taskOutputs;
        this.nc = b.nc;
        this.regMax = b.regMax;
        this.end2end = b.end2end;
        this.strides = b.strides.clone();
        int x0 = b.channels[0];
        int c2 = Math.max(Math.max(16, x0 / 4), 4 * regMax);
        int c3 = Math.max(x0, Math.min(nc, 100));
        for (int copy = 0; copy < (end2end ? 2 : 1); copy++) {
            String tag = copy == 0 ? "" : "one2one_";
            for (int i = 0; i < b.channels.length; i++) {
                int x = b.channels[i];
                (copy == 0 ? box : box1)
                        .add(addChildBlock(
                                tag + "cv2_" + i,
                                ChainBlock.of(conv(x, c2, 3, 1), conv(c2, c2, 3, 1), plain(c2, 4 * regMax))));
                ChainBlock classes = b.legacy
                        ? ChainBlock.of(conv(x, c3, 3, 1), conv(c3, c3, 3, 1), plain(c3, nc))
                        : ChainBlock.of(
                                ChainBlock.of(conv(x, x, 3, x), conv(x, c3, 1, 1)),
                                ChainBlock.of(conv(c3, c3, 3, c3), conv(c3, c3, 1, 1)),
                                plain(c3, nc));
                (copy == 0 ? cls : cls1).add(addChildBlock(tag + "cv3_" + i, classes));
            }
            for (int i = 0; taskOutputs > 0 && i < b.channels.length; i++) {
                (copy == 0 ? task : task1).add(addChildBlock(tag + "cv4_" + i, taskBranch.apply(b.channels[i], x0)));
            }
        }
        if (regMax > 1) {
            dfl = addParameter(Parameter.builder()
                    .setName("dfl_weight")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1, regMax, 1, 1))
                    .optInitializer(new Arange())
                    .optRequiresGrad(false)
                    .build());
        } else {
            dfl = null;
        }
    }

    static ConvBlock conv(int c1, int c2, int k, int g) {
        return ConvBlock.builder().setChannels(c1, c2).optKernel(k).optGroups(g).build();
    }

    static Conv2dBlock plain(int c1, int c2) {
        return Conv2dBlock.builder().setChannels(c1, c2).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < box.size(); i++) {
            Shape[] in = {inputShapes[Math.min(i, inputShapes.length - 1)]};
            box.get(i).initialize(manager, dataType, in);
            cls.get(i).initialize(manager, dataType, in);
            if (!task.isEmpty()) {
                task.get(i).initialize(manager, dataType, in);
            }
            if (end2end) {
                box1.get(i).initialize(manager, dataType, in);
                cls1.get(i).initialize(manager, dataType, in);
                if (!task1.isEmpty()) {
                    task1.get(i).initialize(manager, dataType, in);
                }
            }
        }
    }

    /** Extra values per anchor of the {@code cv4} branches (0 for plain detection). */
    public int taskOutputs() {
        return taskOutputs;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != box.size()) {
            throw new IllegalArgumentException("Detect expects " + box.size() + " feature maps, got " + inputs.size());
        }
        long batch = inputs.get(0).getShape().get(0);
        NDList boxes = new NDList();
        NDList scores = new NDList();
        NDList extras = new NDList();
        // in eval an end-to-end head's output comes from the one-to-one branches only
        boolean one2one = end2end && !training;
        List<ChainBlock> box = one2one ? box1 : this.box;
        List<ChainBlock> cls = one2one ? cls1 : this.cls;
        List<YoloBlock> task = one2one ? task1 : this.task;
        for (int i = 0; i < box.size(); i++) {
            NDList x = new NDList(inputs.get(i));
            boxes.add(box.get(i)
                    .forward(ps, x, training, params)
                    .singletonOrThrow()
                    .reshape(batch, 4L * regMax, -1));
            scores.add(cls.get(i)
                    .forward(ps, x, training, params)
                    .singletonOrThrow()
                    .reshape(batch, nc, -1));
            if (!task.isEmpty()) {
                extras.add(task.get(i)
                        .forward(ps, x, training, params)
                        .singletonOrThrow()
                        .reshape(batch, taskOutputs, -1));
            }
        }
        NDArray b = NDArrays.concat(boxes, 2);
        NDArray s = NDArrays.concat(scores, 2);
        NDArray extra = extras.isEmpty() ? null : taskValues(NDArrays.concat(extras, 2));
        if (training) {
            NDList raw = extra == null ? new NDList(b, s) : new NDList(b, s, extra);
            return finish(raw, inputs, ps, true, params);
        }
        NDArray dist = regMax > 1 ? dfl(b, ps.getValue(dfl, b.getDevice(), false)) : b;
        NDArray[] anchors = anchors(inputs, b.getManager());
        NDList y = new NDList(
                decodeBoxes(dist, anchors[0], extra).mul(anchors[1]),
                s.getNDArrayInternal().sigmoid());
        if (extra != null) {
            y.add(taskOutput(extra, anchors[0], anchors[1]));
        }
        NDArray pre = NDArrays.concat(y, 1);
        if (!end2end) {
            return finish(new NDList(pre), inputs, ps, false, params);
        }
        // Ultralytics' order: the top-k detections, the task's own outputs (prototypes), then the tensor
        // the top-k was taken from
        NDList out = finish(new NDList(topK(pre)), inputs, ps, false, params);
        out.add(pre);
        return out;
    }

    /**
     * Ultralytics' {@code Detect.postprocess} of an end-to-end head: from {@code [B, 4 + nc + k, A]}
     * keep the {@code min(300, A)} anchors with the highest best-class score, then the best
     * {@code min(300, A)} (anchor, class) pairs among them: {@code [B, k, 6 + extra]} rows of box (as
     * decoded), score, class index (as a float), the anchor's extra values.
     */
    protected NDArray topK(NDArray pre) {
        NDArray p = pre.transpose(0, 2, 1);
        long batch = p.getShape().get(0);
        long anchors = p.getShape().get(1);
        long extra = p.getShape().get(2) - 4 - nc;
        int k = (int) Math.min(MAX_DET, anchors);
        NDArray boxes = p.get(":, :, 0:4");
        NDArray scores = p.get(":, :, 4:" + (4 + nc));
        NDArray best = scores.max(new int[] {2});
        NDArray anchorIndex = best.topK(k, 1, true, true).get(1);
        NDArray candidates = scores.gather(anchorIndex.expandDims(2).repeat(2, nc), 1);
        NDList top = candidates.reshape(batch, (long) k * nc).topK(k, 1, true, true);
        NDArray flat = top.get(1);
        NDArray slot = flat.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .div(nc)
                .floor()
                .toType(ai.djl.ndarray.types.DataType.INT64, false);
        NDArray cls = flat.sub(slot.mul(nc)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray index = anchorIndex.gather(slot, 1);
        NDList parts = new NDList(
                boxes.gather(index.expandDims(2).repeat(2, 4), 1), top.get(0).expandDims(2), cls.expandDims(2));
        if (extra > 0) {
            NDArray values = p.get(":, :, " + (4 + nc) + ":");
            parts.add(values.gather(index.expandDims(2).repeat(2, extra), 1));
        }
        return NDArrays.concat(parts, 2);
    }

    /**
     * Box distances {@code [B, 4, A]} (left, top, right, bottom in grid units) to centre x, centre y,
     * width, height in grid units, before the stride multiplication: Ultralytics' {@code dist2bbox}.
     * {@code extra} holds the task values ({@link #taskValues}) or is null.
     */
    protected NDArray decodeBoxes(NDArray dist, NDArray anchorPoints, NDArray extra) {
        NDArray lt = dist.get(":, 0:2, :");
        NDArray rb = dist.get(":, 2:4, :");
        NDArray x1y1 = anchorPoints.sub(lt);
        NDArray x2y2 = anchorPoints.add(rb);
        if (end2end) {
            return NDArrays.concat(new NDList(x1y1, x2y2), 1);
        }
        return NDArrays.concat(new NDList(x1y1.add(x2y2).div(2), x2y2.sub(x1y1)), 1);
    }

    /** The {@code cv4} values {@code [B, k, A]} as the head's forward pass keeps them (training and eval). */
    protected NDArray taskValues(NDArray raw) {
        return raw;
    }

    /**
     * The rows appended to the eval output after the class scores, from the task values, the anchor
     * centres {@code [1, 2, A]} (grid units) and strides {@code [1, 1, A]}.
     */
    protected NDArray taskOutput(NDArray values, NDArray anchorPoints, NDArray anchorStrides) {
        return values;
    }

    /** Last step of the forward pass: the task may append outputs computed from the feature maps. */
    protected NDList finish(
            NDList outputs, NDList feats, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return outputs;
    }

    /** Distribution focal loss decoding: {@code [B, 4R, A] -> [B, 4, A]}, as Ultralytics' DFL module. */
    private NDArray dfl(NDArray logits, NDArray weight) {
        Shape s = logits.getShape();
        long batch = s.get(0);
        long a = s.get(2);
        NDArray p = logits.reshape(batch, 4, regMax, a).transpose(0, 2, 1, 3).softmax(1);
        return Conv2d.conv2d(p, weight).singletonOrThrow().reshape(batch, 4, a);
    }

    /** The anchor values of the last feature-map sizes seen (Ultralytics also recomputes them only when the sizes change). */
    private volatile AnchorTable anchorTable;

    private record AnchorTable(long[] sizes, float[] xy, float[] strides) {}

    /** Anchor centres {@code [1, 2, A]} in grid units (cell + 0.5) and strides {@code [1, 1, A]}. */
    private NDArray[] anchors(NDList feats, NDManager manager) {
        long[] sizes = new long[2 * feats.size()];
        for (int level = 0; level < feats.size(); level++) {
            sizes[2 * level] = feats.get(level).getShape().get(2);
            sizes[2 * level + 1] = feats.get(level).getShape().get(3);
        }
        AnchorTable t = anchorTable;
        if (t == null || !Arrays.equals(t.sizes(), sizes)) {
            t = anchorTable(sizes);
            anchorTable = t;
        }
        int total = t.strides().length;
        return new NDArray[] {
            NativeArrays.floats(manager, t.xy(), 1, 2, total), NativeArrays.floats(manager, t.strides(), 1, 1, total)
        };
    }

    private AnchorTable anchorTable(long[] sizes) {
        int total = 0;
        for (int level = 0; level < sizes.length / 2; level++) {
            total += Math.toIntExact(sizes[2 * level] * sizes[2 * level + 1]);
        }
        float[] xy = new float[2 * total];
        float[] st = new float[total];
        int k = 0;
        for (int level = 0; level < sizes.length / 2; level++) {
            for (int y = 0; y < sizes[2 * level]; y++) {
                for (int x = 0; x < sizes[2 * level + 1]; x++) {
                    xy[k] = x + 0.5f;
                    xy[total + k] = y + 0.5f;
                    st[k] = (float) strides[level];
                    k++;
                }
            }
        }
        return new AnchorTable(sizes, xy, st);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long anchors = 0;
        for (Shape s : inputShapes) {
            anchors += s.get(2) * s.get(3);
        }
        Shape pre = new Shape(inputShapes[0].get(0), 4L + nc + taskOutputs, anchors);
        if (!end2end) {
            return new Shape[] {pre};
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), Math.min(MAX_DET, anchors), 6L + taskOutputs), pre};
    }

    /** Tensors in Ultralytics' state-dict order: {@code cv2}, {@code cv3}, {@code dfl}, the task's parts, {@code cv4}. */
    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < box.size(); i++) {
            collectChild(box.get(i), prefix, "cv2." + i, out);
        }
        for (int i = 0; i < cls.size(); i++) {
            collectChild(cls.get(i), prefix, "cv3." + i, out);
        }
        if (dfl != null) {
            out.put(prefix + "dfl.conv.weight", dfl);
        }
        for (int i = 0; i < box1.size(); i++) {
            collectChild(box1.get(i), prefix, "one2one_cv2." + i, out);
        }
        for (int i = 0; i < cls1.size(); i++) {
            collectChild(cls1.get(i), prefix, "one2one_cv3." + i, out);
        }
        collectTaskParameters(prefix, out);
        collectTaskBranches(prefix, task, task1, out);
    }

    /**
     * The {@code cv4} branches (and their one-to-one copies, empty unless end-to-end), registered
     * last; a head whose branches have other names overrides this.
     */
    protected void collectTaskBranches(
            String prefix, List<YoloBlock> branches, List<YoloBlock> one2one, Map<String, Parameter> out) {
        for (int i = 0; i < branches.size(); i++) {
            collectChild(branches.get(i), prefix, "cv4." + i, out);
        }
        for (int i = 0; i < one2one.size(); i++) {
            collectChild(one2one.get(i), prefix, "one2one_cv4." + i, out);
        }
    }

    /** Tensors a task head owns besides {@code cv4} (Segment's {@code proto}); registered before {@code cv4}. */
    protected void collectTaskParameters(String prefix, Map<String, Parameter> out) {
        // plain detection has none
    }

    /** Fills {@code [1, R, 1, 1]} with {@code 0 .. R-1}: DFL's fixed expectation weights. */
    private static final class Arange implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
            return manager.arange(0, (int) shape.size(), 1, dataType).reshape(shape);
        }
    }

    /** Builds a {@link DetectBlock}; {@code setClasses}, {@code setChannels} and {@code setStrides} are required. */
    public static final class Builder {
        private int nc;
        private int regMax = 16;
        private boolean legacy = true;
        private boolean end2end;
        private int[] channels;
        private double[] strides;

        private Builder() {}

        public Builder setClasses(int classes) {
            this.nc = classes;
            return this;
        }

        /** Input channels per level. */
        public Builder setChannels(int... ch) {
            this.channels = ch.clone();
            return this;
        }

        /** Stride of each level in input pixels (8, 16, 32 for P3-P5). */
        public Builder setStrides(double... s) {
            this.strides = s.clone();
            return this;
        }

        /** DFL bins per box side (default 16; 1 means no DFL). */
        public Builder optRegMax(int r) {
            this.regMax = r;
            return this;
        }

        /** Class branch: two 3x3 Convs when true (YOLOv8), depthwise-separable pairs when false (YOLO11). */
        public Builder optLegacy(boolean l) {
            this.legacy = l;
            return this;
        }

        /** End-to-end: one-to-one copies of every branch, top-k output (YOLO26, YOLOv10). */
        public Builder optEnd2end(boolean e) {
            this.end2end = e;
            return this;
        }

        public DetectBlock build() {
            return new DetectBlock(this);
        }

        void validate() {
            Blocks.requirePositive("classes", nc);
            Blocks.requirePositive("reg_max", regMax);
            if (channels == null || channels.length == 0) {
                throw new IllegalArgumentException("Detect needs the channels of at least one level");
            }
            if (strides == null || strides.length != channels.length) {
                throw new IllegalArgumentException("Detect needs one stride per level (" + channels.length + ")");
            }
            for (int c : channels) {
                Blocks.requirePositive("level channels", c);
            }
        }

        /** The first level's input channels. */
        int firstChannels() {
            return channels[0];
        }
    }
}
