package dev.yamlnet.runtime.recipe;

import dev.yamlnet.core.recipe.BlockRecipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.yamlnet.runtime.blocks.ChainBlock;
import dev.yamlnet.runtime.blocks.ConvBlock;
import dev.yamlnet.runtime.blocks.DetectBlock;
import org.junit.jupiter.api.Test;

/** Recipes build the same blocks their Java source would, and print that source. */
class BlockRecipeTest {

    @Test
    void buildsThroughTheStaticFactoryAndPrintsTheSameCall() {
        BlockRecipe r = BlockRecipe.layers("conv", 3, 16, 3, 2, 1, 1, 1, true);
        assertThat(r.toJava()).isEqualTo("Layers.conv(3, 16, 3, 2, 1, 1, 1, true)");
        Object b = r.build();
        assertThat(b).isInstanceOf(ConvBlock.class);
        assertThat(((ConvBlock) b).getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)})[0]).isEqualTo(new Shape(1, 16, 32, 32));
    }

    @Test
    void arraysAndNestedRecipes() {
        BlockRecipe d = BlockRecipe.layers("detect", 10, 16, true, new int[] {16, 32, 64}, new double[] {8, 16, 32});
        assertThat(d.toJava()).isEqualTo("Layers.detect(10, 16, true, new int[] {16, 32, 64}, new double[] {8.0, 16.0, 32.0})");
        assertThat(d.build()).isInstanceOf(DetectBlock.class);
        assertThat(d).isEqualTo(BlockRecipe.layers("detect", 10, 16, true, new int[] {16, 32, 64}, new double[] {8, 16, 32}));

        BlockRecipe rep = BlockRecipe.layers("repeat", 2, BlockRecipe.layers("conv", 4, 4, 3, 1, 1, 1, 1, true));
        assertThat(rep.toJava()).isEqualTo("Layers.repeat(2, () -> Layers.conv(4, 4, 3, 1, 1, 1, 1, true))");
        assertThat(((ChainBlock) rep.build()).blocks()).hasSize(2);
    }

    @Test
    void aRecipeWithoutAMatchingFactoryFailsClearly() {
        assertThatThrownBy(() -> BlockRecipe.layers("conv", 3, 16).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no static method dev.yamlnet.runtime.blocks.Layers.conv accepts Layers.conv(3, 16)");
        assertThatThrownBy(() -> BlockRecipe.layers("x", new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
