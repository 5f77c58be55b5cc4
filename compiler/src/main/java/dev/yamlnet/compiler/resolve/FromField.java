package dev.yamlnet.compiler.resolve;

import dev.yamlnet.compiler.value.Value;
import java.util.List;

/** The {@code from} field as written: an {@code Integer} or a {@code List<Integer>}. */
final class FromField {
    private FromField() {}

    static Object asWritten(Value from) {
        if (from instanceof Value.Int i) {
            return i.value().intValue();
        }
        if (from instanceof Value.Seq s) {
            return s.items().stream()
                    .map(v -> v instanceof Value.Int i ? i.value().intValue() : 0)
                    .toList();
        }
        return List.of();
    }
}
