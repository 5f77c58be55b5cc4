package dev.yamlnet.runtime.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.yamlnet.runtime.ModelGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output shapes, parameter names and parameter counts of the blocks, computed without an engine.
 * Expected counts are PyTorch's (learnable tensors, BN running statistics excluded) from the
 * module reference tables in the Ultralytics spec.
 */
class BlockShapesTest {

    static long learnable(YoloBlock b) {
        long n = 0;
        for (Map.Entry<String, Parameter> e : b.ultralyticsParameters().entrySet()) {
            if (!e.getKey().endsWith("running_mean") && !e.getKey().endsWith("running_var")) {
                n += e.getValue().getShape().size();
            }
        }
        return n;
    }

    @Test
    void convShapeNamesAndCount() {
        ConvBlock c = Layers.conv(3, 16, 3, 2, 1, 1, 1, true);
        assertThat(c.getOutputShapes(new Shape[] {new Shape(1, 3, 640, 640)})[0])
                .isEqualTo(new Shape(1, 16, 320, 320));
        assertThat(c.ultralyticsParameters().keySet())
                .containsExactly("conv.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var");
        assertThat(c.ultralyticsParameters().get("conv.weight").getShape()).isEqualTo(new Shape(16, 3, 3, 3));
        assertThat(learnable(c)).isEqualTo(464); // yolov8n layer 0
    }

    @Test
    void groupedDilatedAndRectangularConvShapes() {
        ConvBlock dw = Layers.conv(32, 32, 3, 1, 2, 32, 2, true);
        assertThat(dw.ultralyticsParameters().get("conv.weight").getShape()).isEqualTo(new Shape(32, 1, 3, 3));
        assertThat(dw.getOutputShapes(new Shape[] {new Shape(1, 32, 20, 20)})[0])
                .isEqualTo(new Shape(1, 32, 20, 20));
        ConvBlock rect = Layers.conv(8, 8, 1, 3, 1, 0, 1, 1, 1, false);
        assertThat(rect.getOutputShapes(new Shape[] {new Shape(1, 8, 10, 10)})[0])
                .isEqualTo(new Shape(1, 8, 10, 10));
        assertThatThrownBy(() -> Layers.conv(6, 8, 3, 1, 1, 4, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups 4 must divide");
    }

    @Test
    void c2fNamesFollowUltralytics() {
        C2fBlock b = Layers.c2f(8, 8, 2, true, 1, 0.5);
        assertThat(b.ultralyticsParameters().keySet())
                .contains("cv1.conv.weight", "cv2.bn.running_var", "m.0.cv1.conv.weight", "m.1.cv2.bn.bias")
                .hasSize(5 * 6);
        assertThat(b.ultralyticsParameters().get("cv2.conv.weight").getShape()).isEqualTo(new Shape(8, 16, 1, 1));
        assertThat(b.getOutputShapes(new Shape[] {new Shape(1, 8, 32, 32)})[0]).isEqualTo(new Shape(1, 8, 32, 32));
    }

    @Test
    void c2HasASequentialOfBottlenecks() {
        C2Block b = Layers.c2(16, 16, 1, true, 1, 0.5);
        assertThat(b.ultralyticsParameters().keySet())
                .contains("cv1.conv.weight", "cv2.conv.weight", "m.0.cv1.conv.weight", "m.0.cv2.conv.weight");
        assertThat(b.ultralyticsParameters().get("cv2.conv.weight").getShape()).isEqualTo(new Shape(16, 16, 1, 1));
    }

    @Test
    void sppfCount() {
        // spec table: SPPF(64, 64) has 10,432 parameters
        assertThat(learnable(Layers.sppf(64, 64, 5, 3, false))).isEqualTo(10_432);
    }

    @Test
    void detectCountsNamesAndOutputShape() {
        int[] ch = {64, 128, 256};
        double[] strides = {8, 16, 32};
        // spec table: Detect(80, ch=[64, 128, 256]) legacy / non-legacy: 897,664 / 464,912
        DetectBlock legacy = Layers.detect(80, 16, true, ch, strides);
        DetectBlock separable = Layers.detect(80, 16, false, ch, strides);
        assertThat(learnable(legacy)).isEqualTo(897_664);
        assertThat(learnable(separable)).isEqualTo(464_912);
        assertThat(legacy.ultralyticsParameters().keySet())
                .contains(
                        "cv2.0.0.conv.weight",
                        "cv2.2.2.bias",
                        "cv3.1.1.bn.running_mean",
                        "cv3.2.2.weight",
                        "dfl.conv.weight");
        assertThat(separable.ultralyticsParameters().keySet())
                .contains(
                        "cv3.0.0.0.conv.weight",
                        "cv3.0.0.1.conv.weight",
                        "cv3.0.1.0.bn.weight",
                        "cv3.0.1.1.conv.weight",
                        "cv3.0.2.weight");
        assertThat(legacy.ultralyticsParameters().get("dfl.conv.weight").getShape())
                .isEqualTo(new Shape(1, 16, 1, 1));
        Shape[] in = {new Shape(1, 64, 80, 80), new Shape(1, 128, 40, 40), new Shape(1, 256, 20, 20)};
        assertThat(legacy.getOutputShapes(in)[0]).isEqualTo(new Shape(1, 84, 8400));
    }

    @Test
    void upsampleAndConcatShapes() {
        assertThat(Layers.upsample(2.0, "nearest").getOutputShapes(new Shape[] {new Shape(1, 4, 5, 7)})[0])
                .isEqualTo(new Shape(1, 4, 10, 14));
        assertThat(Layers.upsampleTo(12, "nearest").getOutputShapes(new Shape[] {new Shape(1, 4, 5, 7)})[0])
                .isEqualTo(new Shape(1, 4, 12, 12));
        assertThat(Layers.concat(1).getOutputShapes(new Shape[] {new Shape(1, 4, 5, 5), new Shape(1, 6, 5, 5)})[0])
                .isEqualTo(new Shape(1, 10, 5, 5));
        // every mode of nn.Upsample runs; an unknown one is refused by name
        assertThat(Layers.upsample(1.5, "bicubic").getOutputShapes(new Shape[] {new Shape(1, 4, 5, 7)})[0])
                .isEqualTo(new Shape(1, 4, 7, 10));
        assertThatThrownBy(() -> Layers.upsample(2.0, "trilinear"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trilinear");
    }

    @Test
    void repeatedRowsAreNumberedLikeNnSequential() {
        ChainBlock b = Layers.repeat(2, () -> Layers.conv(4, 4, 3, 1, 1, 1, 1, true));
        assertThat(b.ultralyticsParameters().keySet())
                .contains("0.conv.weight", "1.bn.running_var")
                .hasSize(10);
    }

    @Test
    void graphShapesAndNamesComeFromOneTable() {
        ModelGraph g = ModelGraph.builder()
                .add(Layers.conv(3, 8, 3, 2, 1, 1, 1, true), -1) // 0: 8 x 16 x 16
                .add(Layers.conv(8, 16, 3, 2, 1, 1, 1, true), 0) // 1: 16 x 8 x 8
                .add(Layers.upsample(2.0, "nearest"), 1) // 2: 16 x 16 x 16
                .add(Layers.concat(1), 2, 0) // 3: 24 x 16 x 16
                .build();
        assertThat(g.getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)})[0]).isEqualTo(new Shape(1, 24, 16, 16));
        assertThat(g.ultralyticsParameters().keySet())
                .startsWith("model.0.conv.weight")
                .contains("model.1.bn.running_var");
        assertThat(g.parameterCount()).isEqualTo(8 * 27 + 16 + 16 * 8 * 9 + 32);
        assertThat(g.isKept(0)).isTrue();
        assertThat(g.isKept(1)).isFalse();
        assertThatThrownBy(() -> ModelGraph.builder().add(Layers.concat(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0 reads layer 0");
    }
}
