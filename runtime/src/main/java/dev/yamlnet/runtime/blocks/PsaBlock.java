package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code PSABlock(c, attn_ratio, num_heads, shortcut)}: an {@link AttentionBlock}
 * ({@code attn}) then a feed-forward pair {@code ffn} ({@code Conv(c, 2c, 1)} and a linear
 * {@code Conv(2c, c, 1)}, an {@code nn.Sequential}: {@code ffn.0}, {@code ffn.1}), each added to its
 * input when {@code shortcut}.
 */
public final class PsaBlock extends YoloBlock {
    private final boolean add;
    private final AttentionBlock attn;
    private final ChainBlock ffn;

    public PsaBlock(int c, double attnRatio, int heads, boolean shortcut) {
        this.add = shortcut;
        attn = addChildBlock("attn", new AttentionBlock(c, heads, attnRatio));
        ffn = addChildBlock(
                "ffn",
                ChainBlock.of(
                        ConvBlock.builder().setChannels(c, 2 * c).build(),
                        ConvBlock.builder()
                                .setChannels(2 * c, c)
                                .optActivation(false)
                                .build()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = attn.forward(ps, inputs, training, params).singletonOrThrow();
        x = add ? x.add(a) : a;
        NDArray f = ffn.forward(ps, new NDList(x), training, params).singletonOrThrow();
        return new NDList(add ? x.add(f) : f);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(attn, prefix, "attn", out);
        collectChild(ffn, prefix, "ffn", out);
    }
}
