package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;
import static dev.yamlnet.compiler.modules.ArgValues.none;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.Linear;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code RTDETRDecoder}: RT-DETR's detection head. Each input level is projected to {@code hd}
 * channels (bias-free 1x1 conv and BatchNorm) and flattened; an encoder head (Linear + LayerNorm,
 * class logits, a 3-layer box MLP on fixed anchors) scores every position and keeps the {@code nq}
 * best as queries; {@code ndl} deformable decoder layers (self-attention, multi-scale deformable
 * cross-attention with {@code ndp} sampling points per head and level, ReLU feed-forward of
 * {@code d_ffn}) refine them, each with its own box MLP and class head. At inference Ultralytics
 * runs the layers up to {@code eval_idx} and returns the top 300 query-class pairs as
 * {@code [cx, cy, w, h, score, class]} (boxes normalised to the image), with the raw decoder and
 * encoder outputs beside it. Ultralytics inserts the input channels after {@code nc} and records no
 * output width; its model has no stride pass (stride 32).
 */
public final class RtDetrDecoderSpec extends BaseModuleSpec {
    /** Rows of the eval output: Ultralytics' {@code max_det}. */
    public static final int MAX_DET = 300;

    /** The spec. */
    public RtDetrDecoderSpec() {
        super(
                "RTDETRDecoder",
                "ultralytics.nn.modules.head.RTDETRDecoder",
                InputArity.MANY,
                List.of(
                        required("nc", ArgType.INT, "number of classes (usually the symbol nc)"),
                        optional("hd", ArgType.INT, integer(256), "hidden width"),
                        optional("nq", ArgType.INT, integer(300), "number of queries"),
                        optional("ndp", ArgType.INT, integer(4), "sampling points per head and level"),
                        optional("nh", ArgType.INT, integer(8), "attention heads"),
                        optional("ndl", ArgType.INT, integer(6), "decoder layers"),
                        optional("d_ffn", ArgType.INT, integer(1024), "feed-forward width of the decoder layers"),
                        optional("dropout", ArgType.FLOAT, floating(0.0), "dropout (inactive at inference)"),
                        optional("act", ArgType.ANY, none(), "feed-forward activation module (default nn.ReLU())"),
                        optional(
                                "eval_idx",
                                ArgType.INT,
                                integer(-1),
                                "decoder layer whose output is used at inference"),
                        optional("nd", ArgType.INT, integer(100), "denoising queries (training only)"),
                        optional("label_noise_ratio", ArgType.FLOAT, floating(0.5), "denoising label noise (training)"),
                        optional("box_noise_scale", ArgType.FLOAT, floating(1.0), "denoising box noise (training)"),
                        optional("learnt_init_query", ArgType.BOOL, bool(false), "learnt query embeddings")),
                "RT-DETR's transformer head over the listed levels: encoder query selection, deformable-attention decoder "
                        + "layers, and the top 300 query-class pairs as normalised cx, cy, w, h, score, class.");
    }

    @Override
    public ModuleInstance bind(BindContext ctx) {
        boolean ok = requirePositive(ctx, "nc", "the number of classes");
        for (String a : List.of("hd", "nq", "ndp", "nh", "ndl", "d_ffn")) {
            ok &= requirePositive(ctx, a, a);
        }
        if (!ok) {
            return null;
        }
        int nc = ctx.intArg("nc");
        int hd = ctx.intArg("hd");
        int nq = ctx.intArg("nq");
        int ndp = ctx.intArg("ndp");
        int nh = ctx.intArg("nh");
        int ndl = ctx.intArg("ndl");
        int ffn = ctx.intArg("d_ffn");
        int evalArg = ctx.intArg("eval_idx");
        boolean learnt = ctx.boolArg("learnt_init_query");
        if (hd % nh != 0) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.written("nh") ? ctx.argSpan("nh") : ctx.moduleSpan(),
                            "RTDETRDecoder's " + nh + " heads must divide its hidden width " + hd)
                    .hint("choose a hidden width that is a multiple of the heads")
                    .emit();
            return null;
        }
        int evalIdx = evalArg >= 0 ? evalArg : ndl + evalArg;
        if (evalIdx < 0 || evalIdx >= ndl) {
            ctx.report(
                            DiagCode.E0404,
                            ctx.argSpan("eval_idx"),
                            "eval_idx " + evalArg + " names no decoder layer of " + ndl)
                    .hint("use -1 (the last layer) or 0.." + (ndl - 1))
                    .emit();
            return null;
        }
        List<Integer> ch = ctx.inputChannels();
        int levels = ch.size();
        List<Value> args = new ArrayList<>();
        args.add(ctx.args().get(0));
        args.add(list(ch.stream().map(c -> integer(c)).toList()));
        args.addAll(ctx.args().subList(1, ctx.args().size()));

        Linear offsets = Linear.of(hd, (long) nh * levels * ndp * 2);
        Linear weights = Linear.of(hd, (long) nh * levels * ndp);
        Linear square = Linear.of(hd, hd);
        Linear lin1 = Linear.of(hd, ffn);
        Linear lin2 = Linear.of(ffn, hd);
        Linear cls = Linear.of(hd, nc);
        Linear box = Linear.of(hd, 4);
        Linear pos1 = Linear.of(4, 2L * hd);
        Linear pos2 = Linear.of(2L * hd, hd);
        long mlp3 = 2 * square.params() + box.params();
        long layer = Linear.multiheadAttentionParams(hd)
                + 3 * Linear.layerNormParams(hd)
                + offsets.params()
                + weights.params()
                + 2 * square.params()
                + lin1.params()
                + lin2.params();
        long params = 0;
        for (int x : ch) {
            params += (long) x * hd + 2L * hd;
        }
        params += ndl * layer
                + (long) nc * hd
                + (learnt ? (long) nq * hd : 0)
                + pos1.params()
                + pos2.params()
                + square.params()
                + Linear.layerNormParams(hd)
                + cls.params()
                + mlp3
                + ndl * (cls.params() + mlp3);
        // input projections (conv, bn); per decoder layer: self-attention out_proj, 3 norms, 4 dropouts,
        // 4 deformable-attention linears, 2 feed-forward linears and its own ReLU copy; the denoising
        // embedding; MLPs: their linears, a ReLU and an out_norm Identity each
        int leaves = 2 * levels + 15 * ndl + 1 + (learnt ? 1 : 0) + 4 + 2 + 1 + 5 + ndl + 5 * ndl;
        int norms = levels + 3 * ndl + 1;
        boolean runnable = !ctx.written("act");
        int[] chArr = ch.stream().mapToInt(Integer::intValue).toArray();
        return new FixedInstance(
                args,
                OptionalInt.empty(),
                params,
                leaves,
                Set.of(),
                norms,
                FlopTraits.MULTIHEAD_ATTENTION.or(FlopTraits.LINEAR_OR_ADAPTIVE_POOL)) {
            @Override
            public Shape infer(List<Shape> inputs, ShapeContext sctx) {
                long anchors = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    if (!(inputs.get(i) instanceof Shape.FeatureMap f)) {
                        sctx.report(
                                        DiagCode.E0509,
                                        sctx.fromSpan(),
                                        "RTDETRDecoder input " + i + " (layer "
                                                + sctx.inputLayers().get(i) + ") is not a feature map but "
                                                + Shape.describe(inputs.get(i)))
                                .emit();
                        return Shape.UNKNOWN;
                    }
                    anchors += f.height() * f.width();
                }
                if (anchors < nq && !sctx.estimating()) {
                    sctx.report(
                                    DiagCode.E0506,
                                    sctx.moduleSpan(),
                                    "RTDETRDecoder selects " + nq + " queries from only " + anchors
                                            + " positions of its input maps")
                            .label("Ultralytics' query selection (top-k) fails at the first forward pass")
                            .hint("use a larger image size or fewer queries (nq)")
                            .emit();
                    return Shape.UNKNOWN;
                }
                long rows = Math.min(MAX_DET, (long) nq * nc);
                // y, then (dec_bboxes, dec_scores, enc_bboxes, enc_scores, dn_meta = None); None has no shape
                return new Shape.Tuple(List.of(
                        Shape.Tensor.of(rows, 6),
                        new Shape.Tuple(List.of(
                                Shape.Tensor.of(1, nq, 4),
                                Shape.Tensor.of(1, nq, nc),
                                Shape.Tensor.of(nq, 4),
                                Shape.Tensor.of(nq, nc),
                                Shape.UNKNOWN))));
            }

            @Override
            public long macs(List<Shape> inputs, Shape output) {
                long total = 0;
                long a = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    Shape.FeatureMap f = (Shape.FeatureMap) inputs.get(i);
                    long area = f.height() * f.width();
                    a += area;
                    total += Thop.conv2d(chArr[i], hd, 1, 1, 1, f.height(), f.width()) + Thop.norm(hd * area);
                }
                // encoder head on every position, box MLP on the selected queries
                total += square.macs(a) + Thop.norm(a * hd) + cls.macs(a);
                total += 2 * square.macs(nq) + box.macs(nq);
                long perLayer = pos1.macs(nq)
                        + pos2.macs(nq)
                        + 3 * Thop.norm((long) nq * hd)
                        + square.macs(a) // value projection over all positions
                        + offsets.macs(nq)
                        + weights.macs(nq)
                        + square.macs(nq) // output projection
                        + lin1.macs(nq)
                        + lin2.macs(nq)
                        + 2 * square.macs(nq)
                        + box.macs(nq); // the layer's box MLP
                // layers up to eval_idx run; only eval_idx's class head
                return total + (evalIdx + 1) * perLayer + cls.macs(nq);
            }

            @Override
            public long multiheadAttentionMacs(List<Shape> inputs, Shape output) {
                return (evalIdx + 1) * Linear.multiheadAttentionMacsTorch2(nq, nq, hd, nh);
            }

            /** {@code rtdetrDecoder(nc, ch, hd, nq, ndp, nh, ndl, dFfn, evalIdx, learntInitQuery)}. */
            @Override
            public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
                return runnable
                        ? Optional.of(blocks.rtdetrDecoder(nc, chArr, hd, nq, ndp, nh, ndl, ffn, evalIdx, learnt))
                        : Optional.empty();
            }
        };
    }
}
