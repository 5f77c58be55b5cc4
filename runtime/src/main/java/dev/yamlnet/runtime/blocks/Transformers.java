package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The PyTorch transformer pieces RT-DETR is made of, as blocks with PyTorch's state-dict names:
 * {@link Dense} ({@code nn.Linear}), {@link Norm} ({@code nn.LayerNorm}) and {@link Attention}
 * ({@code nn.MultiheadAttention}). They work on {@code (batch, tokens, features)} arrays.
 */
final class Transformers {
    private Transformers() {}

    /** {@code nn.Linear(in, out)}: {@code weight (out, in)}, {@code bias (out)}. */
    static final class Dense extends YoloBlock {
        private final long out;
        private final Parameter weight;
        private final Parameter bias;

        Dense(long in, long out) {
            this.out = out;
            weight = param("weight", Parameter.Type.WEIGHT, new Shape(out, in), TorchInit.weight());
            bias = param("bias", Parameter.Type.BIAS, new Shape(out), TorchInit.bias(in));
        }

        /** {@code x W^T + b} over the last axis. */
        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return ai.djl.nn.core.Linear.linear(
                            x, ps.getValue(weight, x.getDevice(), training), ps.getValue(bias, x.getDevice(), training))
                    .singletonOrThrow();
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(apply(ps, inputs.singletonOrThrow(), training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {in.slice(0, in.dimension() - 1).add(out)};
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            out.put(prefix + "weight", weight);
            out.put(prefix + "bias", bias);
        }
    }

    /** {@code nn.LayerNorm(dim)} with PyTorch's epsilon 1e-5: {@code weight}, {@code bias}. */
    static final class Norm extends YoloBlock {
        private final long dim;
        private final Parameter weight;
        private final Parameter bias;

        Norm(long dim) {
            this.dim = dim;
            weight = param("weight", Parameter.Type.GAMMA, new Shape(dim), new ConstantInitializer(1));
            bias = param("bias", Parameter.Type.BETA, new Shape(dim), new ConstantInitializer(0));
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return LayerNorm.layerNorm(
                            x,
                            new Shape(dim),
                            ps.getValue(weight, x.getDevice(), training),
                            ps.getValue(bias, x.getDevice(), training),
                            1e-5f)
                    .singletonOrThrow();
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(apply(ps, inputs.singletonOrThrow(), training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            out.put(prefix + "weight", weight);
            out.put(prefix + "bias", bias);
        }
    }

    /**
     * {@code nn.MultiheadAttention(dim, heads)} at inference, batch first: {@code in_proj_weight (3 dim, dim)},
     * {@code in_proj_bias}, {@code out_proj.weight}, {@code out_proj.bias}. Queries are scaled by
     * {@code 1/sqrt(dim / heads)} before the product with the keys, as PyTorch does.
     */
    static final class Attention extends YoloBlock {
        private final int dim;
        private final int heads;
        private final Parameter inWeight;
        private final Parameter inBias;
        private final Dense outProj;

        Attention(int dim, int heads) {
            if (dim % heads != 0) {
                throw new IllegalArgumentException("attention width " + dim + " is not divisible by " + heads);
            }
            this.dim = dim;
            this.heads = heads;
            inWeight = param("in_proj_weight", Parameter.Type.WEIGHT, new Shape(3L * dim, dim), TorchInit.bias(dim));
            inBias = param("in_proj_bias", Parameter.Type.BIAS, new Shape(3L * dim), new ConstantInitializer(0));
            outProj = addChildBlock("out_proj", new Dense(dim, dim));
        }

        /** One third of the packed projection, moved to the call's manager (a slice of a parameter lands in the model's). */
        private NDArray part(ParameterStore ps, Parameter p, int i, NDArray x, boolean training) {
            NDArray slice = ps.getValue(p, x.getDevice(), training)
                    .get(new NDIndex((long) i * dim + ":" + (long) (i + 1) * dim));
            slice.attach(x.getManager());
            return slice;
        }

        /** Attention of {@code query (B, Lq, dim)} over {@code key (B, Lk, dim)} and {@code value (B, Lk, dim)}. */
        NDArray apply(ParameterStore ps, NDArray query, NDArray key, NDArray value, boolean training) {
            long b = query.getShape().get(0);
            long lq = query.getShape().get(1);
            long lk = key.getShape().get(1);
            int d = dim / heads;
            NDArray q = ai.djl.nn.core.Linear.linear(
                            query, part(ps, inWeight, 0, query, training), part(ps, inBias, 0, query, training))
                    .singletonOrThrow();
            NDArray k = ai.djl.nn.core.Linear.linear(
                            key, part(ps, inWeight, 1, query, training), part(ps, inBias, 1, query, training))
                    .singletonOrThrow();
            NDArray v = ai.djl.nn.core.Linear.linear(
                            value, part(ps, inWeight, 2, query, training), part(ps, inBias, 2, query, training))
                    .singletonOrThrow();
            q = q.reshape(b, lq, heads, d).transpose(0, 2, 1, 3).div(Math.sqrt(d));
            k = k.reshape(b, lk, heads, d).transpose(0, 2, 3, 1);
            v = v.reshape(b, lk, heads, d).transpose(0, 2, 1, 3);
            NDArray attn = q.matMul(k).softmax(-1);
            NDArray out = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, lq, dim);
            return outProj.apply(ps, out, training);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return new NDList(apply(ps, x, x, x, training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            out.put(prefix + "in_proj_weight", inWeight);
            out.put(prefix + "in_proj_bias", inBias);
            collectChild(outProj, prefix, "out_proj", out);
        }
    }
}
