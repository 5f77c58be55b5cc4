package dev.yamlnet.runtime.weights;

import ai.djl.nn.Parameter;
import java.util.Optional;
import java.util.Set;

/**
 * Implemented by a block that can explain why a weight file lacks some of its tensors (for example
 * a BoT3 attention with position tables meeting a checkpoint of the table-less variant). When a file
 * does not fit, {@link WeightLoader#load} asks every such block in the model and adds the answers
 * as hints to the {@link WeightMismatchException}, so the loader itself never needs to know modules.
 */
public interface WeightHints {
    /**
     * A hint for the user, or empty when this block has nothing to say.
     *
     * @param missing every parameter of the whole model the file has no tensor for
     */
    Optional<String> missingTensorsHint(Set<Parameter> missing);
}
