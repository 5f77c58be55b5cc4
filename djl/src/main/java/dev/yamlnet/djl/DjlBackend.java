package dev.yamlnet.djl;

import dev.yamlnet.compiler.backend.LayerBlocks;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.blocks.DjlBlocks;
import dev.yamlnet.runtime.blocks.YoloBlock;
import java.util.List;

/**
 * The DJL back end: turns a compiled model into a {@link ModelGraph} block. Each layer's module
 * instance makes its block through the typed bridge ({@link DjlBlocks}, the DJL implementation of
 * {@code BlockFactory}); this class only wires them with the layers' input indices, so it never
 * mentions a module by name.
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
        List<YoloBlock> blocks = LayerBlocks.require(model, DjlBlocks.INSTANCE, "run");
        ModelGraph.Builder graph = ModelGraph.builder();
        for (LayerIr layer : model.layers()) {
            graph.add(
                    blocks.get(layer.index()),
                    layer.inputs().stream().mapToInt(Integer::intValue).toArray());
        }
        ModelGraph g = graph.build();
        g.setBatchNormEpsilon(batchNormEpsilon(model));
        return g;
    }

    /** 1e-3 for detection-family models, PyTorch's 1e-5 for classification models, as Ultralytics builds them. */
    public static float batchNormEpsilon(ModelIr model) {
        return model.batchNormEpsilon();
    }
}
