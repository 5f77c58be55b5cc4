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
 * @param index the row's index in the model (backbone and head numbered on)
 * @param syntax the row as written
 * @param inputs the layers it takes its inputs from, as absolute indices
 * @param listFrom whether {@code from} is written as a list
 * @param repeats the repeats after depth scaling
 * @param spec the module's spec, or null when the module is unknown or the row malformed
 * @param instance the bound module, or null when the row could not be resolved
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

    /**
     * Copies the lists; the components are described above.
     *
     * @param index the row's index
     * @param syntax the row as written
     * @param inputs absolute input indices
     * @param listFrom whether {@code from} is a list
     * @param repeats scaled repeats
     * @param spec the spec, or null
     * @param instance the bound module, or null
     * @param recordedChannels {@code ch[i]} after the row
     * @param fedChannels the channels fed per input
     */
    public ResolvedLayer {
        inputs = List.copyOf(inputs);
        fedChannels = List.copyOf(fedChannels);
    }

    /**
     * Whether the row resolved.
     *
     * @return true when it has a bound module instance
     */
    public boolean resolved() {
        return instance != null;
    }

    /**
     * The {@code from} field as Ultralytics stores and prints it.
     *
     * @return an {@code Integer} or a {@code List<Integer>}, as written
     */
    public Object fromAsWritten() {
        return FromField.asWritten(syntax.from());
    }
}
