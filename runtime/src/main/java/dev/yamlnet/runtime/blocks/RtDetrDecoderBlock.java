package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.yamlnet.runtime.NativeArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code RTDETRDecoder(nc, ch, hd, nq, ndp, nh, ndl, d_ffn, eval_idx)} at inference.
 *
 * <ol>
 *   <li>Each level through {@code input_proj.i} (bias-free 1x1 conv and BatchNorm), flattened to tokens
 *       and concatenated: {@code feats (B, A, hd)} over all {@code A} positions.
 *   <li>Anchors per position: centre {@code ((x + 0.5) / w, (y + 0.5) / h)}, size {@code 0.05 * 2^level},
 *       in logit space; positions whose anchor leaves {@code (0.01, 0.99)} are masked (their features
 *       zeroed, their anchor infinite).
 *   <li>Encoder head: {@code memory = enc_output(mask * feats)} (Linear + LayerNorm), class logits
 *       {@code enc_score_head(memory)}; the {@code nq} positions with the largest class logit (torch's
 *       top-k) are the queries, their boxes {@code enc_bbox_head(memory) + anchor} (logits).
 *   <li>Decoder layers up to {@code eval_idx}: self-attention of the queries (with
 *       {@code query_pos_head(boxes)} added to queries and keys), multi-scale deformable cross-attention
 *       (per head, level and point a sampling location {@code box centre + offset / ndp * box size / 2},
 *       bilinear sampling as {@code grid_sample(align_corners=False, padding_mode="zeros")}, softmax
 *       weights), a ReLU feed-forward; post-norm after each. Each layer refines the boxes:
 *       {@code sigmoid(dec_bbox_head.i(q) + logit(boxes))}.
 *   <li>Output {@code y (B, 300, 6)}: the top 300 of the {@code nq * nc} sigmoid scores of
 *       {@code dec_score_head.eval_idx}, as {@code [cx, cy, w, h, score, class]} (boxes normalised to the
 *       image).
 * </ol>
 *
 * <p>Outputs, in this order: {@code y}; Ultralytics' {@code dec_bboxes (1, B, nq, 4)} (sigmoid),
 * {@code dec_scores (1, B, nq, nc)} (logits), {@code enc_bboxes (B, nq, 4)} (sigmoid),
 * {@code enc_scores (B, nq, nc)} (logits); then, independent of any top-k, {@code enc_memory (B, A, hd)}
 * (the masked features, input of {@code enc_output}) and {@code enc_all_scores (B, A, nc)}.
 */
public final class RtDetrDecoderBlock extends YoloBlock {
    /** Rows of {@code y}: Ultralytics' {@code max_det}. */
    public static final int MAX_DET = 300;

    /** The outputs' names, in output order, as the Ultralytics fixtures name their {@code .npy} files. */
    public static final List<String> OUTPUT_NAMES = List.of(
            "output",
            "output_dec_bboxes",
            "output_dec_scores",
            "output_enc_bboxes",
            "output_enc_scores",
            "output_enc_memory",
            "output_enc_all_scores");

    private final int nc;
    private final int hd;
    private final int nq;
    private final int ndp;
    private final int nh;
    private final int levels;
    private final int evalIdx;
    private final List<ConvBlock> inputProj = new ArrayList<>();
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final Parameter denoisingEmbed;
    private final Parameter tgtEmbed;
    private final Mlp queryPosHead;
    private final Transformers.Dense encOutput;
    private final Transformers.Norm encNorm;
    private final Transformers.Dense encScoreHead;
    private final Mlp encBboxHead;
    private final List<Transformers.Dense> decScoreHead = new ArrayList<>();
    private final List<Mlp> decBboxHead = new ArrayList<>();

    public RtDetrDecoderBlock(
            int nc,
            int[] ch,
            int hd,
            int nq,
            int ndp,
            int nh,
            int ndl,
            int dFfn,
            int evalIdx,
            boolean learntInitQuery) {
        Blocks.requirePositive("classes", nc);
        Blocks.requirePositive("levels", ch.length);
        if (hd % nh != 0) {
            throw new IllegalArgumentException("hidden width " + hd + " is not divisible by " + nh + " heads");
        }
        if (evalIdx < 0 || evalIdx >= ndl) {
            throw new IllegalArgumentException("eval_idx " + evalIdx + " is not a layer of " + ndl);
        }
        this.nc = nc;
        this.hd = hd;
        this.nq = nq;
        this.ndp = ndp;
        this.nh = nh;
        this.levels = ch.length;
        this.evalIdx = evalIdx;
        for (int i = 0; i < ch.length; i++) {
            inputProj.add(addChildBlock(
                    "input_proj" + i,
                    ConvBlock.builder()
                            .setChannels(ch[i], hd)
                            .optActivation(false)
                            .build()));
        }
        for (int i = 0; i < ndl; i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(hd, nh, dFfn, levels, ndp)));
        }
        denoisingEmbed =
                param("denoising_class_embed", Parameter.Type.WEIGHT, new Shape(nc, hd), new NormalInitializer(1f));
        tgtEmbed = learntInitQuery
                ? param("tgt_embed", Parameter.Type.WEIGHT, new Shape(nq, hd), new NormalInitializer(1f))
                : null;
        queryPosHead = addChildBlock("query_pos_head", new Mlp(4, 2 * hd, hd, 2));
        encOutput = addChildBlock("enc_output0", new Transformers.Dense(hd, hd));
        encNorm = addChildBlock("enc_output1", new Transformers.Norm(hd));
        encScoreHead = addChildBlock("enc_score_head", new Transformers.Dense(hd, nc));
        encBboxHead = addChildBlock("enc_bbox_head", new Mlp(hd, hd, 4, 3));
        for (int i = 0; i < ndl; i++) {
            decScoreHead.add(addChildBlock("dec_score_head" + i, new Transformers.Dense(hd, nc)));
        }
        for (int i = 0; i < ndl; i++) {
            decBboxHead.add(addChildBlock("dec_bbox_head" + i, new Mlp(hd, hd, 4, 3)));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDManager mgr = inputs.get(0).getManager();
        long b = inputs.get(0).getShape().get(0);
        List<long[]> shapes = new ArrayList<>();
        NDList tokens = new NDList();
        for (int i = 0; i < levels; i++) {
            NDArray p = inputProj
                    .get(i)
                    .forward(ps, new NDList(inputs.get(i)), training, params)
                    .singletonOrThrow();
            Shape s = p.getShape();
            shapes.add(new long[] {s.get(2), s.get(3)});
            tokens.add(p.reshape(b, hd, s.get(2) * s.get(3)).transpose(0, 2, 1));
        }
        NDArray feats = NDArrays.concat(tokens, 1);
        long a = feats.getShape().get(1);
        float[][] anchorData = anchors(shapes);
        NDArray anchors = NativeArrays.floats(mgr, anchorData[0], 1, a, 4);
        NDArray valid = NativeArrays.floats(mgr, anchorData[1], 1, a, 1);

        NDArray memoryIn = valid.mul(feats);
        NDArray memory = encNorm.apply(ps, encOutput.apply(ps, memoryIn, training), training);
        NDArray allScores = encScoreHead.apply(ps, memory, training);
        NDArray topIdx = allScores.max(new int[] {-1}).topK(nq, 1, true, true).get(1); // (B, nq) int64
        NDArray topFeatures = gatherRows(memory, topIdx, hd);
        NDArray topAnchors = gatherRows(anchors.broadcast(b, a, 4), topIdx, 4);
        NDArray referLogits = encBboxHead.apply(ps, topFeatures, training).add(topAnchors);
        NDArray encBboxes = referLogits.getNDArrayInternal().sigmoid();
        NDArray encScores = gatherRows(allScores, topIdx, nc);
        NDArray embed = topFeatures;
        if (tgtEmbed != null) {
            NDArray t = ps.getValue(tgtEmbed, feats.getDevice(), training).expandDims(0);
            t.attach(mgr); // made from a parameter alone: it would stay in the model's manager
            embed = t.broadcast(b, nq, hd);
        }

        NDArray refer = encBboxes;
        NDArray decBboxes = null;
        NDArray decScores = null;
        for (int i = 0; i <= evalIdx; i++) {
            NDArray pos = queryPosHead.apply(ps, refer, training);
            embed = layers.get(i).apply(ps, embed, refer, feats, shapes, pos, training);
            NDArray box = decBboxHead.get(i).apply(ps, embed, training);
            NDArray refined =
                    box.add(inverseSigmoid(refer)).getNDArrayInternal().sigmoid();
            if (i == evalIdx) {
                decScores = decScoreHead.get(i).apply(ps, embed, training);
                decBboxes = refined;
            }
            refer = refined;
        }

        // postprocess: the top MAX_DET of the flattened query x class sigmoid scores
        int k = (int) Math.min(MAX_DET, (long) nq * nc);
        NDArray probs = decScores.getNDArrayInternal().sigmoid().reshape(b, (long) nq * nc);
        NDList top = probs.topK(k, 1, true, true);
        NDArray score = top.get(0);
        NDArray index = top.get(1);
        NDArray query = index.toType(DataType.FLOAT64, false).div(nc).floor().toType(DataType.INT64, false);
        NDArray label = index.sub(query.mul(nc)).toType(DataType.FLOAT32, false);
        NDArray boxes = gatherRows(decBboxes, query, 4);
        NDArray y = NDArrays.concat(new NDList(boxes, score.expandDims(-1), label.expandDims(-1)), -1);
        return new NDList(
                y, decBboxes.expandDims(0), decScores.expandDims(0), encBboxes, encScores, memoryIn, allScores);
    }

    /** {@code x (B, N, d)} at rows {@code index (B, k)}: {@code (B, k, d)}. */
    private static NDArray gatherRows(NDArray x, NDArray index, long d) {
        Shape s = index.getShape();
        NDArray idx = index.expandDims(-1).broadcast(s.get(0), s.get(1), d);
        return x.gather(idx, 1);
    }

    /** Ultralytics' {@code inverse_sigmoid(x, eps=1e-5)}: {@code log(max(x, eps) / max(1 - x, eps))} of {@code x} clamped to [0, 1]. */
    static NDArray inverseSigmoid(NDArray x) {
        NDArray c = x.clip(0, 1);
        return c.clip(1e-5, 1).div(c.neg().add(1).clip(1e-5, 1)).log();
    }

    /** Anchors {@code (A, 4)} in logit space (infinite where masked) and the mask {@code (A)} as 1/0, float32. */
    static float[][] anchors(List<long[]> shapes) {
        int total = 0;
        for (long[] s : shapes) {
            total += (int) (s[0] * s[1]);
        }
        float[] out = new float[total * 4];
        float[] mask = new float[total];
        int t = 0;
        for (int l = 0; l < shapes.size(); l++) {
            int h = (int) shapes.get(l)[0];
            int w = (int) shapes.get(l)[1];
            float wh = (float) (1.0f * 0.05f) * (float) Math.pow(2.0, l);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float[] v = {((float) x + 0.5f) / w, ((float) y + 0.5f) / h, wh, wh};
                    boolean ok = true;
                    for (float f : v) {
                        ok &= f > 0.01f && f < 1 - 0.01f;
                    }
                    mask[t] = ok ? 1 : 0;
                    for (int j = 0; j < 4; j++) {
                        out[t * 4 + j] = ok ? (float) Math.log(v[j] / (1 - v[j])) : Float.POSITIVE_INFINITY;
                    }
                    t++;
                }
            }
        }
        return new float[][] {out, mask};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long a = 0;
        for (Shape s : inputShapes) {
            a += s.get(2) * s.get(3);
        }
        long k = Math.min(MAX_DET, (long) nq * nc);
        return new Shape[] {
            new Shape(b, k, 6),
            new Shape(1, b, nq, 4),
            new Shape(1, b, nq, nc),
            new Shape(b, nq, 4),
            new Shape(b, nq, nc),
            new Shape(b, a, hd),
            new Shape(b, a, nc)
        };
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < inputProj.size(); i++) {
            Map<String, Parameter> conv = new java.util.LinkedHashMap<>();
            inputProj.get(i).collectParameters("", conv);
            // nn.Sequential(Conv2d, BatchNorm2d): conv.* -> 0.*, bn.* -> 1.*
            for (Map.Entry<String, Parameter> e : conv.entrySet()) {
                String name = e.getKey().startsWith("conv.")
                        ? "0." + e.getKey().substring(5)
                        : "1." + e.getKey().substring(3);
                out.put(prefix + "input_proj." + i + "." + name, e.getValue());
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            collectChild(layers.get(i), prefix, "decoder.layers." + i, out);
        }
        out.put(prefix + "denoising_class_embed.weight", denoisingEmbed);
        if (tgtEmbed != null) {
            out.put(prefix + "tgt_embed.weight", tgtEmbed);
        }
        collectChild(queryPosHead, prefix, "query_pos_head", out);
        collectChild(encOutput, prefix, "enc_output.0", out);
        collectChild(encNorm, prefix, "enc_output.1", out);
        collectChild(encScoreHead, prefix, "enc_score_head", out);
        collectChild(encBboxHead, prefix, "enc_bbox_head", out);
        for (int i = 0; i < decScoreHead.size(); i++) {
            collectChild(decScoreHead.get(i), prefix, "dec_score_head." + i, out);
        }
        for (int i = 0; i < decBboxHead.size(); i++) {
            collectChild(decBboxHead.get(i), prefix, "dec_bbox_head." + i, out);
        }
    }

    /** Ultralytics' transformer {@code MLP}: {@code layers.i} Linears with ReLU between them. */
    static final class Mlp extends YoloBlock {
        private final List<Transformers.Dense> linears = new ArrayList<>();
        private final long out;

        Mlp(int in, int hidden, int out, int n) {
            this.out = out;
            for (int i = 0; i < n; i++) {
                linears.add(addChildBlock(
                        "l" + i, new Transformers.Dense(i == 0 ? in : hidden, i == n - 1 ? out : hidden)));
            }
        }

        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            for (int i = 0; i < linears.size(); i++) {
                x = linears.get(i).apply(ps, x, training);
                if (i < linears.size() - 1) {
                    x = x.getNDArrayInternal().relu();
                }
            }
            return x;
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
            for (int i = 0; i < linears.size(); i++) {
                collectChild(linears.get(i), prefix, "layers." + i, out);
            }
        }
    }

    /** {@code DeformableTransformerDecoderLayer}: self-attention, deformable cross-attention, feed-forward. */
    static final class DecoderLayer extends YoloBlock {
        private final int hd;
        private final int nh;
        private final int levels;
        private final int points;
        private final Transformers.Attention selfAttn;
        private final Transformers.Norm norm1;
        private final Transformers.Dense samplingOffsets;
        private final Transformers.Dense attentionWeights;
        private final Transformers.Dense valueProj;
        private final Transformers.Dense outputProj;
        private final Transformers.Norm norm2;
        private final Transformers.Dense linear1;
        private final Transformers.Dense linear2;
        private final Transformers.Norm norm3;

        DecoderLayer(int hd, int nh, int ffn, int levels, int points) {
            this.hd = hd;
            this.nh = nh;
            this.levels = levels;
            this.points = points;
            selfAttn = addChildBlock("self_attn", new Transformers.Attention(hd, nh));
            norm1 = addChildBlock("norm1", new Transformers.Norm(hd));
            samplingOffsets =
                    addChildBlock("sampling_offsets", new Transformers.Dense(hd, (long) nh * levels * points * 2));
            attentionWeights =
                    addChildBlock("attention_weights", new Transformers.Dense(hd, (long) nh * levels * points));
            valueProj = addChildBlock("value_proj", new Transformers.Dense(hd, hd));
            outputProj = addChildBlock("output_proj", new Transformers.Dense(hd, hd));
            norm2 = addChildBlock("norm2", new Transformers.Norm(hd));
            linear1 = addChildBlock("linear1", new Transformers.Dense(hd, ffn));
            linear2 = addChildBlock("linear2", new Transformers.Dense(ffn, hd));
            norm3 = addChildBlock("norm3", new Transformers.Norm(hd));
        }

        NDArray apply(
                ParameterStore ps,
                NDArray embed,
                NDArray refer,
                NDArray feats,
                List<long[]> shapes,
                NDArray pos,
                boolean training) {
            NDArray q = embed.add(pos);
            embed = norm1.apply(ps, embed.add(selfAttn.apply(ps, q, q, embed, training)), training);
            NDArray cross = deformable(ps, embed.add(pos), refer, feats, shapes, training);
            embed = norm2.apply(ps, embed.add(cross), training);
            NDArray ffn = linear2.apply(
                    ps, linear1.apply(ps, embed, training).getNDArrayInternal().relu(), training);
            return norm3.apply(ps, embed.add(ffn), training);
        }

        /** {@code MSDeformAttn} with 4-value reference boxes {@code refer (B, Q, 4)} (cx, cy, w, h in 0..1). */
        private NDArray deformable(
                ParameterStore ps, NDArray query, NDArray refer, NDArray feats, List<long[]> shapes, boolean training) {
            long b = query.getShape().get(0);
            long nq = query.getShape().get(1);
            long a = feats.getShape().get(1);
            int dh = hd / nh;
            NDArray value = valueProj.apply(ps, feats, training).reshape(b, a, nh, dh);
            NDArray offsets = samplingOffsets.apply(ps, query, training).reshape(b, nq, nh, levels, points, 2);
            NDArray weights = attentionWeights
                    .apply(ps, query, training)
                    .reshape(b, nq, nh, (long) levels * points)
                    .softmax(-1)
                    .reshape(b, nq, nh, levels, points);
            NDArray centre = refer.get(new NDIndex(":, :, :2")).reshape(b, nq, 1, 1, 1, 2);
            NDArray size = refer.get(new NDIndex(":, :, 2:")).reshape(b, nq, 1, 1, 1, 2);
            NDArray locations = centre.add(offsets.div(points).mul(size).mul(0.5));
            NDArray grids = locations.mul(2).sub(1); // (B, Q, nh, L, P, 2)
            NDList sampled = new NDList();
            long start = 0;
            for (int l = 0; l < levels; l++) {
                long h = shapes.get(l)[0];
                long w = shapes.get(l)[1];
                NDArray v = value.get(new NDIndex(":, " + start + ":" + (start + h * w)))
                        .reshape(b, h * w, (long) nh * dh)
                        .transpose(0, 2, 1)
                        .reshape(b * nh, dh, h * w);
                NDArray g = grids.get(new NDIndex(":, :, :, " + l)) // (B, Q, nh, P, 2)
                        .transpose(0, 2, 1, 3, 4)
                        .reshape(b * nh, nq * points, 2);
                sampled.add(bilinear(v, g, h, w).reshape(b * nh, dh, nq, points));
                start += h * w;
            }
            NDArray w = weights.transpose(0, 2, 1, 3, 4).reshape(b * nh, 1, nq, (long) levels * points);
            NDArray out = NDArrays.stack(sampled, -2) // (B*nh, dh, Q, L, P)
                    .reshape(b * nh, dh, nq, (long) levels * points)
                    .mul(w)
                    .sum(new int[] {-1})
                    .reshape(b, (long) nh * dh, nq)
                    .transpose(0, 2, 1);
            return outputProj.apply(ps, out, training);
        }

        /**
         * {@code grid_sample(v, grid, mode="bilinear", padding_mode="zeros", align_corners=False)} for
         * {@code v (N, C, h*w)} and {@code grid (N, S, 2)} of normalised {@code (x, y)}: {@code (N, C, S)}.
         */
        static NDArray bilinear(NDArray v, NDArray grid, long h, long w) {
            long n = v.getShape().get(0);
            long c = v.getShape().get(1);
            long s = grid.getShape().get(1);
            NDArray ix = grid.get(new NDIndex(":, :, 0")).add(1).mul(w).sub(1).div(2);
            NDArray iy = grid.get(new NDIndex(":, :, 1")).add(1).mul(h).sub(1).div(2);
            NDArray x0 = ix.floor();
            NDArray y0 = iy.floor();
            NDArray x1 = x0.add(1);
            NDArray y1 = y0.add(1);
            NDArray[][] corners = {
                {x0, y0, x1.sub(ix).mul(y1.sub(iy))},
                {x1, y0, ix.sub(x0).mul(y1.sub(iy))},
                {x0, y1, x1.sub(ix).mul(iy.sub(y0))},
                {x1, y1, ix.sub(x0).mul(iy.sub(y0))}
            };
            NDArray out = null;
            for (NDArray[] corner : corners) {
                NDArray cx = corner[0];
                NDArray cy = corner[1];
                NDArray inside = cx.gte(0)
                        .logicalAnd(cx.lte(w - 1))
                        .logicalAnd(cy.gte(0))
                        .logicalAnd(cy.lte(h - 1));
                NDArray weight = corner[2].mul(inside.toType(DataType.FLOAT32, false));
                NDArray index = cy.clip(0, h - 1)
                        .mul(w)
                        .add(cx.clip(0, w - 1))
                        .toType(DataType.INT64, false)
                        .expandDims(1)
                        .broadcast(n, c, s);
                NDArray term = v.gather(index, 2).mul(weight.expandDims(1));
                out = out == null ? term : out.add(term);
            }
            return out;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            throw new UnsupportedOperationException("a decoder layer runs inside RTDETRDecoder");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            collectChild(selfAttn, prefix, "self_attn", out);
            collectChild(norm1, prefix, "norm1", out);
            collectChild(samplingOffsets, prefix, "cross_attn.sampling_offsets", out);
            collectChild(attentionWeights, prefix, "cross_attn.attention_weights", out);
            collectChild(valueProj, prefix, "cross_attn.value_proj", out);
            collectChild(outputProj, prefix, "cross_attn.output_proj", out);
            collectChild(norm2, prefix, "norm2", out);
            collectChild(linear1, prefix, "linear1", out);
            collectChild(linear2, prefix, "linear2", out);
            collectChild(norm3, prefix, "norm3", out);
        }
    }
}
