package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.syntax.LayerSyntax;
import java.util.List;

/**
 * One row after resolution. {@code inputs} are absolute layer indices ({@code -1}: the image);
 * {@code spec} and {@code instance} are null when the row could not be resolved (poison: the
 * checker skips it and everything that depends on it).
 *
 * @param recordedChannels Ultralytics' {@code ch[i]} after this row (the stale value for heads)
 * @param fedChannels the channels Ultralytics injected from its {@code ch} list, per input
 */
public record ResolvedLayer(
        int index,
        LayerSyntax syntax,
        List<Integer> inputs,
        boolean listFrom,
        int repeats,
        ModuleSpec spec,
        ModuleInstance instance,
        int recordedChannels,
        List<Integer> fedChannels) {

    public ResolvedLayer {
        inputs = List.copyOf(inputs);
        fedChannels = List.copyOf(fedChannels);
    }

    public boolean resolved() {
        return instance != null;
    }

    /** The {@code from} field as Ultralytics stores and prints it: an int or a list, as written. */
    public Object fromAsWritten() {
        return FromField.asWritten(syntax.from());
    }
}
