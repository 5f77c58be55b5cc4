package dev.yamlnet.predict.post;

import dev.yamlnet.predict.ModelHead;
import dev.yamlnet.predict.ModelInput;
import dev.yamlnet.predict.PredictOptions;
import dev.yamlnet.predict.Predictions;
import dev.yamlnet.predict.RawOutput;
import java.util.List;

/**
 * Ultralytics 8.4.117's per-task post-processing on the raw outputs of a model: from what the head returns to
 * detections in original-picture pixels.
 */
public final class Postprocess {

    private Postprocess() {}

    /**
     * Post-processes one batch.
     *
     * @param head what the model is (task, names, key point shape, end-to-end)
     * @param outputs the model's outputs in Ultralytics' order, batch first: detect/pose/OBB {@code [B, 4 + nc
     *     (+ extra), A]}; segment that plus the prototypes {@code [B, 32, H/4, W/4]}; classify the softmax {@code
     *     [B, nc]}; end-to-end heads {@code [B, k, 6 (+ extra)]} and, optionally as the last output, the head's
     *     pre-top-k tensor {@code [B, 4 + nc (+ extra), A]} (xyxy boxes, sigmoid scores)
     * @param inputs the pre-processed pictures of the batch, in batch order (their input and original sizes)
     * @param options the predict settings
     * @return one {@link Predictions} per picture of the batch
     * @throws IllegalArgumentException when the outputs do not fit the head or the inputs
     */
    public static List<Predictions> apply(
            ModelHead head, List<RawOutput> outputs, List<ModelInput> inputs, PredictOptions options) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
