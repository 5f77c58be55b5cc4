package dev.yamlnet.compiler.schema;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;

/**
 * The JSON an editor's YAML support sees for a value of the compiler's {@link Value} tree: the
 * same conversion a YAML language server applies before checking a document against a JSON Schema.
 * Used for schema defaults and to validate model files against the schema in tests.
 */
public final class ValueJson {
    private ValueJson() {}

    public static JsonElement toJson(Value v) {
        if (v instanceof Value.Int i) {
            return new JsonPrimitive(i.value());
        } else if (v instanceof Value.Float f) {
            double d = f.value();
            return Double.isFinite(d) ? new JsonPrimitive(d) : new JsonPrimitive(PyRepr.repr(v));
        } else if (v instanceof Value.Bool b) {
            return new JsonPrimitive(b.value());
        } else if (v instanceof Value.None) {
            return JsonNull.INSTANCE;
        } else if (v instanceof Value.Str s) {
            return new JsonPrimitive(s.value());
        } else if (v instanceof Value.Seq s) {
            JsonArray a = new JsonArray();
            s.items().forEach(x -> a.add(toJson(x)));
            return a;
        } else if (v instanceof Value.Dict d) {
            JsonObject o = new JsonObject();
            for (Value.Entry e : d.entries()) {
                o.add(e.key() instanceof Value.Str s ? s.value() : PyRepr.repr(e.key()), toJson(e.value()));
            }
            return o;
        }
        return JsonNull.INSTANCE;
    }
}
