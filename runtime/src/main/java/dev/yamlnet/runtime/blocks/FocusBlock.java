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
 * Ultralytics' {@code Focus(c1, c2, k, s, p, g, act)}: space-to-depth, then {@code conv}
 * ({@code Conv(4 c1, c2, k, s, p, g, act)}). The four pixel phases are concatenated in Ultralytics'
 * order {@code x[..., ::2, ::2], x[..., 1::2, ::2], x[..., ::2, 1::2], x[..., 1::2, 1::2]}, so the
 * conv weight's input channels line up with a PyTorch state dict. Needs an even height and width.
 */
public final class FocusBlock extends YoloBlock {
    private final ConvBlock conv;

    public FocusBlock(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, boolean act) {
        conv = addChildBlock(
                "conv",
                ConvBlock.builder()
                        .setChannels(4 * c1, c2)
                        .optKernel(kh, kw)
                        .optStride(s)
                        .optPadding(ph, pw)
                        .optGroups(g)
                        .optActivation(act)
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = NDArrays.concat(
                new NDList(
                        x.get(":, :, ::2, ::2"),
                        x.get(":, :, 1::2, ::2"),
                        x.get(":, :, ::2, 1::2"),
                        x.get(":, :, 1::2, 1::2")),
                1);
        return conv.forward(ps, new NDList(y), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return conv.getOutputShapes(new Shape[] {new Shape(in.get(0), 4 * in.get(1), in.get(2) / 2, in.get(3) / 2)});
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(conv, prefix, "conv", out);
    }
}
