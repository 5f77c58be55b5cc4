package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.Activation;
import java.util.Map;

/**
 * Ultralytics' {@code RepConv(c1, c2, k=3, s=1, p=1)} (training form, no identity BatchNorm):
 * {@code SiLU(conv1(x) + conv2(x))} with {@code conv1} a linear {@code k x k} Conv and {@code conv2}
 * a linear 1x1 Conv. Its SiLU is RepConv's own class default, which the YAML {@code activation:} key
 * does not replace (it sets {@code Conv.default_act} only). State-dict names {@code conv1.*},
 * {@code conv2.*}.
 */
public final class RepConvBlock extends YoloBlock {
    private final ConvBlock conv1;
    private final ConvBlock conv2;

    public RepConvBlock(int c1, int c2, int k, int s) {
        conv1 = addChildBlock(
                "conv1",
                ConvBlock.builder()
                        .setChannels(c1, c2)
                        .optKernel(k)
                        .optStride(s)
                        .optPadding(k / 2)
                        .optActivation(false)
                        .build());
        conv2 = addChildBlock(
                "conv2",
                ConvBlock.builder()
                        .setChannels(c1, c2)
                        .optStride(s)
                        .optPadding(0)
                        .optActivation(false)
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray a = conv1.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray b = conv2.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(siluInPlace(a.addi(b)));
    }

    /** RepConv keeps its own SiLU whatever the model's default activation is. */
    @Override
    public void setDefaultActivation(Activation activation) {}

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv1.getOutputShapes(inputShapes);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(conv1, prefix, "conv1", out);
        collectChild(conv2, prefix, "conv2", out);
    }
}
