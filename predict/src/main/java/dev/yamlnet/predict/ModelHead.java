package dev.yamlnet.predict;

import dev.yamlnet.core.Task;
import java.util.Map;
import java.util.Objects;

/**
 * What post-processing must know about the model, taken from the compiled model and the checkpoint.
 *
 * @param task what the model does
 * @param names class names by index (the checkpoint's {@code names}); classes without a name print their index
 * @param keypointsPerObject pose models: the first number of {@code kpt_shape}; 0 otherwise
 * @param valuesPerKeypoint pose models: 2 or 3 (x, y and visibility); 0 otherwise
 * @param endToEnd whether the head returns Ultralytics' end-to-end {@code [B, k, 6 (+ extra)]} (no NMS)
 * @param stride the largest stride of the model (32 for P3-P5 models), for the rectangular letterbox
 */
public record ModelHead(
        Task task,
        Map<Integer, String> names,
        int keypointsPerObject,
        int valuesPerKeypoint,
        boolean endToEnd,
        int stride) {

    public ModelHead {
        Objects.requireNonNull(task, "task");
        names = Map.copyOf(names);
    }

    /** The name of class {@code id}, or the index as text. */
    public String name(int id) {
        String n = names.get(id);
        return n != null ? n : Integer.toString(id);
    }
}
