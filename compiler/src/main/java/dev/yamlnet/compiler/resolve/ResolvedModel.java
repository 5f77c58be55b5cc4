package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.Task;
import dev.yamlnet.compiler.syntax.ModelSyntax;
import java.util.List;
import java.util.Optional;

/**
 * A model with every row bound to a module instance and every scaling rule applied; image-size
 * independent (shapes come from the checker).
 *
 * @param scale the scale letter in use ("" when the file has no {@code scales})
 * @param depth the depth multiple in use
 * @param width the width multiple in use
 * @param maxChannels the max_channels cap in use
 * @param channels input image channels
 */
public record ResolvedModel(
        ModelSyntax syntax,
        String scale,
        double depth,
        double width,
        double maxChannels,
        int channels,
        Optional<Integer> nc,
        Optional<Task> task,
        List<ResolvedLayer> layers,
        List<Integer> save) {

    public ResolvedModel {
        layers = List.copyOf(layers);
        save = List.copyOf(save);
    }
}
