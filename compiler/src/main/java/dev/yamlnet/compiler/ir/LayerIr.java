package dev.yamlnet.compiler.ir;

import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.Map;

/**
 * One layer of a compiled model: what Ultralytics' table prints (index, from, n, params, module,
 * arguments) plus what yamlnet adds (output shape, the inputs as absolute indices, the source
 * span, module-specific extras such as attention memory).
 *
 * @param from the {@code from} field as written: an {@code Integer} or a {@code List<Integer>}
 * @param inputs absolute layer indices of the inputs, {@code -1} for the image
 * @param repeats the scaled repeat count (the table's {@code n})
 */
public record LayerIr(
        int index,
        String section,
        Object from,
        List<Integer> inputs,
        int repeats,
        ModuleSpec spec,
        ModuleInstance instance,
        List<Value> args,
        List<Shape> inputShapes,
        Shape output,
        long params,
        long frozenParams,
        Span span,
        Map<String, Object> extras) {

    public LayerIr {
        inputs = List.copyOf(inputs);
        args = List.copyOf(args);
        inputShapes = List.copyOf(inputShapes);
        // keep the module's order: the summary prints extras as they come
        extras = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
    }

    /** The YAML spelling of the module. */
    public String module() {
        return spec.name();
    }
}
