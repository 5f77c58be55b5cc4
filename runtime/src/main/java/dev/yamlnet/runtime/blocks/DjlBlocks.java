package dev.yamlnet.runtime.blocks;

import dev.yamlnet.core.Activation;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.function.Supplier;

/**
 * The DJL implementation of the bridge from module specs to blocks: every method builds the
 * (uninitialised) block by calling the {@link Layers} factory of the same name, the call the Java
 * back end prints into generated classes, so a model built in memory and a generated class are the
 * same network.
 */
public final class DjlBlocks implements BlockFactory<YoloBlock> {
    /** The factory; it holds no state. */
    public static final DjlBlocks INSTANCE = new DjlBlocks();

    private DjlBlocks() {}

    @Override
    public YoloBlock conv(int c1, int c2, int k, int s, int p, int g, int d, boolean act) {
        return Layers.conv(c1, c2, k, s, p, g, d, act);
    }

    @Override
    public YoloBlock conv(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, int d, boolean act) {
        return Layers.conv(c1, c2, kh, kw, s, ph, pw, g, d, act);
    }

    @Override
    public YoloBlock c2f(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return Layers.c2f(c1, c2, n, shortcut, g, e);
    }

    @Override
    public YoloBlock c2(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return Layers.c2(c1, c2, n, shortcut, g, e);
    }

    @Override
    public YoloBlock sppf(int c1, int c2, int k, int n, boolean shortcut) {
        return Layers.sppf(c1, c2, k, n, shortcut);
    }

    @Override
    public YoloBlock upsample(double scaleFactor, String mode) {
        return Layers.upsample(scaleFactor, mode);
    }

    @Override
    public YoloBlock upsampleTo(int size, String mode) {
        return Layers.upsampleTo(size, mode);
    }

    @Override
    public YoloBlock concat(int dimension) {
        return Layers.concat(dimension);
    }

    @Override
    public YoloBlock detect(int nc, int regMax, boolean legacy, int[] ch, double[] strides) {
        return Layers.detect(nc, regMax, legacy, ch, strides);
    }

    @Override
    public YoloBlock detectEnd2end(int nc, int regMax, boolean legacy, int[] ch, double[] strides) {
        return Layers.detectEnd2end(nc, regMax, legacy, ch, strides);
    }

    @Override
    public YoloBlock segment26(
            int nc, int nm, int npr, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides) {
        return Layers.segment26(nc, nm, npr, regMax, legacy, end2end, ch, strides);
    }

    @Override
    public YoloBlock pose26(
            int nc, int[] kptShape, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides) {
        return Layers.pose26(nc, kptShape, regMax, legacy, end2end, ch, strides);
    }

    @Override
    public YoloBlock obb26(int nc, int ne, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides) {
        return Layers.obb26(nc, ne, regMax, legacy, end2end, ch, strides);
    }

    @Override
    public YoloBlock scDown(int c1, int c2, int k, int s) {
        return Layers.scDown(c1, c2, k, s);
    }

    @Override
    public YoloBlock psa(int c1, int c2, double e) {
        return Layers.psa(c1, c2, e);
    }

    @Override
    public YoloBlock c2fCib(int c1, int c2, int n, boolean shortcut, boolean lk, int g, double e) {
        return Layers.c2fCib(c1, c2, n, shortcut, lk, g, e);
    }

    @Override
    public YoloBlock segment(int nc, int nm, int npr, int regMax, boolean legacy, int[] ch, double[] strides) {
        return Layers.segment(nc, nm, npr, regMax, legacy, ch, strides);
    }

    @Override
    public YoloBlock pose(int nc, int[] kptShape, int regMax, boolean legacy, int[] ch, double[] strides) {
        return Layers.pose(nc, kptShape, regMax, legacy, ch, strides);
    }

    @Override
    public YoloBlock obb(int nc, int ne, int regMax, boolean legacy, int[] ch, double[] strides) {
        return Layers.obb(nc, ne, regMax, legacy, ch, strides);
    }

    @Override
    public YoloBlock c3(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return Layers.c3(c1, c2, n, shortcut, g, e);
    }

    @Override
    public YoloBlock c3k2(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut) {
        return Layers.c3k2(c1, c2, n, c3k, e, attn, g, shortcut);
    }

    @Override
    public YoloBlock c2psa(int c1, int c2, int n, double e) {
        return Layers.c2psa(c1, c2, n, e);
    }

    @Override
    public YoloBlock classify(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g) {
        return Layers.classify(c1, c2, kh, kw, s, ph, pw, g);
    }

    @Override
    public YoloBlock bot3(int c1, int c2, int n, double e, int e2, int w, int h) {
        return Layers.bot3(c1, c2, n, e, e2, w, h);
    }

    @Override
    public YoloBlock bottleneck(int c1, int c2, boolean shortcut, int g, int k1h, int k1w, int k2h, int k2w, double e) {
        return Layers.bottleneck(c1, c2, shortcut, g, k1h, k1w, k2h, k2w, e);
    }

    @Override
    public YoloBlock c1(int c1, int c2, int n) {
        return Layers.c1(c1, c2, n);
    }

    @Override
    public YoloBlock c3x(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return Layers.c3x(c1, c2, n, shortcut, g, e);
    }

    @Override
    public YoloBlock c3Ghost(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return Layers.c3Ghost(c1, c2, n, shortcut, g, e);
    }

    @Override
    public YoloBlock ghostConv(int c1, int c2, int k, int s, int g, boolean act) {
        return Layers.ghostConv(c1, c2, k, s, g, act);
    }

    @Override
    public YoloBlock focus(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, boolean act) {
        return Layers.focus(c1, c2, kh, kw, s, ph, pw, g, act);
    }

    @Override
    public YoloBlock spp(int c1, int c2, int[] k) {
        return Layers.spp(c1, c2, k);
    }

    @Override
    public YoloBlock maxPool(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceilMode) {
        return Layers.maxPool(kh, kw, sh, sw, ph, pw, ceilMode);
    }

    @Override
    public YoloBlock maxPool(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceilMode) {
        return Layers.maxPool(kh, kw, sh, sw, ph, pw, dh, dw, ceilMode);
    }

    @Override
    public YoloBlock zeroPad(int left, int right, int top, int bottom) {
        return Layers.zeroPad(left, right, top, bottom);
    }

    @Override
    public YoloBlock identity() {
        return Layers.identity();
    }

    // ---- RT-DETR ----

    @Override
    public YoloBlock hgStem(int c1, int cm, int c2) {
        return Layers.hgStem(c1, cm, c2);
    }

    @Override
    public YoloBlock hgBlock(int c1, int cm, int c2, int k, int n, boolean lightconv, boolean shortcut) {
        return Layers.hgBlock(c1, cm, c2, k, n, lightconv, shortcut);
    }

    @Override
    public YoloBlock aifi(int c1, int cm, int heads) {
        return Layers.aifi(c1, cm, heads);
    }

    @Override
    public YoloBlock repC3(int c1, int c2, int n, double e) {
        return Layers.repC3(c1, c2, n, e);
    }

    @Override
    public YoloBlock resNetLayer(int c1, int c2, int s, boolean isFirst, int n, int e) {
        return Layers.resNetLayer(c1, c2, s, isFirst, n, e);
    }

    @Override
    public YoloBlock rtdetrDecoder(
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
        return Layers.rtdetrDecoder(nc, ch, hd, nq, ndp, nh, ndl, dFfn, evalIdx, learntInitQuery);
    }

    // ---- end RT-DETR ----
    // ---- zoo-129: YOLO12, YOLOv6, YOLOv9 ----

    @Override
    public YoloBlock a2c2f(
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
        return Layers.a2c2f(c1, c2, n, a2, area, residual, mlpRatio, e, g, shortcut);
    }

    @Override
    public YoloBlock convTranspose2d(
            int c1, int c2, int k, int s, int p, int outputPadding, int groups, boolean bias, int d) {
        return Layers.convTranspose2d(c1, c2, k, s, p, outputPadding, groups, bias, d);
    }

    @Override
    public YoloBlock repNcspElan4(int c1, int c2, int c3, int c4, int n) {
        return Layers.repNcspElan4(c1, c2, c3, c4, n);
    }

    @Override
    public YoloBlock elan1(int c1, int c2, int c3, int c4) {
        return Layers.elan1(c1, c2, c3, c4);
    }

    @Override
    public YoloBlock aConv(int c1, int c2) {
        return Layers.aConv(c1, c2);
    }

    @Override
    public YoloBlock aDown(int c1, int c2) {
        return Layers.aDown(c1, c2);
    }

    @Override
    public YoloBlock sppElan(int c1, int c2, int c3, int k) {
        return Layers.sppElan(c1, c2, c3, k);
    }

    @Override
    public YoloBlock cbLinear(int c1, int[] c2s, int k, int s, int p, int g) {
        return Layers.cbLinear(c1, c2s, k, s, p, g);
    }

    @Override
    public YoloBlock cbFuse(int[] idx, int[] counts) {
        return Layers.cbFuse(idx, counts);
    }

    // ---- end zoo-129 ----

    @Override
    public YoloBlock repeat(int n, Supplier<YoloBlock> copy) {
        return Layers.repeat(n, copy);
    }

    @Override
    public YoloBlock withActivation(Activation activation, Supplier<YoloBlock> block) {
        return Layers.withActivation(activation, block);
    }
}
