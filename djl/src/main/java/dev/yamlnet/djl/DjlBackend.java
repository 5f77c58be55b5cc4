package dev.yamlnet.djl;

import dev.yamlnet.compiler.backend.ModelLoadException;
import ai.djl.nn.Block;
import dev.yamlnet.compiler.backend.RuntimeRecipes;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.blocks.Layers;
import dev.yamlnet.core.recipe.BlockRecipe;
import java.util.List;
import java.util.Optional;

/**
 * The DJL back end: turns a compiled model into a {@link ModelGraph} block. Each layer's module
 * describes its block as a {@link BlockRecipe}; this class only wires them with the layers' input
 * indices, so it never mentions a module by name.
 */
public final class DjlBackend {
    /** See {@link ModelIr#DETECTION_BN_EPS}. */
    public static final float DETECTION_BN_EPS = ModelIr.DETECTION_BN_EPS;
    /** See {@link ModelIr#CLASSIFICATION_BN_EPS}. */
    public static final float CLASSIFICATION_BN_EPS = ModelIr.CLASSIFICATION_BN_EPS;

    private DjlBackend() {}

    /**
     * Builds the (uninitialised) block for a compiled model.
     *
     * @throws ModelLoadException when a layer's module has no runtime block yet; the message
     *     names every such layer and the diagnostics (E0901) point at their rows
     */
    public static ModelGraph build(ModelIr model) throws ModelLoadException {
        List<BlockRecipe> recipes = RuntimeRecipes.require(model, "run");
        ModelGraph.Builder graph = ModelGraph.builder();
        for (LayerIr layer : model.layers()) {
            Block block = Layers.asBlock(recipes.get(layer.index()).build());
            graph.add(block, layer.inputs().stream().mapToInt(Integer::intValue).toArray());
        }
        ModelGraph g = graph.build();
        g.setBatchNormEpsilon(batchNormEpsilon(model));
        return g;
    }

    /** The recipes of every layer, in order (empty entries for modules without a runtime block); see {@link RuntimeRecipes}. */
    public static List<Optional<BlockRecipe>> recipes(ModelIr model) {
        return RuntimeRecipes.of(model);
    }

    /** 1e-3 for detection-family models, PyTorch's 1e-5 for classification models, as Ultralytics builds them. */
    public static float batchNormEpsilon(ModelIr model) {
        return model.batchNormEpsilon();
    }
}
