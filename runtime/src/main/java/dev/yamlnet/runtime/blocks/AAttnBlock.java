package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code AAttn(dim, num_heads, area)} (YOLO12's area attention): multi-head
 * self-attention in which the {@code N = H W} positions of a map (in row-major order) are cut into
 * {@code area} consecutive parts that attend only within themselves. {@code qkv} (linear 1x1 Conv)
 * makes {@code 3 dim} channels, per head laid out as {@code [q, k, v]} of {@code head_dim = dim /
 * heads} rows each; {@code attn = softmax(q^T k * head_dim^-0.5)}; {@code x = v attn^T}, back to
 * {@code [B, dim, H, W]}, plus the positional encoding {@code pe} (linear depthwise 7x7 Conv of
 * {@code v}), then {@code proj} (linear 1x1 Conv). State-dict names: {@code qkv.*}, {@code proj.*},
 * {@code pe.*}.
 */
public final class AAttnBlock extends YoloBlock {
    private final int heads;
    private final int headDim;
    private final int area;
    private final float scale;
    private final ConvBlock qkv;
    private final ConvBlock proj;
    private final ConvBlock pe;

    public AAttnBlock(int dim, int heads, int area) {
        Blocks.requirePositive("attention width", dim);
        Blocks.requirePositive("attention heads", heads);
        if (dim % heads != 0) {
            throw new IllegalArgumentException(
                    "attention width " + dim + " is not divisible by its " + heads + " heads");
        }
        this.heads = heads;
        this.headDim = dim / heads;
        this.area = Math.max(area, 1);
        this.scale = (float) Math.pow(headDim, -0.5);
        int all = headDim * heads;
        qkv = addChildBlock(
                "qkv",
                ConvBlock.builder()
                        .setChannels(dim, 3 * all)
                        .optActivation(false)
                        .build());
        proj = addChildBlock(
                "proj",
                ConvBlock.builder().setChannels(all, dim).optActivation(false).build());
        pe = addChildBlock(
                "pe",
                ConvBlock.builder()
                        .setChannels(all, all)
                        .optKernel(7)
                        .optPadding(3)
                        .optGroups(all)
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
        if (n % area != 0) {
            throw new IllegalArgumentException(
                    "a " + h + "x" + w + " feature map does not split into " + area + " attention areas");
        }
        long ba = b * area;
        long na = n / area;
        // [B, 3C, H, W] -> [B, N, 3C] -> [B*area, N/area, heads, 3 hd] -> [B*area, heads, 3 hd, N/area]
        NDArray t = qkv.forward(ps, inputs, training, params)
                .singletonOrThrow()
                .reshape(b, 3 * c, n)
                .transpose(0, 2, 1)
                .reshape(ba, na, heads, 3L * headDim)
                .transpose(0, 2, 3, 1);
        NDList parts = t.split(new long[] {headDim, 2L * headDim}, 2); // split takes indices, not sizes
        NDArray q = parts.get(0);
        NDArray k = parts.get(1);
        NDArray v = parts.get(2);
        NDArray attn = q.transpose(0, 1, 3, 2).matMul(k).mul(scale).softmax(-1);
        NDArray x = v.matMul(attn.transpose(0, 1, 3, 2)); // [B*area, heads, hd, N/area]
        NDArray xs = toMap(x, b, c, h, w);
        NDArray vs = toMap(v, b, c, h, w);
        NDArray pos = pe.forward(ps, new NDList(vs), training, params).singletonOrThrow();
        return proj.forward(ps, new NDList(xs.add(pos)), training, params);
    }

    /** {@code [B*area, heads, hd, N/area]} back to {@code [B, C, H, W]}, as Ultralytics permutes it. */
    private static NDArray toMap(NDArray a, long b, long c, long h, long w) {
        return a.transpose(0, 3, 1, 2).reshape(b, h, w, c).transpose(0, 3, 1, 2);
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
