package dev.yamlnet.compiler.syntax;

import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A model file's top-level keys and layer rows, as written; nothing is resolved yet. */
public record ModelSyntax(SourceFile source, Value.Dict root, Map<String, Value> keys, List<LayerSyntax> layers) {
    public ModelSyntax {
        keys = Map.copyOf(keys);
        layers = List.copyOf(layers);
    }

    public Optional<Value> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }
}
