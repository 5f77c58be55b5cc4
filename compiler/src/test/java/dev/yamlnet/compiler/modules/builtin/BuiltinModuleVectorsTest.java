package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgValues.bool;
import static dev.yamlnet.compiler.modules.ArgValues.floating;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.list;
import static dev.yamlnet.compiler.modules.ArgValues.none;
import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameters and leaves (shared default activations excluded) of built-in modules, against the
 * unit-test vectors of the Ultralytics 8.4 module catalogue the compiler was written from
 * (PyTorch's counts of each module written with its constructor arguments, i.e. after the parser
 * injected {@code c1} and {@code n}). Modules without a vector there are checked against their
 * parameter formulas, computed by hand in comments.
 */
class BuiltinModuleVectorsTest {

    /** One vector: the module as Python constructs it, the module, c1, YAML arguments, repeats, expected counts. */
    record Vector(String notation, ModuleSpec spec, int c1, List<Value> yamlArgs, int n, long params, int leaves) {
        @Override
        public String toString() {
            return notation;
        }
    }

    private static Vector v(
            String notation, ModuleSpec spec, int c1, int n, long params, int leaves, Value... yamlArgs) {
        return new Vector(notation, spec, c1, List.of(yamlArgs), n, params, leaves);
    }

    private static Value i(long x) {
        return integer(x);
    }

    static Stream<Arguments> vectors() {
        List<Vector> all = new ArrayList<>(List.of(
                v("Conv(16,32,3)", new ConvSpec(), 16, 1, 4_672, 2, i(32), i(3)),
                v(
                        "Conv(16,32,3,act=False)",
                        new ConvSpec(),
                        16,
                        1,
                        4_672,
                        3,
                        i(32),
                        i(3),
                        i(1),
                        none(),
                        i(1),
                        i(1),
                        bool(false)),
                v("GhostConv(16,32,3,2)", new GhostConvSpec(), 16, 1, 2_768, 4, i(32), i(3), i(2)),
                v("Bottleneck(32,32)", new BottleneckSpec(), 32, 1, 9_312, 4, i(32)),
                v("C1(16,32,2)", new C1Spec(), 16, 2, 19_136, 6, i(32)),
                v("C2(32,32,2)", new C2Spec(), 32, 2, 11_520, 12, i(32)),
                v("C2f(32,32,2)", new C2fSpec(), 32, 2, 12_544, 12, i(32)),
                v("C3(32,32,2)", C3Spec.c3(), 32, 2, 7_424, 14, i(32)),
                v("C3x(32,32,2)", C3Spec.c3x(), 32, 2, 5_376, 14, i(32)),
                v("C3Ghost(32,32,2)", C3Spec.c3Ghost(), 32, 2, 3_128, 30, i(32)),
                v("C3k2(32,64,2)", new C3k2Spec(), 32, 2, 29_120, 12, i(64)),
                v("C3k2(32,64,2,c3k=True)", new C3k2Spec(), 32, 2, 33_536, 32, i(64), bool(true)),
                v(
                        "C3k2(128,128,1,True,0.5,attn=True)",
                        new C3k2Spec(),
                        128,
                        1,
                        108_672,
                        22,
                        i(128),
                        bool(true),
                        floating(0.5),
                        bool(true)),
                v("SPP(64,64)", new SppSpec(), 64, 1, 10_432, 7, i(64)),
                v("SPPF(64,64)", new SppfSpec(), 64, 1, 10_432, 6, i(64)),
                v("C2PSA(256,256,2)", new C2psaSpec(), 256, 2, 367_360, 32, i(256)),
                v("Classify(256,1000)", new ClassifySpec(), 256, 1, 1_611_240, 5, i(1000)),
                v("Focus(3,32,3)", new FocusSpec(), 3, 1, 3_520, 2, i(32), i(3)),
                // DWConv(32,64,3): CBA(32,64,3,g=gcd(32,64)=32) = 64*(32/32)*9 + 2*64 = 704 (section 4.3)
                v("DWConv(32,64,3)", new DwConvSpec(), 32, 1, 704, 2, i(64), i(3)),
                // Bottleneck(32,32,k=((1,3),(3,1)),e=1.0): 2 * (32*32*3 + 64) = 6,272 (section 4.4)
                v(
                        "Bottleneck(32,32,True,1,((1,3),(3,1)),1.0)",
                        new BottleneckSpec(),
                        32,
                        1,
                        6_272,
                        4,
                        i(32),
                        bool(true),
                        i(1),
                        list(List.of(list(List.of(i(1), i(3))), list(List.of(i(3), i(1))))),
                        floating(1.0)),
                // section 4.2: parameter-free single leaves
                v("nn.MaxPool2d(2,2,0)", new MaxPoolSpec(), 16, 1, 0, 1, i(2), i(2), i(0)),
                v("nn.Identity()", new IdentitySpec(), 16, 1, 0, 1),
                v("nn.ZeroPad2d([1,0,1,0])", new ZeroPadSpec(), 16, 1, 0, 1, list(List.of(i(1), i(0), i(1), i(0))))));
        return all.stream().map(Arguments::of);
    }

    static ModuleInstance bind(ModuleSpec spec, int c1, List<Value> yamlArgs, int n, String scale) {
        StubBindContext ctx = new StubBindContext(spec, List.of(c1), yamlArgs, n, scale);
        ModuleInstance inst = spec.bind(ctx);
        assertThat(ctx.diagnostics().sorted()).as("diagnostics").isEmpty();
        assertThat(inst).isNotNull();
        return inst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void paramsAndLeavesMatchTheSpecification(Vector v) {
        ModuleInstance inst = bind(v.spec(), v.c1(), v.yamlArgs(), v.n(), "n");
        assertThat(inst.params()).as("parameters").isEqualTo(v.params());
        assertThat(inst.leaves()).as("leaves").isEqualTo(v.leaves());
    }

    @Test
    void c2psaAddsTheAttentionProductsToItsMacs() {
        // thop 2.1.6 as Ultralytics 8.4.117 calls it adds the attention products: yolo11n's C2PSA at
        // 20x20, c = 128, 2 heads, kd = 32, hd = 64 -> 2 * 400^2 * 96 products
        ModuleInstance inst = bind(new C2psaSpec(), 256, List.of(i(256)), 1, "n");
        Shape.FeatureMap in = new Shape.FeatureMap(256, 20, 20, 32);
        // convs at 400 positions, conv + 4 per BN output: cv1, cv2 256->256: 26,624,000 each; PSABlock: qkv 128->256
        // 13,516,800, proj 6,758,400, pe (depthwise 3x3) 665,600, ffn 128->256 13,516,800, 256->128 13,312,000
        long convs = 2 * 26_624_000L + 13_516_800 + 6_758_400 + 665_600 + 13_516_800 + 13_312_000;
        assertThat(inst.macs(List.of(in), in)).isEqualTo(convs + 30_720_000L);
        assertThat(inst.flopTraits().attention()).isTrue();
    }

    @Test
    void attentionC3k2IsAnAttentionModelButPlainC3k2IsNot() {
        ModuleInstance attn = bind(new C3k2Spec(), 128, List.of(i(128), bool(true), floating(0.5), bool(true)), 1, "n");
        ModuleInstance plain = bind(new C3k2Spec(), 128, List.of(i(128), bool(true)), 1, "n");
        assertThat(attn.flopTraits().attention()).isTrue();
        assertThat(plain.flopTraits().attention()).isFalse();
        // PSABlock(64) with 1 head at 20x20: 400^2 * (32 + 64) products on top of the convolutions
        Shape.FeatureMap in = new Shape.FeatureMap(128, 20, 20, 32);
        long withoutPsa = attn.macs(List.of(in), in) - 400L * 400 * 96;
        // the PSABlock's convs (qkv 64->128, proj, pe, ffn 64->128, 128->64) at 400 positions
        long psaConvs = 400L * (128 * 64 + 4 * 128)
                + 400L * (64 * 64 + 4 * 64)
                + 400L * (64 * 9 + 4 * 64)
                + 400L * (128 * 64 + 4 * 128)
                + 400L * (64 * 128 + 4 * 64);
        long outer = 400L * (128 * 128 + 4 * 128) + 400L * (128 * 192 + 4 * 128);
        long bottleneck = 400L * (32 * 64 * 9 + 4 * 32) + 400L * (64 * 32 * 9 + 4 * 64);
        assertThat(withoutPsa).isEqualTo(outer + bottleneck + psaConvs);
    }

    @Test
    void classifyReturnsProbabilitiesAndLogitsAndCountsItsLinearOnce() {
        ModuleInstance inst = bind(new ClassifySpec(), 256, List.of(i(1000)), 1, "n");
        Shape.FeatureMap in = new Shape.FeatureMap(256, 7, 7, 32);
        Shape out = inst.infer(List.of(in), null); // a valid input: nothing to report
        assertThat(Shape.toPlain(out)).isEqualTo(List.of(List.of(1000L), List.of(1000L)));
        // conv 1x1 256->1280 + BN at 49 positions, global pool (49 + 1) * 1280, Linear 1280 * 1000
        assertThat(inst.macs(List.of(in), out)).isEqualTo(1280L * 256 * 49 + 4L * 1280 * 49 + 50L * 1280 + 1_280_000);
        assertThat(inst.flopTraits().linearOrAdaptivePool()).isTrue();
        assertThat(PyRepr.list(inst.args(), false)).isEqualTo("[256, 1000]");
    }
}
