package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code GhostConv(c1, c2, k, s, g, act)} (GhostNet): {@code cv1}, a Conv
 * {@code c1 -> c_} ({@code c_ = c2 / 2}, kernel k, stride s, groups g), and {@code cv2}, a cheap 5x5
 * depthwise Conv {@code c_ -> c_} of {@code cv1}'s output; the output is {@code [cv1(x), cv2(cv1(x))]}
 * ({@code 2 c_} channels). Both Convs use {@code act}.
 */
public final class GhostConvBlock extends YoloBlock {
    private final int c;
    private final ConvBlock cv1;
    private final ConvBlock cv2;

    public GhostConvBlock(int c1, int c2, int k, int s, int g, boolean act) {
        this.c = c2 / 2;
        Blocks.requirePositive("GhostConv hidden width c2 / 2", c);
        cv1 = addChildBlock(
                "cv1",
                ConvBlock.builder()
                        .setChannels(c1, c)
                        .optKernel(k)
                        .optStride(s)
                        .optGroups(g)
                        .optActivation(act)
                        .build());
        cv2 = addChildBlock(
                "cv2",
                ConvBlock.builder()
                        .setChannels(c, c)
                        .optKernel(5)
                        .optGroups(c)
                        .optActivation(act)
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = cv1.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray z = cv2.forward(ps, new NDList(y), training, params).singletonOrThrow();
        return new NDList(NDArrays.concat(new NDList(y, z), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape y = cv1.getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(y.get(0), 2L * c, y.get(2), y.get(3))};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
    }
}
