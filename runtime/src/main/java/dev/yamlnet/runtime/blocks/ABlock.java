package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code ABlock(dim, num_heads, mlp_ratio, area)} (YOLO12): {@code x + attn(x)} with an
 * {@link AAttnBlock}, then {@code x + mlp(x)} with {@code mlp = Conv(dim, int(dim * mlp_ratio), 1)}
 * and a linear {@code Conv(hidden, dim, 1)} (an {@code nn.Sequential}: {@code mlp.0}, {@code mlp.1}).
 */
public final class ABlock extends YoloBlock {
    private final AAttnBlock attn;
    private final ChainBlock mlp;

    public ABlock(int dim, int heads, double mlpRatio, int area) {
        int hidden = (int) (dim * mlpRatio);
        Blocks.requirePositive("MLP hidden width int(dim * mlp_ratio)", hidden);
        attn = addChildBlock("attn", new AAttnBlock(dim, heads, area));
        mlp = addChildBlock(
                "mlp",
                ChainBlock.of(
                        ConvBlock.builder().setChannels(dim, hidden).build(),
                        ConvBlock.builder()
                                .setChannels(hidden, dim)
                                .optActivation(false)
                                .build()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = x.add(attn.forward(ps, inputs, training, params).singletonOrThrow());
        NDArray f = mlp.forward(ps, new NDList(x), training, params).singletonOrThrow();
        return new NDList(x.add(f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(attn, prefix, "attn", out);
        collectChild(mlp, prefix, "mlp", out);
    }
}
