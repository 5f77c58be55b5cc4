package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.value.Value;
import java.util.Optional;

/**
 * One argument a module takes in YAML, in position order: its name (as in Ultralytics' constructor),
 * type, default (empty when required) and a one-line description for docs and the JSON Schema.
 */
public record ArgSpec(String name, ArgType type, Optional<Value> defaultValue, String description) {

    public static ArgSpec required(String name, ArgType type, String description) {
        return new ArgSpec(name, type, Optional.empty(), description);
    }

    public static ArgSpec optional(String name, ArgType type, Value defaultValue, String description) {
        return new ArgSpec(name, type, Optional.of(defaultValue), description);
    }

    public boolean isRequired() {
        return defaultValue.isEmpty();
    }
}
