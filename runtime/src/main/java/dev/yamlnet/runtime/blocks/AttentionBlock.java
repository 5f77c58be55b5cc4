package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code Attention(dim, num_heads, attn_ratio)} (inside {@code PSABlock}): multi-head
 * self-attention over the {@code N = H W} positions of a feature map. {@code qkv} (linear 1x1 Conv)
 * makes {@code dim + 2 kd heads} channels, viewed as {@code [B, heads, 2 kd + hd, N]} and split into
 * {@code q, k} ({@code kd = int(hd * attn_ratio)} rows each) and {@code v} ({@code hd = dim / heads});
 * {@code attn = softmax(q^T k * kd^-0.5)} over the last axis; the result {@code v attn^T} plus the
 * positional encoding {@code pe} (linear depthwise 3x3 Conv of {@code v}) goes through {@code proj}
 * (linear 1x1 Conv). State-dict names: {@code qkv.*}, {@code proj.*}, {@code pe.*}.
 */
public final class AttentionBlock extends YoloBlock {
    private final int heads;
    private final int headDim;
    private final int keyDim;
    private final float scale;
    private final ConvBlock qkv;
    private final ConvBlock proj;
    private final ConvBlock pe;

    public AttentionBlock(int dim, int heads, double attnRatio) {
        Blocks.requirePositive("attention width", dim);
        Blocks.requirePositive("attention heads", heads);
        if (dim % heads != 0) {
            throw new IllegalArgumentException(
                    "attention width " + dim + " is not divisible by its " + heads + " heads");
        }
        this.heads = heads;
        this.headDim = dim / heads;
        this.keyDim = (int) (headDim * attnRatio);
        Blocks.requirePositive("key width int(head width * attn_ratio)", keyDim);
        this.scale = (float) Math.pow(keyDim, -0.5);
        int h = dim + 2 * keyDim * heads;
        qkv = addChildBlock(
                "qkv",
                ConvBlock.builder().setChannels(dim, h).optActivation(false).build());
        proj = addChildBlock(
                "proj",
                ConvBlock.builder().setChannels(dim, dim).optActivation(false).build());
        pe = addChildBlock(
                "pe",
                ConvBlock.builder()
                        .setChannels(dim, dim)
                        .optKernel(3)
                        .optGroups(dim)
                        .optActivation(false)
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape s = inputs.singletonOrThrow().getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        long n = h * w;
        NDArray y = qkv.forward(ps, inputs, training, params)
                .singletonOrThrow()
                .reshape(b, heads, 2L * keyDim + headDim, n);
        NDList qkvParts = y.split(new long[] {keyDim, 2L * keyDim}, 2); // split takes indices, not sizes
        NDArray q = qkvParts.get(0);
        NDArray k = qkvParts.get(1);
        NDArray v = qkvParts.get(2);
        NDArray attn = q.transpose(0, 1, 3, 2).matMul(k).mul(scale).softmax(-1);
        NDArray x = v.matMul(attn.transpose(0, 1, 3, 2)).reshape(b, c, h, w);
        NDArray pos = pe.forward(ps, new NDList(v.reshape(b, c, h, w)), training, params)
                .singletonOrThrow();
        return proj.forward(ps, new NDList(x.add(pos)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(qkv, prefix, "qkv", out);
        collectChild(proj, prefix, "proj", out);
        collectChild(pe, prefix, "pe", out);
    }
}
