package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code Classify(c1, c2, k, s, p, g)} head: {@code conv} (a Conv to 1280 channels),
 * global average pooling, flatten, dropout (p = 0, nothing at inference) and {@code linear}
 * ({@code nn.Linear(1280, nc)}: {@code linear.weight [nc, 1280]}, {@code linear.bias [nc]}).
 *
 * <p>Inference returns what Ultralytics' eval mode returns: {@code (softmax(logits), logits)}, both
 * {@code [B, nc]}, the probabilities first. Training mode returns the logits only. Several inputs
 * are concatenated on channels first, as the head's forward does with a list.
 */
public final class ClassifyBlock extends YoloBlock {
    /** Hidden width of Ultralytics' classification head. */
    public static final int HIDDEN = 1280;

    private final int nc;
    private final ConvBlock conv;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code Classify} with kernel {@code (kh, kw)}, stride {@code s}, padding {@code (ph, pw)} and groups {@code g}. */
    public ClassifyBlock(int c1, int nc, int kh, int kw, int s, int ph, int pw, int g) {
        Blocks.requirePositive("classes", nc);
        this.nc = nc;
        conv = addChildBlock(
                "conv",
                ConvBlock.builder()
                        .setChannels(c1, HIDDEN)
                        .optKernel(kh, kw)
                        .optStride(s)
                        .optPadding(ph, pw)
                        .optGroups(g)
                        .build());
        weight = param("linear_weight", Parameter.Type.WEIGHT, new Shape(nc, HIDDEN), TorchInit.weight());
        bias = param("linear_bias", Parameter.Type.BIAS, new Shape(nc), TorchInit.bias(HIDDEN));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.size() == 1 ? inputs.singletonOrThrow() : NDArrays.concat(inputs, 1);
        NDArray y = conv.forward(ps, new NDList(x), training, params).singletonOrThrow();
        Shape s = y.getShape();
        NDArray pooled = y.sum(new int[] {2, 3}).div(s.get(2) * s.get(3)); // AdaptiveAvgPool2d(1) + flatten(1)
        NDArray logits = Linear.linear(
                        pooled,
                        ps.getValue(weight, x.getDevice(), training),
                        ps.getValue(bias, x.getDevice(), training))
                .singletonOrThrow();
        return training ? new NDList(logits) : new NDList(logits.softmax(1), logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = new Shape(inputShapes[0].get(0), nc);
        return new Shape[] {out, out};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(conv, prefix, "conv", out);
        out.put(prefix + "linear.weight", weight);
        out.put(prefix + "linear.bias", bias);
    }
}
