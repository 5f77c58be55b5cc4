package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code RepVGGDW(ed)} (YOLOv10's large-kernel mixer): a linear depthwise 7x7 Conv
 * ({@code conv}) and a linear depthwise 3x3 Conv ({@code conv1}) on the same input, summed, then its
 * own SiLU (not the model's default activation).
 */
public final class RepVggDwBlock extends YoloBlock {
    private final int ed;
    private final ConvBlock conv;
    private final ConvBlock conv1;

    public RepVggDwBlock(int ed) {
        Blocks.requirePositive("channels", ed);
        this.ed = ed;
        conv = addChildBlock("conv", depthwise(ed, 7));
        conv1 = addChildBlock("conv1", depthwise(ed, 3));
    }

    private static ConvBlock depthwise(int c, int k) {
        return ConvBlock.builder()
                .setChannels(c, c)
                .optKernel(k)
                .optGroups(c)
                .optActivation(false)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray a = conv.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray b = conv1.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(siluInPlace(a.addi(b)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, ed);
    }

    @Override
    public void setDefaultActivation(dev.yamlnet.core.Activation activation) {
        // both convolutions are linear and the SiLU is RepVGGDW's own: the model's default does not apply
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(conv, prefix, "conv", out);
        collectChild(conv1, prefix, "conv1", out);
    }
}
