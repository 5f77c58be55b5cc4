package dev.yamlnet.compiler.modules.parts;

/**
 * {@code nn.Linear(in, out, bias)} and the transformer norms around it, as thop 2.1.6 counts them:
 * parameters {@code in * out (+ out)}, MACs {@code in} per output element.
 */
public record Linear(long in, long out, boolean bias) {

    /** A Linear with bias, PyTorch's default. */
    public static Linear of(long in, long out) {
        return new Linear(in, out, true);
    }

    /** Weights plus bias. */
    public long params() {
        return in * out + (bias ? out : 0);
    }

    /** MACs for {@code rows} input vectors. */
    public long macs(long rows) {
        return Thop.linear(in, rows * out);
    }

    /** {@code nn.LayerNorm(dim)}: weight and bias. */
    public static long layerNormParams(long dim) {
        return 2 * dim;
    }

    /** {@code nn.MultiheadAttention(dim, heads)}: packed q/k/v projection and output projection, with biases. */
    public static long multiheadAttentionParams(long dim) {
        return 4 * dim * dim + 4 * dim;
    }

    /**
     * What thop counts for one {@code nn.MultiheadAttention} call on torch 2 (its rule exists only there; on
     * torch 1.13, which the reference data used, the module costs nothing and its {@code out_proj} is never
     * called as a module): the four projections, the two matrix products and the softmax over the scores.
     *
     * @param queries target sequence length
     * @param keys source sequence length
     */
    public static long multiheadAttentionMacsTorch2(long queries, long keys, long dim, long heads) {
        long projections = 2 * queries * dim * dim + 2 * keys * dim * dim;
        long products = 2 * queries * keys * dim;
        return projections + products + Thop.softmax(heads * queries, keys);
    }
}
