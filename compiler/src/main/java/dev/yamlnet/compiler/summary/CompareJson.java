package dev.yamlnet.compiler.summary;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.yamlnet.compiler.compare.ModelComparison;
import dev.yamlnet.compiler.compare.RowDiff;
import dev.yamlnet.compiler.compare.RowDiff.Field;
import dev.yamlnet.compiler.compare.RowDiff.Status;
import dev.yamlnet.compiler.compare.SpeedReport;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code yamlnet compare --json}: one document, a stable contract documented in {@code docs/cli.md}
 * (keys are only ever added). Layers are the objects of {@code summary --json}'s {@code layers[]}
 * with their {@code gflops} added, and totals are its {@code totals}.
 */
public final class CompareJson {
    private CompareJson() {}

    public static JsonObject toJson(List<ModelComparison> comparisons, Optional<SpeedReport> speed) {
        ModelIr base = comparisons.get(0).base();
        JsonObject root = new JsonObject();
        root.addProperty("imgsz", base.imgsz());
        JsonObject b = model(base);
        speed.ifPresent(s -> b.add("speed", timing(s.timings().get(0))));
        root.add("base", b);
        JsonArray changed = new JsonArray();
        for (int k = 0; k < comparisons.size(); k++) {
            ModelComparison c = comparisons.get(k);
            JsonObject o = model(c.changed());
            JsonObject counts = new JsonObject();
            for (Map.Entry<Status, Integer> e : c.counts().entrySet()) {
                counts.addProperty(e.getKey().id(), e.getValue());
            }
            o.add("counts", counts);
            JsonArray rows = new JsonArray();
            c.rows().forEach(r -> rows.add(row(r)));
            o.add("rows", rows);
            JsonObject deltas = new JsonObject();
            for (ModelComparison.Total t : c.totals()) {
                JsonObject d = new JsonObject();
                d.add("base", SummaryJson.number(t.base()));
                d.add("changed", SummaryJson.number(t.changed()));
                d.add("delta", SummaryJson.number(t.delta()));
                d.add(
                        "relative",
                        t.relative().isPresent()
                                ? new JsonPrimitive(t.relative().getAsDouble())
                                : JsonNull.INSTANCE);
                deltas.add(t.key(), d);
            }
            o.add("totals_delta", deltas);
            o.add(
                    "first_shape_divergence",
                    c.firstShapeDivergence().map(CompareJson::divergence).orElse(null));
            int index = k + 1;
            speed.filter(s -> s.timings().size() > index)
                    .ifPresent(s -> o.add("speed", timing(s.timings().get(index))));
            changed.add(o);
        }
        root.add("changed", changed);
        speed.ifPresent(s -> {
            JsonObject o = new JsonObject();
            o.addProperty("engine", s.engine());
            o.addProperty("warmup", s.warmup());
            o.add("threads", s.threads() == null ? JsonNull.INSTANCE : new JsonPrimitive(s.threads()));
            o.add("load_before", s.loadBefore() < 0 ? JsonNull.INSTANCE : new JsonPrimitive(s.loadBefore()));
            o.add("load_after", s.loadAfter() < 0 ? JsonNull.INSTANCE : new JsonPrimitive(s.loadAfter()));
            o.addProperty("cores", s.cores());
            root.add("speed", o);
        });
        return root;
    }

    public static String render(List<ModelComparison> comparisons, Optional<SpeedReport> speed) {
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .serializeNulls()
                        .create()
                        .toJson(toJson(comparisons, speed))
                + "\n";
    }

    private static JsonObject model(ModelIr m) {
        JsonObject o = new JsonObject();
        o.addProperty("model", m.name());
        o.addProperty("source", m.source());
        o.addProperty("scale", m.scale());
        o.add("totals", SummaryJson.totals(m));
        return o;
    }

    private static JsonObject row(RowDiff r) {
        JsonObject o = new JsonObject();
        o.addProperty("status", r.status().id());
        o.add("base", layer(r.base()));
        o.add("changed", layer(r.changed()));
        JsonArray differences = new JsonArray();
        for (Field f : r.differences()) {
            differences.add(f.id());
        }
        o.add("differences", differences);
        o.addProperty("params_delta", r.paramsDelta());
        o.addProperty("gflops_delta", r.gflopsDelta());
        return o;
    }

    private static com.google.gson.JsonElement layer(LayerIr l) {
        if (l == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = SummaryJson.layer(l);
        o.addProperty("gflops", RowDiff.gflops(l));
        return o;
    }

    private static JsonObject divergence(RowDiff r) {
        JsonObject o = new JsonObject();
        o.addProperty("base_index", r.base().index());
        o.addProperty("changed_index", r.changed().index());
        o.add("base_shape", SummaryJson.plain(Shape.toPlain(r.base().output())));
        o.add("changed_shape", SummaryJson.plain(Shape.toPlain(r.changed().output())));
        return o;
    }

    private static JsonObject timing(SpeedReport.Timing t) {
        JsonObject o = new JsonObject();
        o.addProperty("runs", t.runs());
        o.addProperty("min_ms", t.minMs());
        o.addProperty("median_ms", t.medianMs());
        return o;
    }
}
