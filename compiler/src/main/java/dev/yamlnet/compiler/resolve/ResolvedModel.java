package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.syntax.ModelSyntax;
import dev.yamlnet.core.Task;
import java.util.List;
import java.util.Optional;

/**
 * A model with every row bound to a module instance and every scaling rule applied; image-size
 * independent (shapes come from the checker).
 *
 * @param syntax the rows and top-level keys as read
 * @param scale the scale letter in use ("" when the file has no {@code scales})
 * @param scales the keys of the {@code scales} table in file order (empty when the file has none)
 * @param depth the depth multiple in use
 * @param width the width multiple in use
 * @param maxChannels the max_channels cap in use
 * @param channels input image channels
 * @param nc the number of classes, when the file or the options give it
 * @param task the task guessed from the last row's module
 * @param layers every row, resolved or poisoned
 * @param save the layers whose outputs later rows read (Ultralytics' {@code save} list), sorted
 */
public record ResolvedModel(
        ModelSyntax syntax,
        String scale,
        List<String> scales,
        double depth,
        double width,
        double maxChannels,
        int channels,
        Optional<Integer> nc,
        Optional<Task> task,
        List<ResolvedLayer> layers,
        List<Integer> save) {

    /**
     * Copies the lists; the components are described above.
     *
     * @param syntax the model as read
     * @param scale the scale letter
     * @param scales the scale table's keys
     * @param depth the depth multiple
     * @param width the width multiple
     * @param maxChannels the channel cap
     * @param channels input channels
     * @param nc the number of classes
     * @param task the guessed task
     * @param layers every row
     * @param save the save list
     */
    public ResolvedModel {
        scales = List.copyOf(scales);
        layers = List.copyOf(layers);
        save = List.copyOf(save);
    }
}
