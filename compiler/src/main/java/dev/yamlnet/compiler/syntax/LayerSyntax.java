package dev.yamlnet.compiler.syntax;

import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;

/**
 * One row {@code [from, repeats, module, args]} of {@code backbone} or {@code head}, unresolved.
 * A malformed row keeps its index (so later indices stay right) with {@code wellFormed == false}.
 */
public record LayerSyntax(
        int index, String section, Span span, Value from, Value repeats, Value module, Value args, boolean wellFormed) {

    /** The module name as written, or "" when the row has none. */
    public String moduleName() {
        return module instanceof Value.Str s ? s.value() : "";
    }
}
