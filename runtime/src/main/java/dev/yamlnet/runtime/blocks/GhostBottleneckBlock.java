package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code GhostBottleneck(c1, c2, k=3, s=1)}: {@code conv} is an {@code nn.Sequential} of
 * {@code GhostConv(c1, c_, 1, 1)} ({@code conv.0}), a k x k depthwise Conv without activation at
 * stride 2 or an Identity at stride 1 ({@code conv.1}), and {@code GhostConv(c_, c2, 1, 1, act=False)}
 * ({@code conv.2}), with {@code c_ = c2 / 2}; {@code shortcut} is an Identity at stride 1, else a
 * depthwise k x k Conv and a 1x1 Conv, both without activation ({@code shortcut.0}, {@code shortcut.1}).
 * The output is {@code conv(x) + shortcut(x)}.
 */
public final class GhostBottleneckBlock extends YoloBlock {
    private final ChainBlock conv;
    private final ChainBlock shortcut;

    public GhostBottleneckBlock(int c1, int c2, int k, int s) {
        int c = c2 / 2;
        Blocks.requirePositive("GhostBottleneck hidden width c2 / 2", c);
        YoloBlock middle = s == 2 ? dw(c, c, k, s) : new IdentityBlock();
        conv = addChildBlock(
                "conv",
                ChainBlock.of(List.of(
                        new GhostConvBlock(c1, c, 1, 1, 1, true), middle, new GhostConvBlock(c, c2, 1, 1, 1, false))));
        shortcut = s == 2
                ? addChildBlock(
                        "shortcut",
                        ChainBlock.of(List.of(
                                dw(c1, c1, k, s),
                                ConvBlock.builder()
                                        .setChannels(c1, c2)
                                        .optActivation(false)
                                        .build())))
                : null;
    }

    /** {@code DWConv(a, b, k, s, act=False)}: groups {@code gcd(a, b)}. */
    private static ConvBlock dw(int a, int b, int k, int s) {
        int g = BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).intValue();
        return ConvBlock.builder()
                .setChannels(a, b)
                .optKernel(k)
                .optStride(s)
                .optGroups(g)
                .optActivation(false)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = conv.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray skip = shortcut == null
                ? inputs.singletonOrThrow()
                : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(y.add(skip));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(conv, prefix, "conv", out);
        if (shortcut != null) {
            collectChild(shortcut, prefix, "shortcut", out);
        }
    }
}
