package dev.yamlnet.compiler.summary;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.Map;

/**
 * The summary as one JSON document, the stable contract scripts rely on (documented in
 * {@code docs/cli.md}). Keys are only ever added, never renamed or removed.
 */
public final class SummaryJson {
    private SummaryJson() {}

    public static JsonObject toJson(ModelIr model) {
        JsonObject root = new JsonObject();
        root.addProperty("model", model.name());
        root.addProperty("source", model.source());
        root.addProperty("scale", model.scale());
        root.addProperty("imgsz", model.imgsz());
        root.addProperty("channels", model.channels());
        root.addProperty("task", model.task() == null ? null : model.task().id());
        if (model.nc() != null) {
            root.addProperty("nc", model.nc());
        }
        JsonArray layers = new JsonArray();
        for (LayerIr l : model.layers()) {
            layers.add(layer(l));
        }
        root.add("layers", layers);
        root.add("totals", totals(model));
        JsonArray strides = new JsonArray();
        model.strides().forEach(s -> strides.add(number(s)));
        root.add("strides", strides);
        JsonArray save = new JsonArray();
        model.save().forEach(save::add);
        root.add("save", save);
        return root;
    }

    /** One row of {@code layers[]}: index, from, repeats, params, module, type, args, output shape, stride, extras. */
    public static JsonObject layer(LayerIr l) {
        JsonObject o = new JsonObject();
        o.addProperty("index", l.index());
        o.add("from", plain(l.from()));
        o.addProperty("repeats", l.repeats());
        o.addProperty("params", l.params());
        o.addProperty("module", l.module());
        o.addProperty("type", l.spec().pythonType());
        JsonArray args = new JsonArray();
        l.args().forEach(a -> args.add(value(a)));
        o.add("args", args);
        o.add("output_shape", plain(Shape.toPlain(l.output())));
        if (l.output() instanceof Shape.FeatureMap f) {
            o.add("stride", number(f.stride()));
        }
        for (Map.Entry<String, Object> e : l.extras().entrySet()) {
            o.add(e.getKey(), plain(e.getValue()));
        }
        return o;
    }

    /** The {@code totals} object: layers, params, gradients and the GFLOPs figures. */
    public static JsonObject totals(ModelIr model) {
        JsonObject totals = new JsonObject();
        totals.addProperty("layers", model.layerCount());
        totals.addProperty("params", model.params());
        totals.addProperty("gradients", model.gradients());
        totals.addProperty("gflops", model.gflops());
        totals.add(
                "gflops_ultralytics",
                model.gflopsUltralytics().isPresent()
                        ? new JsonPrimitive(model.gflopsUltralytics().getAsDouble())
                        : JsonNull.INSTANCE);
        totals.addProperty("gflops_imgsz", model.gflopsImgsz());
        if (model.gflopsTorch2().isPresent()) {
            // thop counts nn.MultiheadAttention only on torch >= 2; "gflops" is the torch 1.13 figure
            totals.addProperty("gflops_torch2", model.gflopsTorch2().getAsDouble());
        }
        return totals;
    }

    public static String render(ModelIr model) {
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .serializeNulls()
                        .create()
                        .toJson(toJson(model))
                + "\n";
    }

    /** A whole number as an integer, anything else as a double. */
    static JsonPrimitive number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return new JsonPrimitive((long) d);
        }
        return new JsonPrimitive(d);
    }

    static JsonElement value(Value v) {
        if (v instanceof Value.Int i) {
            return new JsonPrimitive(i.value());
        } else if (v instanceof Value.Float f) {
            return Double.isFinite(f.value())
                    ? new JsonPrimitive(f.value())
                    : new JsonPrimitive(String.valueOf(f.value()));
        } else if (v instanceof Value.Bool b) {
            return new JsonPrimitive(b.value());
        } else if (v instanceof Value.Str s) {
            return new JsonPrimitive(s.value());
        } else if (v instanceof Value.Seq s) {
            JsonArray a = new JsonArray();
            s.items().forEach(x -> a.add(value(x)));
            return a;
        } else if (v instanceof Value.Dict d) {
            JsonObject o = new JsonObject();
            d.entries()
                    .forEach(e -> o.add(
                            e.key() instanceof Value.Str k
                                    ? k.value()
                                    : dev.yamlnet.compiler.value.PyRepr.repr(e.key()),
                            value(e.value())));
            return o;
        }
        return JsonNull.INSTANCE;
    }

    static JsonElement plain(Object o) {
        if (o == null) {
            return JsonNull.INSTANCE;
        } else if (o instanceof Number n) {
            return n instanceof Double d ? number(d) : new JsonPrimitive(n);
        } else if (o instanceof String s) {
            return new JsonPrimitive(s);
        } else if (o instanceof Boolean b) {
            return new JsonPrimitive(b);
        } else if (o instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(plain(x)));
            return a;
        } else if (o instanceof Map<?, ?> map) {
            JsonObject obj = new JsonObject();
            map.forEach((k, v) -> obj.add(String.valueOf(k), plain(v)));
            return obj;
        }
        return new JsonPrimitive(String.valueOf(o));
    }
}
