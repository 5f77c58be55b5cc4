package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.Activation;
import dev.yamlnet.runtime.NativeArrays;
import java.util.Map;

/**
 * Ultralytics' {@code AIFI(c1, cm, num_heads)}: a post-norm transformer encoder layer over the
 * {@code H W} positions of a {@code (B, c1, H, W)} map. With {@code src} the positions as tokens and
 * {@code pos} the 2-D sine-cosine embedding: {@code src = norm1(src + ma(src + pos, src + pos, src))},
 * {@code out = norm2(src + fc2(GELU(fc1(src))))}, back to {@code (B, c1, H, W)}.
 *
 * <p>The embedding (Ultralytics' {@code build_2d_sincos_position_embedding(w, h, c1)}): with
 * {@code D = c1 / 4} and {@code omega_i = 1 / 10000^(i / D)}, token {@code t} gets
 * {@code [sin(a omega), cos(a omega), sin(b omega), cos(b omega)]} for {@code a = t div H},
 * {@code b = t mod H} (the meshgrid over {@code (w, h)} in "ij" order, flattened).
 */
public final class AifiBlock extends YoloBlock {
    private final int c1;
    private final Transformers.Attention ma;
    private final Transformers.Dense fc1;
    private final Transformers.Dense fc2;
    private final Transformers.Norm norm1;
    private final Transformers.Norm norm2;

    public AifiBlock(int c1, int cm, int heads) {
        if (c1 % 4 != 0) {
            throw new IllegalArgumentException("AIFI needs channels divisible by 4, got " + c1);
        }
        this.c1 = c1;
        ma = addChildBlock("ma", new Transformers.Attention(c1, heads));
        fc1 = addChildBlock("fc1", new Transformers.Dense(c1, cm));
        fc2 = addChildBlock("fc2", new Transformers.Dense(cm, c1));
        norm1 = addChildBlock("norm1", new Transformers.Norm(c1));
        norm2 = addChildBlock("norm2", new Transformers.Norm(c1));
    }

    /** The embedding for a map of {@code h x w}, {@code (h w, c)} row-major as float32. */
    static float[] positionEmbedding(int w, int h, int c) {
        int d = c / 4;
        float[] omega = new float[d];
        for (int i = 0; i < d; i++) {
            float e = (float) i / d;
            omega[i] = (float) (1.0 / (float) Math.pow(10000.0, e));
        }
        float[] out = new float[w * h * c];
        for (int t = 0; t < w * h; t++) {
            float a = t / h;
            float b = t % h;
            for (int i = 0; i < d; i++) {
                float pa = a * omega[i];
                float pb = b * omega[i];
                out[t * c + i] = (float) Math.sin(pa);
                out[t * c + d + i] = (float) Math.cos(pa);
                out[t * c + 2 * d + i] = (float) Math.sin(pb);
                out[t * c + 3 * d + i] = (float) Math.cos(pb);
            }
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long b = s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray src = x.reshape(b, c1, (long) h * w).transpose(0, 2, 1);
        NDArray pos =
                NativeArrays.floats(x.getManager(), positionEmbedding(w, h, c1), new long[] {1, (long) h * w, c1});
        NDArray qk = src.add(pos);
        NDArray y = norm1.apply(ps, src.add(ma.apply(ps, qk, qk, src, training)), training);
        NDArray ffn =
                fc2.apply(ps, Activations.apply(Activation.parse("nn.GELU()"), fc1.apply(ps, y, training)), training);
        y = norm2.apply(ps, y.add(ffn), training);
        return new NDList(y.transpose(0, 2, 1).reshape(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(ma, prefix, "ma", out);
        collectChild(fc1, prefix, "fc1", out);
        collectChild(fc2, prefix, "fc2", out);
        collectChild(norm1, prefix, "norm1", out);
        collectChild(norm2, prefix, "norm2", out);
    }
}
