package dev.yamlnet.compiler;

import dev.yamlnet.compiler.resolve.ResolvedModel;
import dev.yamlnet.compiler.shape.Shape;
import java.util.List;

/**
 * The model as far as the compiler got: every row (resolved or poisoned) and every layer's output
 * shape, {@link Shape#UNKNOWN} where an error stopped the computation. It exists so that a model
 * with errors can still be shown (the graph marks the broken layers); nothing else should rely on
 * it, since its totals are not checked.
 *
 * @param shapes one output shape per layer, in index order
 * @param imgsz the square image size the shapes were computed at
 */
public record PartialModel(ResolvedModel resolved, List<Shape> shapes, int imgsz) {
    public PartialModel {
        shapes = List.copyOf(shapes);
    }
}
