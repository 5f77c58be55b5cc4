package dev.yamlnet.compiler.modules.parts;

import java.util.List;

/**
 * Ultralytics' {@code Attention(dim, num_heads, attn_ratio)} (used by {@code PSABlock}): a linear
 * 1x1 {@code qkv} convolution to {@code dim + 2 kd heads} channels, a linear 1x1 {@code proj} and a
 * linear depthwise 3x3 positional encoding {@code pe}, all at the input's size. The two matrix
 * products are functional, yet thop 2.1.6 as Ultralytics 8.4.117 calls it adds them:
 * {@code heads T^2 (kd + hd)} MACs with {@code T = H W}.
 */
public record AttentionPart(int dim, int heads, int headDim, int keyDim) {

    /** {@code Attention(dim, heads, ratio)}: {@code hd = dim // heads}, {@code kd = int(hd * ratio)}. */
    public static AttentionPart of(int dim, int heads, double attnRatio) {
        int hd = dim / heads;
        return new AttentionPart(dim, heads, hd, (int) (hd * attnRatio));
    }

    /** qkv, proj and pe; all linear (a private Identity each). */
    public List<ConvPart> convs() {
        int h = dim + 2 * keyDim * heads;
        return List.of(
                ConvPart.of(dim, h, 1, 1, 1, false),
                ConvPart.of(dim, dim, 1, 1, 1, false),
                ConvPart.of(dim, dim, 3, 1, dim, false));
    }

    /** The products {@code q^T k} and {@code v attn^T} for an {@code h x w} input. */
    public long matmulMacs(long h, long w) {
        long t = h * w;
        return (long) heads * t * t * (keyDim + headDim);
    }

    /**
     * {@code PSABlock(c, attn_ratio=0.5, num_heads)}: this attention plus the feed-forward pair
     * {@code Conv(c, 2c, 1)} and linear {@code Conv(2c, c, 1)}. Returns its convolutions.
     */
    public static List<ConvPart> psaBlockConvs(AttentionPart attn) {
        int c = attn.dim();
        List<ConvPart> out = new java.util.ArrayList<>(attn.convs());
        out.add(ConvPart.of(c, 2 * c, 1, 1));
        out.add(ConvPart.of(2 * c, c, 1, 1, 1, false));
        return out;
    }
}
