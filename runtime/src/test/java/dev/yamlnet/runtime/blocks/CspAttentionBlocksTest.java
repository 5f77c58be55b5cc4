package dev.yamlnet.runtime.blocks;

import static dev.yamlnet.runtime.blocks.BlockShapesTest.learnable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * C3, C3k, C3k2, Attention, PSABlock, C2PSA and Classify without an engine: parameter counts
 * (PyTorch's counts of the Ultralytics 8.4 modules), Ultralytics' state-dict names,
 * and output shapes.
 */
class CspAttentionBlocksTest {

    @Test
    void parameterCountsMatchTheSpecificationVectors() {
        assertThat(learnable(Layers.c3(32, 32, 2, true, 1, 0.5))).isEqualTo(7_424);
        assertThat(learnable(new C3Block(32, 32, 2, true, 1, 0.5, 3, 3)))
                .as("C3k(32, 32, 2)")
                .isEqualTo(11_520);
        assertThat(learnable(Layers.c3k2(32, 64, 2, false, 0.5, false, 1, true)))
                .isEqualTo(29_120);
        assertThat(learnable(Layers.c3k2(32, 64, 2, true, 0.5, false, 1, true))).isEqualTo(33_536);
        assertThat(learnable(Layers.c3k2(128, 128, 1, true, 0.5, true, 1, true)))
                .as("attn wins over c3k")
                .isEqualTo(108_672);
        assertThat(learnable(new AttentionBlock(128, 2, 0.5))).isEqualTo(51_328);
        assertThat(learnable(new PsaBlock(128, 0.5, 2, true))).isEqualTo(117_632);
        assertThat(learnable(Layers.c2psa(256, 256, 2, 0.5))).isEqualTo(367_360);
        assertThat(learnable(Layers.classify(256, 1000, 1, 1, 1, 0, 0, 1))).isEqualTo(1_611_240);
    }

    @Test
    void namesFollowUltralytics() {
        assertThat(Layers.c3(8, 8, 1, true, 1, 0.5).ultralyticsParameters().keySet())
                .contains(
                        "cv1.conv.weight",
                        "cv2.conv.weight",
                        "cv3.bn.running_var",
                        "m.0.cv1.conv.weight",
                        "m.0.cv2.bn.weight")
                .hasSize(5 * 5);
        assertThat(Layers.c3(8, 8, 1, true, 1, 0.5)
                        .ultralyticsParameters()
                        .get("m.0.cv1.conv.weight")
                        .getShape())
                .isEqualTo(new Shape(4, 4, 1, 1));
        // C3k inner blocks (yolo11 at c3k) are a C3 whose m is a Sequential: m.0.m.1.cv2...
        assertThat(Layers.c3k2(32, 32, 1, true, 0.5, false, 1, true)
                        .ultralyticsParameters()
                        .keySet())
                .contains("m.0.cv3.conv.weight", "m.0.m.1.cv2.conv.weight");
        assertThat(Layers.c3k2(128, 128, 1, false, 0.5, true, 1, true)
                        .ultralyticsParameters()
                        .keySet())
                .contains(
                        "m.0.0.cv1.conv.weight",
                        "m.0.1.attn.qkv.conv.weight",
                        "m.0.1.attn.pe.bn.bias",
                        "m.0.1.ffn.1.conv.weight");
        C2psaBlock psa = Layers.c2psa(64, 64, 1, 0.5);
        // yolo11t layer 10: dim 32, 1 head, head width 32, key width 16: qkv makes 32 + 2 * 16 channels
        assertThat(psa.ultralyticsParameters().get("m.0.attn.qkv.conv.weight").getShape())
                .isEqualTo(new Shape(64, 32, 1, 1));
        assertThat(psa.ultralyticsParameters().get("m.0.attn.pe.conv.weight").getShape())
                .isEqualTo(new Shape(32, 1, 3, 3));
        assertThat(psa.ultralyticsParameters().get("m.0.ffn.0.conv.weight").getShape())
                .isEqualTo(new Shape(64, 32, 1, 1));
        assertThat(Layers.classify(64, 10, 1, 1, 1, 0, 0, 1)
                        .ultralyticsParameters()
                        .keySet())
                .containsExactly(
                        "conv.conv.weight",
                        "conv.bn.weight",
                        "conv.bn.bias",
                        "conv.bn.running_mean",
                        "conv.bn.running_var",
                        "linear.weight",
                        "linear.bias");
    }

    @Test
    void shapes() {
        Shape in = new Shape(1, 64, 4, 4);
        assertThat(Layers.c3(64, 32, 1, true, 1, 0.5).getOutputShapes(new Shape[] {in})[0])
                .isEqualTo(new Shape(1, 32, 4, 4));
        assertThat(Layers.c3k2(64, 32, 1, true, 0.5, false, 1, true).getOutputShapes(new Shape[] {in})[0])
                .isEqualTo(new Shape(1, 32, 4, 4));
        assertThat(Layers.c2psa(64, 64, 1, 0.5).getOutputShapes(new Shape[] {in})[0])
                .isEqualTo(in);
        assertThat(Layers.classify(64, 10, 1, 1, 1, 0, 0, 1).getOutputShapes(new Shape[] {in}))
                .containsExactly(new Shape(1, 10), new Shape(1, 10));
        assertThatThrownBy(() -> Layers.c2psa(64, 32, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equal input and output channels");
    }
}
