package dev.yamlnet.core.blocks;

import dev.yamlnet.core.Activation;
import java.util.function.Supplier;

/**
 * The typed bridge from module specs to runtime blocks: one method per block kind, taking the
 * constructor arguments Ultralytics' {@code parse_model} passes (with {@code c1} and the repeat
 * count filled in), under Ultralytics' names in camel case ({@code reg_max} is {@code regMax}).
 *
 * <p>A module instance describes its layer by calling these methods on whatever factory a back end
 * hands it, so the instantiation of a module is written once and every back end agrees by
 * construction: the DJL back end's implementation builds blocks ({@code B} is a DJL block), the
 * Java back end's prints the same calls as source ({@code B} is a piece of code), and a third back
 * end (ONNX) would be a third implementation. Nothing here names an engine type.
 *
 * <p>Because the calls are ordinary Java calls, javac checks them: renaming a method or changing a
 * parameter to an incompatible type breaks the compilation of every spec that calls it. Java has no
 * named arguments, so swapping two parameters of the same type, or renaming one, is not a compile
 * error; the per-block parity tests (each block against Ultralytics' numbers) catch those.
 *
 * <p>Kernels, strides and paddings that may be rectangular are passed as {@code (h, w)} pairs of
 * ints, padding already resolved (Ultralytics' {@code autopad} applied). Arrays are read, never kept
 * or changed.
 *
 * @param <B> what the factory makes of one block: a block object, a piece of source code, a graph
 *     node
 */
public interface BlockFactory<B> {

    /**
     * {@code Conv(c1, c2, k, s, p, g, d, act)} with a square kernel and equal padding on both axes.
     *
     * @param act true for the model's default activation, false for none
     */
    B conv(int c1, int c2, int k, int s, int p, int g, int d, boolean act);

    /** {@code Conv} with a rectangular kernel {@code (kh, kw)} and padding {@code (ph, pw)}. */
    B conv(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, int d, boolean act);

    /** {@code C2f(c1, c2, n, shortcut, g, e)}. */
    B c2f(int c1, int c2, int n, boolean shortcut, int g, double e);

    /** {@code C2(c1, c2, n, shortcut, g, e)}. */
    B c2(int c1, int c2, int n, boolean shortcut, int g, double e);

    /** {@code SPPF(c1, c2, k, n, shortcut)} (Ultralytics 8.4's signature). */
    B sppf(int c1, int c2, int k, int n, boolean shortcut);

    /**
     * {@code nn.Upsample(None, scale_factor, mode)}.
     *
     * @param mode {@code nearest}, {@code nearest-exact}, {@code bilinear}, {@code bicubic} or {@code area}
     */
    B upsample(double scaleFactor, String mode);

    /** {@code nn.Upsample(size, None, mode)} to a square {@code size}, in any mode {@link #upsample} takes. */
    B upsampleTo(int size, String mode);

    /** {@code Concat(dimension)}. */
    B concat(int dimension);

    /**
     * {@code Detect(nc, reg_max, end2end=False, ch)}.
     *
     * @param legacy the YOLOv8 class branch (two 3x3 Convs) rather than YOLO11's depthwise-separable one
     * @param ch the input channels of each level
     * @param strides each level's stride, as Ultralytics' stride pass computes it
     */
    B detect(int nc, int regMax, boolean legacy, int[] ch, double[] strides);

    /** {@code Segment(nc, nm, npr, reg_max, end2end=False, ch)} ({@code npr} already width-scaled), as {@link #detect}. */
    B segment(int nc, int nm, int npr, int regMax, boolean legacy, int[] ch, double[] strides);

    /** {@code Pose(nc, kpt_shape, reg_max, end2end=False, ch)} with {@code kptShape = [keypoints, dims]}, as {@link #detect}. */
    B pose(int nc, int[] kptShape, int regMax, boolean legacy, int[] ch, double[] strides);

    /** {@code OBB(nc, ne, reg_max, end2end=False, ch)}, as {@link #detect}. */
    B obb(int nc, int ne, int regMax, boolean legacy, int[] ch, double[] strides);

    /** {@code C3(c1, c2, n, shortcut, g, e)}. */
    B c3(int c1, int c2, int n, boolean shortcut, int g, double e);

    /** {@code C3k2(c1, c2, n, c3k, e, attn, g, shortcut)}. */
    B c3k2(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut);

    /** {@code C2PSA(c1, c2, n, e)}. */
    B c2psa(int c1, int c2, int n, double e);

    /**
     * {@code Classify(c1, c2, k, s, p, g)} with kernel {@code (kh, kw)} and resolved padding {@code (ph, pw)}.
     *
     * @param c2 the number of classes
     */
    B classify(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g);

    /**
     * {@code BoT3(c1, c2, n, e, e2, w, h)}: position tables for a {@code w x h} map when both are
     * positive, none when both are 0.
     */
    B bot3(int c1, int c2, int n, double e, int e2, int w, int h);

    /** {@code Bottleneck(c1, c2, shortcut, g, k=((k1h, k1w), (k2h, k2w)), e)}. */
    B bottleneck(int c1, int c2, boolean shortcut, int g, int k1h, int k1w, int k2h, int k2w, double e);

    /** {@code C1(c1, c2, n)}. */
    B c1(int c1, int c2, int n);

    /** {@code C3x(c1, c2, n, shortcut, g, e)}. */
    B c3x(int c1, int c2, int n, boolean shortcut, int g, double e);

    /** {@code C3Ghost(c1, c2, n, shortcut, g, e)}; {@code shortcut} and {@code g} are unused, as in Ultralytics. */
    B c3Ghost(int c1, int c2, int n, boolean shortcut, int g, double e);

    /** {@code GhostConv(c1, c2, k, s, g, act)}. */
    B ghostConv(int c1, int c2, int k, int s, int g, boolean act);

    /** {@code Focus(c1, c2, k, s, p, g, act)} with kernel {@code (kh, kw)} and resolved padding {@code (ph, pw)}. */
    B focus(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, boolean act);

    /** {@code SPP(c1, c2, k)} with the max-pool kernel sizes {@code k}. */
    B spp(int c1, int c2, int[] k);

    /** {@code nn.MaxPool2d((kh, kw), (sh, sw), (ph, pw), dilation=1, ceil_mode=ceilMode)}. */
    B maxPool(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceilMode);

    /** {@code nn.MaxPool2d((kh, kw), (sh, sw), (ph, pw), (dh, dw), ceil_mode=ceilMode)}. */
    B maxPool(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceilMode);

    /** {@code nn.ZeroPad2d((left, right, top, bottom))}. */
    B zeroPad(int left, int right, int top, int bottom);

    /** {@code nn.Identity()}. */
    B identity();

    // ---- end-to-end heads (YOLO26, YOLOv10) ----

    /**
     * {@code Detect(nc, reg_max, end2end=True, ch)} (also {@code v10Detect(nc, ch)}: {@code regMax} 16,
     * light class branch): one-to-many and one-to-one copies of both branches; in eval only the
     * one-to-one ones feed the output, the top 300 detections, as {@link #detect}.
     */
    B detectEnd2end(int nc, int regMax, boolean legacy, int[] ch, double[] strides);

    /** {@code Segment26(nc, nm, npr, reg_max, end2end, ch)} ({@code npr} already width-scaled), as {@link #detect}. */
    B segment26(int nc, int nm, int npr, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides);

    /** {@code Pose26(nc, kpt_shape, reg_max, end2end, ch)} with {@code kptShape = [keypoints, dims]}, as {@link #detect}. */
    B pose26(int nc, int[] kptShape, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides);

    /** {@code OBB26(nc, ne, reg_max, end2end, ch)}, as {@link #detect}. */
    B obb26(int nc, int ne, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides);

    // ---- YOLOv10 blocks ----

    /** {@code SCDown(c1, c2, k, s)}. */
    B scDown(int c1, int c2, int k, int s);

    /** {@code PSA(c1, c2, e)}. */
    B psa(int c1, int c2, double e);

    /** {@code C2fCIB(c1, c2, n, shortcut, lk, g, e)}. */
    B c2fCib(int c1, int c2, int n, boolean shortcut, boolean lk, int g, double e);
    // ---- RT-DETR ----

    /** {@code HGStem(c1, cm, c2)}. */
    B hgStem(int c1, int cm, int c2);

    /** {@code HGBlock(c1, cm, c2, k, n, lightconv, shortcut)} with its own ReLU. */
    B hgBlock(int c1, int cm, int c2, int k, int n, boolean lightconv, boolean shortcut);

    /** {@code AIFI(c1, cm, num_heads)}: post-norm, GELU, no dropout at inference. */
    B aifi(int c1, int cm, int heads);

    /** {@code RepC3(c1, c2, n, e)}. */
    B repC3(int c1, int c2, int n, double e);

    /** {@code ResNetLayer(c1, c2, s, is_first, n, e)}. */
    B resNetLayer(int c1, int c2, int s, boolean isFirst, int n, int e);

    /**
     * {@code RTDETRDecoder(nc, ch, hd, nq, ndp, nh, ndl, d_ffn, eval_idx=evalIdx, learnt_init_query)} in
     * eval mode, {@code evalIdx} already made non-negative.
     */
    B rtdetrDecoder(
            int nc, int[] ch, int hd, int nq, int ndp, int nh, int ndl, int dFfn, int evalIdx, boolean learntInitQuery);

    // ---- end RT-DETR ----
    // ---- zoo-129: YOLO12, YOLOv6, YOLOv9 ---------------------------------------------------------

    /**
     * {@code A2C2f(c1, c2, n, a2, area, residual, mlp_ratio, e, g, shortcut)} (YOLO12): area
     * attention ({@code a2}) or C3k inner blocks.
     */
    B a2c2f(
            int c1,
            int c2,
            int n,
            boolean a2,
            int area,
            boolean residual,
            double mlpRatio,
            double e,
            int g,
            boolean shortcut);

    /**
     * {@code nn.ConvTranspose2d(c1, c2, k, s, p, output_padding, groups, bias, dilation)} with a square
     * kernel, equal strides, paddings and dilations on both axes.
     */
    B convTranspose2d(int c1, int c2, int k, int s, int p, int outputPadding, int groups, boolean bias, int d);

    /** {@code RepNCSPELAN4(c1, c2, c3, c4, n)} (YOLOv9). */
    B repNcspElan4(int c1, int c2, int c3, int c4, int n);

    /** {@code ELAN1(c1, c2, c3, c4)} (YOLOv9). */
    B elan1(int c1, int c2, int c3, int c4);

    /** {@code AConv(c1, c2)} (YOLOv9). */
    B aConv(int c1, int c2);

    /** {@code ADown(c1, c2)} (YOLOv9). */
    B aDown(int c1, int c2);

    /** {@code SPPELAN(c1, c2, c3, k)} (YOLOv9). */
    B sppElan(int c1, int c2, int c3, int k);

    /**
     * {@code CBLinear(c1, c2s, k, s, p, g)} (YOLOv9) with padding resolved: one convolution to
     * {@code sum(c2s)} channels, returned split into one output per entry of {@code c2s}.
     */
    B cbLinear(int c1, int[] c2s, int k, int s, int p, int g);

    /**
     * {@code CBFuse(idx)} (YOLOv9): takes output {@code idx[i]} of input {@code i} (a multi-output
     * layer), resizes them to the last input's size (nearest) and sums them with it.
     *
     * @param counts how many outputs each input but the last contributes (inputs arrive flattened)
     */
    B cbFuse(int[] idx, int[] counts);

    // ---- end zoo-129 ------------------------------------------------------------------------------

    /**
     * A row with {@code n > 1} of a module that does not take the repeat count: {@code n} independent
     * copies chained, as Ultralytics' {@code nn.Sequential} (state-dict names {@code 0.}, {@code 1.}, ...).
     *
     * @param copy makes one fresh copy each time it is called; called {@code n} times
     */
    B repeat(int n, Supplier<B> copy);

    /**
     * The block {@code block} makes, with the model's default activation (the YAML {@code activation:}
     * key) replacing SiLU in every Conv of it that uses the default.
     *
     * @param block makes the block; called once
     */
    B withActivation(Activation activation, Supplier<B> block);
}
