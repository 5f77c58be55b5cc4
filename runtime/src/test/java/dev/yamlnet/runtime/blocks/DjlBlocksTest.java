package dev.yamlnet.runtime.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import dev.yamlnet.core.Activation;
import org.junit.jupiter.api.Test;

/**
 * The DJL implementation of the block factory builds the block each call names, uninitialised, with
 * the shapes Ultralytics' module of that name gives; the two combinators make fresh copies and set
 * the default activation.
 */
class DjlBlocksTest {
    private static final DjlBlocks BLOCKS = DjlBlocks.INSTANCE;

    @Test
    void eachCallBuildsTheBlockOfThatKindWithItsShapes() {
        YoloBlock conv = BLOCKS.conv(3, 16, 3, 2, 1, 1, 1, true);
        assertThat(conv).isInstanceOf(ConvBlock.class);
        assertThat(conv.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)})[0])
                .isEqualTo(new Shape(1, 16, 32, 32));
        // a 3x1 kernel with padding (1, 0) keeps a 10x10 map
        YoloBlock rect = BLOCKS.conv(3, 8, 3, 1, 1, 1, 0, 1, 1, true);
        assertThat(rect.getOutputShapes(new Shape[] {new Shape(1, 3, 10, 10)})[0])
                .isEqualTo(new Shape(1, 8, 10, 10));
        assertThat(BLOCKS.detect(10, 16, true, new int[] {16, 32, 64}, new double[] {8, 16, 32}))
                .isInstanceOf(DetectBlock.class);
        assertThat(BLOCKS.maxPool(2, 2, 2, 2, 0, 0, false).getOutputShapes(new Shape[] {new Shape(1, 4, 9, 9)})[0])
                .isEqualTo(new Shape(1, 4, 4, 4));
        assertThat(BLOCKS.maxPool(2, 2, 2, 2, 0, 0, true).getOutputShapes(new Shape[] {new Shape(1, 4, 9, 9)})[0])
                .isEqualTo(new Shape(1, 4, 5, 5));
    }

    @Test
    void repeatChainsFreshCopies() {
        YoloBlock chain = BLOCKS.repeat(2, () -> BLOCKS.conv(4, 4, 3, 1, 1, 1, 1, true));
        assertThat(chain).isInstanceOf(ChainBlock.class);
        assertThat(((ChainBlock) chain).blocks()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void withActivationReplacesTheDefaultOnlyWhereItIsUsed() {
        Activation relu = Activation.of(Activation.Kind.RELU);
        ConvBlock withDefault = (ConvBlock) BLOCKS.withActivation(relu, () -> BLOCKS.conv(3, 8, 1, 1, 0, 1, 1, true));
        ConvBlock without = (ConvBlock) BLOCKS.withActivation(relu, () -> BLOCKS.conv(3, 8, 1, 1, 0, 1, 1, false));
        assertThat(withDefault.activation()).isEqualTo(relu);
        assertThat(without.activation()).isEqualTo(Activation.IDENTITY);
    }
}
