package dev.yamlnet.runtime.blocks;

import dev.yamlnet.core.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One static factory per module type, taking the module's resolved constructor arguments (as
 * Ultralytics' {@code parse_model} passes them, with {@code c1} and the repeat count filled in).
 * Module specs describe their layers as calls to {@link dev.yamlnet.core.blocks.BlockFactory}; the
 * DJL back end's {@link DjlBlocks} answers each call with the factory of the same name here, and
 * the Java back end prints the same call into generated classes, which call these methods directly,
 * so both build the same blocks.
 */
public final class Layers {
    private Layers() {}

    /** {@code Conv(c1, c2, k, s, p, g, d, act)} with a square kernel; {@code act} false means no activation. */
    public static ConvBlock conv(int c1, int c2, int k, int s, int p, int g, int d, boolean act) {
        return conv(c1, c2, k, k, s, p, p, g, d, act);
    }

    /** {@code Conv} with a rectangular kernel {@code (kh, kw)} and padding {@code (ph, pw)}. */
    public static ConvBlock conv(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, int d, boolean act) {
        return ConvBlock.builder()
                .setChannels(c1, c2)
                .optKernel(kh, kw)
                .optStride(s)
                .optPadding(ph, pw)
                .optGroups(g)
                .optDilation(d)
                .optActivation(act)
                .build();
    }

    /** {@code C2f(c1, c2, n, shortcut, g, e)}. */
    public static C2fBlock c2f(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return C2fBlock.builder()
                .setChannels(c1, c2)
                .optRepeats(n)
                .optShortcut(shortcut)
                .optGroups(g)
                .optExpansion(e)
                .build();
    }

    /** {@code C2(c1, c2, n, shortcut, g, e)}. */
    public static C2Block c2(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return C2Block.builder()
                .setChannels(c1, c2)
                .optRepeats(n)
                .optShortcut(shortcut)
                .optGroups(g)
                .optExpansion(e)
                .build();
    }

    /** {@code SPPF(c1, c2, k, n, shortcut)} (Ultralytics 8.4 signature). */
    public static SppfBlock sppf(int c1, int c2, int k, int n, boolean shortcut) {
        return SppfBlock.builder()
                .setChannels(c1, c2)
                .optKernel(k)
                .optPools(n)
                .optShortcut(shortcut)
                .build();
    }

    /** {@code nn.Upsample(None, scale_factor, mode)}: nearest, nearest-exact, bilinear, bicubic or area. */
    public static UpsampleBlock upsample(double scaleFactor, String mode) {
        return UpsampleBlock.builder().optScale(scaleFactor).optMode(mode).build();
    }

    /** {@code nn.Upsample(size, None, mode)} to a square size, in any mode {@link #upsample} takes. */
    public static UpsampleBlock upsampleTo(int size, String mode) {
        return UpsampleBlock.builder().optSize(size, size).optMode(mode).build();
    }

    /** {@code Concat(dimension)}. */
    public static ConcatBlock concat(int dimension) {
        return new ConcatBlock(dimension);
    }

    /**
     * {@code Detect(nc, reg_max, end2end=False, ch)} with the class branch chosen by {@code legacy} and
     * the levels' strides (as Ultralytics' stride pass computes them).
     */
    public static DetectBlock detect(int nc, int regMax, boolean legacy, int[] channels, double[] strides) {
        return DetectBlock.builder()
                .setClasses(nc)
                .optRegMax(regMax)
                .optLegacy(legacy)
                .setChannels(channels)
                .setStrides(strides)
                .build();
    }

    // ---- Task heads: Segment, Pose, OBB (YOLOv8/YOLO11, not end-to-end) ----

    /** The shared part of the Detect-family heads' arguments. */
    private static DetectBlock.Builder head(int nc, int regMax, boolean legacy, int[] channels, double[] strides) {
        return DetectBlock.builder()
                .setClasses(nc)
                .optRegMax(regMax)
                .optLegacy(legacy)
                .setChannels(channels)
                .setStrides(strides);
    }

    /** {@code Segment(nc, nm, npr, reg_max, end2end=False, ch)} ({@code npr} already width-scaled), as {@link #detect}. */
    public static SegmentBlock segment(
            int nc, int nm, int npr, int regMax, boolean legacy, int[] channels, double[] strides) {
        return SegmentBlock.of(head(nc, regMax, legacy, channels, strides), nm, npr);
    }

    /** {@code Pose(nc, kpt_shape, reg_max, end2end=False, ch)}, as {@link #detect}. */
    public static PoseBlock pose(int nc, int[] kptShape, int regMax, boolean legacy, int[] channels, double[] strides) {
        if (kptShape.length != 2) {
            throw new IllegalArgumentException(
                    "kpt_shape must be [keypoints, dims], got " + java.util.Arrays.toString(kptShape));
        }
        return PoseBlock.of(head(nc, regMax, legacy, channels, strides), kptShape[0], kptShape[1]);
    }

    /** {@code OBB(nc, ne, reg_max, end2end=False, ch)}, as {@link #detect}. */
    public static ObbBlock obb(int nc, int ne, int regMax, boolean legacy, int[] channels, double[] strides) {
        return ObbBlock.of(head(nc, regMax, legacy, channels, strides), ne);
    }

    // ---- end of task heads ----

    // ---- End-to-end heads (YOLO26, YOLOv10) ----

    /**
     * {@code Detect(nc, reg_max, end2end=True, ch)}, also {@code v10Detect(nc, ch)} ({@code regMax} 16,
     * light class branch): in eval {@code [B, k, 6]} top-k detections then the pre-top-k
     * {@code [B, 4 + nc, A]}, from the one-to-one branches.
     */
    public static DetectBlock detectEnd2end(int nc, int regMax, boolean legacy, int[] channels, double[] strides) {
        return head(nc, regMax, legacy, channels, strides).optEnd2end(true).build();
    }

    /** {@code Segment26(nc, nm, npr, reg_max, end2end, ch)} ({@code npr} already width-scaled), as {@link #detect}. */
    public static Segment26Block segment26(
            int nc, int nm, int npr, int regMax, boolean legacy, boolean end2end, int[] channels, double[] strides) {
        return Segment26Block.of(
                head(nc, regMax, legacy, channels, strides).optEnd2end(end2end), nm, npr, channels, nc);
    }

    /** {@code Pose26(nc, kpt_shape, reg_max, end2end, ch)}, as {@link #detect}. */
    public static Pose26Block pose26(
            int nc, int[] kptShape, int regMax, boolean legacy, boolean end2end, int[] channels, double[] strides) {
        if (kptShape.length != 2) {
            throw new IllegalArgumentException(
                    "kpt_shape must be [keypoints, dims], got " + java.util.Arrays.toString(kptShape));
        }
        return Pose26Block.of(
                head(nc, regMax, legacy, channels, strides).optEnd2end(end2end), kptShape[0], kptShape[1]);
    }

    /** {@code OBB26(nc, ne, reg_max, end2end, ch)}: OBB with the raw angle, as {@link #detect}. */
    public static ObbBlock obb26(
            int nc, int ne, int regMax, boolean legacy, boolean end2end, int[] channels, double[] strides) {
        return ObbBlock.of26(head(nc, regMax, legacy, channels, strides).optEnd2end(end2end), ne);
    }

    // ---- YOLOv10 blocks ----

    /** {@code SCDown(c1, c2, k, s)}. */
    public static ScDownBlock scDown(int c1, int c2, int k, int s) {
        return new ScDownBlock(c1, c2, k, s);
    }

    /** {@code PSA(c1, c2, e)}. */
    public static PsaLayerBlock psa(int c1, int c2, double e) {
        return new PsaLayerBlock(c1, c2, e);
    }

    /** {@code C2fCIB(c1, c2, n, shortcut, lk, g, e)}. */
    public static C2fCibBlock c2fCib(int c1, int c2, int n, boolean shortcut, boolean lk, int g, double e) {
        return new C2fCibBlock(c1, c2, n, shortcut, lk, g, e);
    }

    // ---- end of end-to-end heads and YOLOv10 blocks ----

    // ---- C3, C3k2, C2PSA, Classify (YOLOv5 / YOLO11 / classification) ----

    /** {@code C3(c1, c2, n, shortcut, g, e)}: bottlenecks with kernels (1, 3) and {@code e = 1.0}. */
    public static C3Block c3(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return new C3Block(c1, c2, n, shortcut, g, e, 1, 3);
    }

    /** {@code C3k2(c1, c2, n, c3k, e, attn, g, shortcut)}. */
    public static C3k2Block c3k2(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut) {
        return new C3k2Block(c1, c2, n, c3k, e, attn, g, shortcut);
    }

    /** {@code C2PSA(c1, c2, n, e)}. */
    public static C2psaBlock c2psa(int c1, int c2, int n, double e) {
        return new C2psaBlock(c1, c2, n, e);
    }

    /** {@code Classify(c1, nc, k, s, p, g)} with kernel {@code (kh, kw)} and resolved padding {@code (ph, pw)}. */
    public static ClassifyBlock classify(int c1, int nc, int kh, int kw, int s, int ph, int pw, int g) {
        return new ClassifyBlock(c1, nc, kh, kw, s, ph, pw, g);
    }

    // ---- BoT3 (BoTNet attention): Bot3Block, BottleneckTransformerBlock, MhsaBlock ----------------

    /**
     * {@code BoT3(c1, c2, n, e, e2, w, h)}: {@code n} bottleneck transformers (4-head self-attention,
     * position tables for a {@code w x h} map when both are positive) in a C3-style block.
     */
    public static Bot3Block bot3(int c1, int c2, int n, double e, int e2, int w, int h) {
        return new Bot3Block(c1, c2, n, e, e2, w, h);
    }

    // ---- end BoT3 ------------------------------------------------------------------------------

    // ---- rt-blocks: activations, Bottleneck, C1, C3x, C3Ghost, GhostConv, Focus, SPP, nn.MaxPool2d, nn.ZeroPad2d,
    // nn.Identity ------------------------------------------------------------------------------------

    /**
     * The block {@code block} builds, with the model's default activation replaced by
     * {@code activation} (the YAML {@code activation:} key, e.g. {@code "nn.ReLU()"}, read by
     * {@link Activation#parse}) in every Conv that uses the default.
     */
    public static YoloBlock withActivation(String activation, Supplier<?> block) {
        return withActivation(Activation.parse(activation), block);
    }

    /** As {@link #withActivation(String, Supplier)}, for an activation already read. */
    public static YoloBlock withActivation(Activation act, Supplier<?> block) {
        Object b = block.get();
        if (!(b instanceof YoloBlock y)) {
            throw new IllegalArgumentException("withActivation needs a yamlnet block, got "
                    + (b == null ? "null" : b.getClass().getName()));
        }
        y.setDefaultActivation(act);
        return y;
    }

    /** {@code Bottleneck(c1, c2, shortcut, g, k=((k1h, k1w), (k2h, k2w)), e)}. */
    public static BottleneckBlock bottleneck(
            int c1, int c2, boolean shortcut, int g, int k1h, int k1w, int k2h, int k2w, double e) {
        return new BottleneckBlock(c1, c2, shortcut, g, new int[] {k1h, k1w}, new int[] {k2h, k2w}, e);
    }

    /** {@code C1(c1, c2, n)}. */
    public static C1Block c1(int c1, int c2, int n) {
        return new C1Block(c1, c2, n);
    }

    /** {@code C3x(c1, c2, n, shortcut, g, e)}: bottlenecks with kernels (1, 3) and (3, 1). */
    public static C3xBlock c3x(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return new C3xBlock(c1, c2, n, shortcut, g, e);
    }

    /** {@code C3Ghost(c1, c2, n, shortcut, g, e)}; {@code shortcut} and {@code g} are unused, as in Ultralytics. */
    public static C3GhostBlock c3Ghost(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return new C3GhostBlock(c1, c2, n, e);
    }

    /** {@code GhostConv(c1, c2, k, s, g, act)}. */
    public static GhostConvBlock ghostConv(int c1, int c2, int k, int s, int g, boolean act) {
        return new GhostConvBlock(c1, c2, k, s, g, act);
    }

    /** {@code Focus(c1, c2, k, s, p, g, act)} with kernel {@code (kh, kw)} and resolved padding {@code (ph, pw)}. */
    public static FocusBlock focus(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, boolean act) {
        return new FocusBlock(c1, c2, kh, kw, s, ph, pw, g, act);
    }

    /** {@code SPP(c1, c2, k)}. */
    public static SppBlock spp(int c1, int c2, int[] k) {
        return new SppBlock(c1, c2, k);
    }

    /** {@code nn.MaxPool2d((kh, kw), (sh, sw), (ph, pw), dilation=1, ceil_mode=ceil)}. */
    public static MaxPoolBlock maxPool(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil) {
        return new MaxPoolBlock(kh, kw, sh, sw, ph, pw, ceil);
    }

    /** {@code nn.MaxPool2d((kh, kw), (sh, sw), (ph, pw), (dh, dw), ceil_mode=ceil)}. */
    public static MaxPoolBlock maxPool(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceil) {
        return new MaxPoolBlock(kh, kw, sh, sw, ph, pw, dh, dw, ceil);
    }

    /** {@code nn.ZeroPad2d((left, right, top, bottom))}. */
    public static ZeroPadBlock zeroPad(int left, int right, int top, int bottom) {
        return new ZeroPadBlock(left, right, top, bottom);
    }

    /** {@code nn.Identity()}. */
    public static IdentityBlock identity() {
        return new IdentityBlock();
    }

    // ---- end rt-blocks --------------------------------------------------------------------------

    // ---- RT-DETR ----

    /** {@code HGStem(c1, cm, c2)}. */
    public static HgStemBlock hgStem(int c1, int cm, int c2) {
        return new HgStemBlock(c1, cm, c2);
    }

    /** {@code HGBlock(c1, cm, c2, k, n, lightconv, shortcut)}. */
    public static HgBlock hgBlock(int c1, int cm, int c2, int k, int n, boolean lightconv, boolean shortcut) {
        return new HgBlock(c1, cm, c2, k, n, lightconv, shortcut);
    }

    /** {@code AIFI(c1, cm, num_heads)}. */
    public static AifiBlock aifi(int c1, int cm, int heads) {
        return new AifiBlock(c1, cm, heads);
    }

    /** {@code RepC3(c1, c2, n, e)}. */
    public static RepC3Block repC3(int c1, int c2, int n, double e) {
        return new RepC3Block(c1, c2, n, e);
    }

    /** {@code ResNetLayer(c1, c2, s, is_first, n, e)}. */
    public static ResNetLayerBlock resNetLayer(int c1, int c2, int s, boolean isFirst, int n, int e) {
        return new ResNetLayerBlock(c1, c2, s, isFirst, n, e);
    }

    /** {@code RTDETRDecoder(nc, ch, hd, nq, ndp, nh, ndl, d_ffn, eval_idx, learnt_init_query)} at inference. */
    public static RtDetrDecoderBlock rtdetrDecoder(
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
        return new RtDetrDecoderBlock(nc, ch, hd, nq, ndp, nh, ndl, dFfn, evalIdx, learntInitQuery);
    }

    // ---- end RT-DETR ----
    // ---- zoo-129: YOLO12 (A2C2f), YOLOv6 (nn.ConvTranspose2d), YOLOv9 (ELAN, ADown, CBLinear, ...) ----

    /** {@code A2C2f(c1, c2, n, a2, area, residual, mlp_ratio, e, g, shortcut)}. */
    public static A2C2fBlock a2c2f(
            int c1,
            int c2,
            int n,
            boolean a2,
            int area,
            boolean residual,
            double mlpRatio,
            double e,
            int g,
            boolean shortcut) {
        return new A2C2fBlock(c1, c2, n, a2, area, residual, mlpRatio, e, g, shortcut);
    }

    /**
     * {@code nn.ConvTranspose2d(c1, c2, k, s, p, output_padding, groups, bias, dilation)}; the runtime
     * supports a kernel equal to the stride, no padding, groups and dilation 1 (what the compiler
     * builds a block for).
     */
    public static ConvTranspose2dBlock convTranspose2d(
            int c1, int c2, int k, int s, int p, int outputPadding, int groups, boolean bias, int d) {
        if (k != s || p != 0 || outputPadding != 0 || groups != 1 || d != 1) {
            throw new IllegalArgumentException("ConvTranspose2d runs only with kernel == stride, padding 0, "
                    + "output_padding 0, groups 1 and dilation 1");
        }
        return new ConvTranspose2dBlock(c1, c2, k, bias);
    }

    /** {@code RepNCSPELAN4(c1, c2, c3, c4, n)}. */
    public static ElanBlock repNcspElan4(int c1, int c2, int c3, int c4, int n) {
        return ElanBlock.repNcspElan4(c1, c2, c3, c4, n);
    }

    /** {@code ELAN1(c1, c2, c3, c4)}. */
    public static ElanBlock elan1(int c1, int c2, int c3, int c4) {
        return ElanBlock.elan1(c1, c2, c3, c4);
    }

    /** {@code AConv(c1, c2)}. */
    public static ADownBlock aConv(int c1, int c2) {
        return ADownBlock.aConv(c1, c2);
    }

    /** {@code ADown(c1, c2)}. */
    public static ADownBlock aDown(int c1, int c2) {
        return ADownBlock.aDown(c1, c2);
    }

    /** {@code SPPELAN(c1, c2, c3, k)}. */
    public static SppElanBlock sppElan(int c1, int c2, int c3, int k) {
        return new SppElanBlock(c1, c2, c3, k);
    }

    /** {@code CBLinear(c1, c2s, k, s, p, g)} with padding resolved. */
    public static CbLinearBlock cbLinear(int c1, int[] c2s, int k, int s, int p, int g) {
        return new CbLinearBlock(c1, c2s, k, s, p, g);
    }

    /** {@code CBFuse(idx)}; {@code counts} are the outputs of each input but the last. */
    public static CbFuseBlock cbFuse(int[] idx, int[] counts) {
        return new CbFuseBlock(idx, counts);
    }

    // ---- end zoo-129 ------------------------------------------------------------------------------

    /**
     * A row with {@code n > 1} of a module that does not take the repeat count: {@code n} independent
     * copies chained (an {@code nn.Sequential}, state-dict names {@code 0.}, {@code 1.}, ...).
     */
    public static ChainBlock repeat(int n, Supplier<?> copy) {
        List<YoloBlock> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object b = copy.get();
            if (!(b instanceof YoloBlock y)) {
                throw new IllegalArgumentException("repeat needs yamlnet blocks, got "
                        + (b == null ? "null" : b.getClass().getName()));
            }
            blocks.add(y);
        }
        return ChainBlock.of(blocks);
    }
}
