package dev.yamlnet.runtime.blocks;

import static dev.yamlnet.runtime.blocks.BlockShapesTest.learnable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.yamlnet.core.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts (PyTorch's counts of the Ultralytics 8.4 modules), Ultralytics state-dict names and
 * output shapes of the Ghost, Focus, SPP, C1, C3x, pooling, padding and identity blocks, and how
 * activation expressions are read. No engine is needed.
 */
class ClassicBlocksTest {
    private static Shape out(YoloBlock b, Shape in) {
        return b.getOutputShapes(new Shape[] {in})[0];
    }

    @Test
    void ghostConvHasAPrimaryAndACheapDepthwiseConv() {
        GhostConvBlock g = Layers.ghostConv(16, 32, 3, 2, 1, true);
        assertThat(learnable(g)).isEqualTo(2_768);
        assertThat(g.ultralyticsParameters().keySet())
                .containsExactly(
                        "cv1.conv.weight",
                        "cv1.bn.weight",
                        "cv1.bn.bias",
                        "cv1.bn.running_mean",
                        "cv1.bn.running_var",
                        "cv2.conv.weight",
                        "cv2.bn.weight",
                        "cv2.bn.bias",
                        "cv2.bn.running_mean",
                        "cv2.bn.running_var");
        assertThat(g.ultralyticsParameters().get("cv1.conv.weight").getShape()).isEqualTo(new Shape(16, 16, 3, 3));
        assertThat(g.ultralyticsParameters().get("cv2.conv.weight").getShape()).isEqualTo(new Shape(16, 1, 5, 5));
        assertThat(out(g, new Shape(1, 16, 40, 40))).isEqualTo(new Shape(1, 32, 20, 20));
        // an odd width loses a channel, as in Ultralytics (c_ = c2 // 2, output 2 c_)
        assertThat(out(Layers.ghostConv(8, 9, 1, 1, 1, true), new Shape(1, 8, 4, 4)))
                .isEqualTo(new Shape(1, 8, 4, 4));
    }

    @Test
    void c3GhostNamesItsGhostBottlenecksPartsLikeUltralytics() {
        C3GhostBlock b = Layers.c3Ghost(32, 32, 2, true, 1, 0.5);
        assertThat(learnable(b)).isEqualTo(3_128);
        // GhostBottleneck(16, 16): conv.0 = GhostConv(16, 8), conv.1 = Identity, conv.2 = GhostConv(8, 16, act=False)
        assertThat(b.ultralyticsParameters())
                .containsKeys(
                        "m.0.conv.0.cv1.conv.weight",
                        "m.0.conv.0.cv2.bn.running_var",
                        "m.1.conv.2.cv1.conv.weight",
                        "m.1.conv.2.cv2.bn.bias")
                .hasSize(5 * (3 + 2 * 4));
        assertThat(b.ultralyticsParameters().keySet()).noneMatch(k -> k.contains("conv.1.") || k.contains("shortcut"));
        assertThat(b.ultralyticsParameters().get("m.0.conv.0.cv1.conv.weight").getShape())
                .isEqualTo(new Shape(4, 16, 1, 1));
        assertThat(b.ultralyticsParameters().get("m.0.conv.2.cv2.conv.weight").getShape())
                .isEqualTo(new Shape(8, 1, 5, 5));
        assertThat(out(b, new Shape(1, 32, 8, 8))).isEqualTo(new Shape(1, 32, 8, 8));
    }

    @Test
    void stridedGhostBottleneckHasADepthwiseMiddleAndAShortcut() {
        GhostBottleneckBlock b = new GhostBottleneckBlock(16, 32, 3, 2);
        assertThat(b.ultralyticsParameters().get("conv.1.conv.weight").getShape())
                .isEqualTo(new Shape(16, 1, 3, 3));
        assertThat(b.ultralyticsParameters().get("shortcut.0.conv.weight").getShape())
                .isEqualTo(new Shape(16, 1, 3, 3));
        assertThat(b.ultralyticsParameters().get("shortcut.1.conv.weight").getShape())
                .isEqualTo(new Shape(32, 16, 1, 1));
        assertThat(out(b, new Shape(1, 16, 10, 10))).isEqualTo(new Shape(1, 32, 5, 5));
    }

    @Test
    void c3xBottlenecksUseCrossKernels() {
        C3xBlock b = Layers.c3x(32, 32, 2, true, 1, 0.5);
        assertThat(learnable(b)).isEqualTo(5_376);
        assertThat(b.ultralyticsParameters().get("m.1.cv1.conv.weight").getShape())
                .isEqualTo(new Shape(16, 16, 1, 3));
        assertThat(b.ultralyticsParameters().get("m.1.cv2.conv.weight").getShape())
                .isEqualTo(new Shape(16, 16, 3, 1));
        assertThat(b.ultralyticsParameters().get("cv3.conv.weight").getShape()).isEqualTo(new Shape(32, 32, 1, 1));
        assertThat(out(b, new Shape(1, 32, 7, 9))).isEqualTo(new Shape(1, 32, 7, 9));
    }

    @Test
    void bottleneckC1SppAndFocusCounts() {
        assertThat(learnable(Layers.bottleneck(32, 32, true, 1, 3, 3, 3, 3, 0.5)))
                .isEqualTo(9_312);
        C1Block c1 = Layers.c1(16, 32, 2);
        assertThat(learnable(c1)).isEqualTo(19_136);
        assertThat(c1.ultralyticsParameters())
                .containsKeys("cv1.conv.weight", "m.0.conv.weight", "m.1.bn.running_mean");
        SppBlock spp = Layers.spp(64, 64, new int[] {5, 9, 13});
        assertThat(learnable(spp)).isEqualTo(10_432);
        // the max-pools (m.0, m.1, m.2) hold no tensors
        assertThat(spp.ultralyticsParameters().keySet()).allMatch(k -> k.startsWith("cv1.") || k.startsWith("cv2."));
        assertThat(spp.ultralyticsParameters().get("cv2.conv.weight").getShape())
                .isEqualTo(new Shape(64, 128, 1, 1));
        FocusBlock f = Layers.focus(3, 32, 3, 3, 1, 1, 1, 1, true);
        assertThat(learnable(f)).isEqualTo(3_520);
        assertThat(f.ultralyticsParameters().get("conv.conv.weight").getShape()).isEqualTo(new Shape(32, 12, 3, 3));
        assertThat(out(f, new Shape(1, 3, 64, 48))).isEqualTo(new Shape(1, 32, 32, 24));
    }

    @Test
    void parameterFreeLayersFollowPyTorchsSizeRules() {
        // floor((H + 2p - k) / s) + 1; ceil mode rounds up unless the last window starts in the right padding
        assertThat(out(Layers.maxPool(2, 2, 2, 2, 0, 0, false), new Shape(1, 8, 9, 9)))
                .isEqualTo(new Shape(1, 8, 4, 4));
        assertThat(out(Layers.maxPool(2, 2, 2, 2, 0, 0, true), new Shape(1, 8, 9, 9)))
                .isEqualTo(new Shape(1, 8, 5, 5));
        assertThat(out(Layers.maxPool(3, 3, 2, 2, 1, 1, true), new Shape(1, 8, 18, 17)))
                .isEqualTo(new Shape(1, 8, 10, 9));
        assertThat(out(Layers.maxPool(5, 5, 1, 1, 2, 2, false), new Shape(1, 8, 9, 7)))
                .isEqualTo(new Shape(1, 8, 9, 7));
        // dilation d: floor((H + 2p - d (k - 1) - 1) / s) + 1
        assertThat(out(Layers.maxPool(3, 3, 1, 1, 1, 1, 2, 2, false), new Shape(1, 8, 32, 32)))
                .isEqualTo(new Shape(1, 8, 30, 30));
        assertThat(out(Layers.maxPool(3, 2, 2, 2, 1, 0, 2, 1, true), new Shape(1, 8, 30, 30)))
                .isEqualTo(new Shape(1, 8, 15, 15));
        assertThatThrownBy(() -> Layers.maxPool(3, 3, 1, 1, 2, 2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("half the kernel");
        // ZeroPad2d((left, right, top, bottom))
        assertThat(out(Layers.zeroPad(1, 0, 2, 0), new Shape(1, 8, 16, 16))).isEqualTo(new Shape(1, 8, 18, 17));
        assertThat(out(Layers.identity(), new Shape(2, 8, 5, 6))).isEqualTo(new Shape(2, 8, 5, 6));
        assertThat(Layers.maxPool(2, 2, 2, 2, 0, 0, false).ultralyticsParameters())
                .isEmpty();
    }

    @Test
    void activationExpressionsAreReadWithPyTorchsDefaults() {
        assertThat(Activation.parse("nn.SiLU()")).isEqualTo(Activation.SILU);
        assertThat(Activation.parse("torch.nn.ReLU()")).isEqualTo(Activation.of(Activation.Kind.RELU));
        assertThat(Activation.parse("nn.ReLU(inplace=True)")).isEqualTo(Activation.of(Activation.Kind.RELU));
        assertThat(Activation.parse("nn.LeakyReLU()").parameter()).isEqualTo(0.01);
        assertThat(Activation.parse("nn.LeakyReLU(0.1)").parameter()).isEqualTo(0.1);
        assertThat(Activation.parse("nn.LeakyReLU(negative_slope=0.2, inplace=True)")
                        .parameter())
                .isEqualTo(0.2);
        assertThat(Activation.parse("nn.ELU()").parameter()).isEqualTo(1.0);
        assertThat(Activation.parse("nn.ELU(alpha=0.5)")).isEqualTo(Activation.elu(0.5));
        assertThat(Activation.parse("nn.Identity(3, x=1)")).isEqualTo(Activation.IDENTITY);
        for (String s : List.of(
                "nn.ReLU()",
                "nn.ReLU6()",
                "nn.SiLU()",
                "nn.LeakyReLU(negative_slope=0.1)",
                "nn.Hardswish()",
                "nn.GELU()",
                "nn.Mish()",
                "nn.ELU(alpha=0.5)",
                "nn.Sigmoid()",
                "nn.Tanh()",
                "nn.Identity()",
                "nn.Hardsigmoid()")) {
            assertThat(Activation.parse(s).toString()).as("round trip").isEqualTo(s);
        }
        assertThatThrownBy(() -> Activation.parse("nn.Softmax()")).hasMessageContaining("not supported by the runtime");
        assertThatThrownBy(() -> Activation.parse("nn.LeakyReLU(0.1, True, 3)")).hasMessageContaining("takes 2");
        assertThatThrownBy(() -> Activation.parse("nn.Sigmoid(True)")).hasMessageContaining("takes 0");
        assertThatThrownBy(() -> Activation.parse("nn.ReLU(slope=1)")).hasMessageContaining("no argument 'slope'");
        assertThatThrownBy(() -> Activation.parse("os.system('x')"))
                .hasMessageContaining("is not a torch.nn activation call");
    }

    @Test
    void theDefaultActivationReplacesOnlyConvsThatUseIt() {
        SppfBlock sppf = Layers.sppf(16, 16, 5, 3, false);
        Activation relu = Activation.of(Activation.Kind.RELU);
        sppf.setDefaultActivation(relu);
        List<ConvBlock> convs =
                sppf.getChildren().values().stream().map(ConvBlock.class::cast).toList(); // cv1, cv2
        assertThat(convs.get(0).activation()).as("SPPF's cv1 has act=False").isEqualTo(Activation.IDENTITY);
        assertThat(convs.get(1).activation()).isEqualTo(relu);
        ConvBlock own = ConvBlock.builder()
                .setChannels(4, 4)
                .optActivation(Activation.of(Activation.Kind.TANH))
                .build();
        own.setDefaultActivation(relu);
        assertThat(own.activation())
                .as("an explicit activation module is kept")
                .isEqualTo(Activation.of(Activation.Kind.TANH));
    }
}
