package dev.yamlnet.compiler.backend.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.yamlnet.core.Activation;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.function.Supplier;

/**
 * The Java back end's implementation of the bridge from module specs to blocks: every method prints
 * the call of the runtime's static factory of the same name, {@code Layers.conv(3, 16, 3, 2, 1, 1,
 * 1, true)}, which a generated class runs to build the block the DJL back end builds in memory for
 * the same call. The compiler does not depend on the runtime, so {@code Layers} is named here, not
 * imported; the generated-class tests compile every example's class and compare its network with
 * the DJL back end's, so a factory renamed in the runtime but not here fails them. Strings become
 * literals of printable ASCII ({@link JavaText#javaString}).
 */
public final class JavaBlocks implements BlockFactory<CodeBlock> {
    /** The factory; it holds no state. */
    public static final JavaBlocks INSTANCE = new JavaBlocks();

    /** The runtime class whose static factories the printed calls name. */
    static final ClassName LAYERS = ClassName.get("dev.yamlnet.runtime.blocks", "Layers");

    private JavaBlocks() {}

    @Override
    public CodeBlock conv(int c1, int c2, int k, int s, int p, int g, int d, boolean act) {
        return call("conv", lit(c1), lit(c2), lit(k), lit(s), lit(p), lit(g), lit(d), lit(act));
    }

    @Override
    public CodeBlock conv(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, int d, boolean act) {
        return call("conv", lit(c1), lit(c2), lit(kh), lit(kw), lit(s), lit(ph), lit(pw), lit(g), lit(d), lit(act));
    }

    @Override
    public CodeBlock c2f(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return call("c2f", lit(c1), lit(c2), lit(n), lit(shortcut), lit(g), lit(e));
    }

    @Override
    public CodeBlock c2(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return call("c2", lit(c1), lit(c2), lit(n), lit(shortcut), lit(g), lit(e));
    }

    @Override
    public CodeBlock sppf(int c1, int c2, int k, int n, boolean shortcut) {
        return call("sppf", lit(c1), lit(c2), lit(k), lit(n), lit(shortcut));
    }

    @Override
    public CodeBlock upsample(double scaleFactor, String mode) {
        return call("upsample", lit(scaleFactor), lit(mode));
    }

    @Override
    public CodeBlock upsampleTo(int size, String mode) {
        return call("upsampleTo", lit(size), lit(mode));
    }

    @Override
    public CodeBlock concat(int dimension) {
        return call("concat", lit(dimension));
    }

    @Override
    public CodeBlock detect(int nc, int regMax, boolean legacy, int[] ch, double[] strides) {
        return call("detect", lit(nc), lit(regMax), lit(legacy), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock detectEnd2end(int nc, int regMax, boolean legacy, int[] ch, double[] strides) {
        return call("detectEnd2end", lit(nc), lit(regMax), lit(legacy), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock segment26(
            int nc, int nm, int npr, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides) {
        return call(
                "segment26", lit(nc), lit(nm), lit(npr), lit(regMax), lit(legacy), lit(end2end), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock pose26(
            int nc, int[] kptShape, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides) {
        return call("pose26", lit(nc), lit(kptShape), lit(regMax), lit(legacy), lit(end2end), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock obb26(int nc, int ne, int regMax, boolean legacy, boolean end2end, int[] ch, double[] strides) {
        return call("obb26", lit(nc), lit(ne), lit(regMax), lit(legacy), lit(end2end), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock scDown(int c1, int c2, int k, int s) {
        return call("scDown", lit(c1), lit(c2), lit(k), lit(s));
    }

    @Override
    public CodeBlock psa(int c1, int c2, double e) {
        return call("psa", lit(c1), lit(c2), lit(e));
    }

    @Override
    public CodeBlock c2fCib(int c1, int c2, int n, boolean shortcut, boolean lk, int g, double e) {
        return call("c2fCib", lit(c1), lit(c2), lit(n), lit(shortcut), lit(lk), lit(g), lit(e));
    }

    @Override
    public CodeBlock segment(int nc, int nm, int npr, int regMax, boolean legacy, int[] ch, double[] strides) {
        return call("segment", lit(nc), lit(nm), lit(npr), lit(regMax), lit(legacy), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock pose(int nc, int[] kptShape, int regMax, boolean legacy, int[] ch, double[] strides) {
        return call("pose", lit(nc), lit(kptShape), lit(regMax), lit(legacy), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock obb(int nc, int ne, int regMax, boolean legacy, int[] ch, double[] strides) {
        return call("obb", lit(nc), lit(ne), lit(regMax), lit(legacy), lit(ch), lit(strides));
    }

    @Override
    public CodeBlock c3(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return call("c3", lit(c1), lit(c2), lit(n), lit(shortcut), lit(g), lit(e));
    }

    @Override
    public CodeBlock c3k2(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut) {
        return call("c3k2", lit(c1), lit(c2), lit(n), lit(c3k), lit(e), lit(attn), lit(g), lit(shortcut));
    }

    @Override
    public CodeBlock c2psa(int c1, int c2, int n, double e) {
        return call("c2psa", lit(c1), lit(c2), lit(n), lit(e));
    }

    @Override
    public CodeBlock classify(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g) {
        return call("classify", lit(c1), lit(c2), lit(kh), lit(kw), lit(s), lit(ph), lit(pw), lit(g));
    }

    @Override
    public CodeBlock bot3(int c1, int c2, int n, double e, int e2, int w, int h) {
        return call("bot3", lit(c1), lit(c2), lit(n), lit(e), lit(e2), lit(w), lit(h));
    }

    @Override
    public CodeBlock bottleneck(int c1, int c2, boolean shortcut, int g, int k1h, int k1w, int k2h, int k2w, double e) {
        return call(
                "bottleneck", lit(c1), lit(c2), lit(shortcut), lit(g), lit(k1h), lit(k1w), lit(k2h), lit(k2w), lit(e));
    }

    @Override
    public CodeBlock c1(int c1, int c2, int n) {
        return call("c1", lit(c1), lit(c2), lit(n));
    }

    @Override
    public CodeBlock c3x(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return call("c3x", lit(c1), lit(c2), lit(n), lit(shortcut), lit(g), lit(e));
    }

    @Override
    public CodeBlock c3Ghost(int c1, int c2, int n, boolean shortcut, int g, double e) {
        return call("c3Ghost", lit(c1), lit(c2), lit(n), lit(shortcut), lit(g), lit(e));
    }

    @Override
    public CodeBlock ghostConv(int c1, int c2, int k, int s, int g, boolean act) {
        return call("ghostConv", lit(c1), lit(c2), lit(k), lit(s), lit(g), lit(act));
    }

    @Override
    public CodeBlock focus(int c1, int c2, int kh, int kw, int s, int ph, int pw, int g, boolean act) {
        return call("focus", lit(c1), lit(c2), lit(kh), lit(kw), lit(s), lit(ph), lit(pw), lit(g), lit(act));
    }

    @Override
    public CodeBlock spp(int c1, int c2, int[] k) {
        return call("spp", lit(c1), lit(c2), lit(k));
    }

    @Override
    public CodeBlock maxPool(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceilMode) {
        return call("maxPool", lit(kh), lit(kw), lit(sh), lit(sw), lit(ph), lit(pw), lit(ceilMode));
    }

    @Override
    public CodeBlock maxPool(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceilMode) {
        return call("maxPool", lit(kh), lit(kw), lit(sh), lit(sw), lit(ph), lit(pw), lit(dh), lit(dw), lit(ceilMode));
    }

    @Override
    public CodeBlock zeroPad(int left, int right, int top, int bottom) {
        return call("zeroPad", lit(left), lit(right), lit(top), lit(bottom));
    }

    @Override
    public CodeBlock identity() {
        return call("identity");
    }

    // ---- RT-DETR ----

    @Override
    public CodeBlock hgStem(int c1, int cm, int c2) {
        return call("hgStem", lit(c1), lit(cm), lit(c2));
    }

    @Override
    public CodeBlock hgBlock(int c1, int cm, int c2, int k, int n, boolean lightconv, boolean shortcut) {
        return call("hgBlock", lit(c1), lit(cm), lit(c2), lit(k), lit(n), lit(lightconv), lit(shortcut));
    }

    @Override
    public CodeBlock aifi(int c1, int cm, int heads) {
        return call("aifi", lit(c1), lit(cm), lit(heads));
    }

    @Override
    public CodeBlock repC3(int c1, int c2, int n, double e) {
        return call("repC3", lit(c1), lit(c2), lit(n), lit(e));
    }

    @Override
    public CodeBlock resNetLayer(int c1, int c2, int s, boolean isFirst, int n, int e) {
        return call("resNetLayer", lit(c1), lit(c2), lit(s), lit(isFirst), lit(n), lit(e));
    }

    @Override
    public CodeBlock rtdetrDecoder(
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
        return call(
                "rtdetrDecoder",
                lit(nc),
                lit(ch),
                lit(hd),
                lit(nq),
                lit(ndp),
                lit(nh),
                lit(ndl),
                lit(dFfn),
                lit(evalIdx),
                lit(learntInitQuery));
    }

    // ---- end RT-DETR ----
    // ---- zoo-129: YOLO12, YOLOv6, YOLOv9 ----

    @Override
    public CodeBlock a2c2f(
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
        return call(
                "a2c2f",
                lit(c1),
                lit(c2),
                lit(n),
                lit(a2),
                lit(area),
                lit(residual),
                lit(mlpRatio),
                lit(e),
                lit(g),
                lit(shortcut));
    }

    @Override
    public CodeBlock convTranspose2d(
            int c1, int c2, int k, int s, int p, int outputPadding, int groups, boolean bias, int d) {
        return call(
                "convTranspose2d",
                lit(c1),
                lit(c2),
                lit(k),
                lit(s),
                lit(p),
                lit(outputPadding),
                lit(groups),
                lit(bias),
                lit(d));
    }

    @Override
    public CodeBlock repNcspElan4(int c1, int c2, int c3, int c4, int n) {
        return call("repNcspElan4", lit(c1), lit(c2), lit(c3), lit(c4), lit(n));
    }

    @Override
    public CodeBlock elan1(int c1, int c2, int c3, int c4) {
        return call("elan1", lit(c1), lit(c2), lit(c3), lit(c4));
    }

    @Override
    public CodeBlock aConv(int c1, int c2) {
        return call("aConv", lit(c1), lit(c2));
    }

    @Override
    public CodeBlock aDown(int c1, int c2) {
        return call("aDown", lit(c1), lit(c2));
    }

    @Override
    public CodeBlock sppElan(int c1, int c2, int c3, int k) {
        return call("sppElan", lit(c1), lit(c2), lit(c3), lit(k));
    }

    @Override
    public CodeBlock cbLinear(int c1, int[] c2s, int k, int s, int p, int g) {
        return call("cbLinear", lit(c1), lit(c2s), lit(k), lit(s), lit(p), lit(g));
    }

    @Override
    public CodeBlock cbFuse(int[] idx, int[] counts) {
        return call("cbFuse", lit(idx), lit(counts));
    }

    // ---- end zoo-129 ----

    /** {@code Layers.repeat(n, () -> ...)}: the generated class makes the {@code n} copies. */
    @Override
    public CodeBlock repeat(int n, Supplier<CodeBlock> copy) {
        return call("repeat", lit(n), lambda(copy));
    }

    /** {@code Layers.withActivation("nn.ReLU()", () -> ...)}, the activation as {@link Activation#toString()} prints it. */
    @Override
    public CodeBlock withActivation(Activation activation, Supplier<CodeBlock> block) {
        return call("withActivation", lit(activation.toString()), lambda(block));
    }

    private static CodeBlock call(String method, CodeBlock... args) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.$N(", LAYERS, method);
        for (int i = 0; i < args.length; i++) {
            b.add(i == 0 ? "" : ", ").add(args[i]);
        }
        return b.add(")").build();
    }

    private static CodeBlock lambda(Supplier<CodeBlock> code) {
        return CodeBlock.of("() -> $L", code.get());
    }

    private static CodeBlock lit(int v) {
        return CodeBlock.of("$L", Integer.toString(v));
    }

    private static CodeBlock lit(boolean v) {
        return CodeBlock.of("$L", Boolean.toString(v));
    }

    private static CodeBlock lit(double d) {
        if (Double.isInfinite(d)) {
            return CodeBlock.of(d > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
        }
        if (Double.isNaN(d)) {
            return CodeBlock.of("$T.NaN", Double.class);
        }
        return CodeBlock.of("$L", Double.toString(d));
    }

    private static CodeBlock lit(String s) {
        return CodeBlock.of("$L", JavaText.javaString(s));
    }

    private static CodeBlock lit(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return CodeBlock.of("new int[] {$L}", sb.toString());
    }

    private static CodeBlock lit(double[] values) {
        CodeBlock.Builder b = CodeBlock.builder().add("new double[] {");
        for (int i = 0; i < values.length; i++) {
            b.add(i == 0 ? "" : ", ").add(lit(values[i]));
        }
        return b.add("}").build();
    }
}
