package dev.yamlnet.compiler.diag;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.yamlnet.compiler.source.SourceFile;
import java.util.List;

/**
 * Machine-readable diagnostics for CI and editors: one JSON document
 * {@code {"file": ..., "errors": N, "warnings": N, "omitted": N, "diagnostics": [...]}} where each diagnostic has
 * {@code file, line, column, endLine, endColumn, severity, code, message, label, notes, hints}.
 * Lines and columns are 1-based; 0 means the problem concerns the whole file. For a model embedded in
 * a checkpoint (no text file to point into) lines and columns are 0 and {@code path} gives the key path
 * ({@code model.yaml.backbone[3]}) when the problem has a position.
 */
public final class JsonDiagnosticPrinter {
    private JsonDiagnosticPrinter() {}

    public static JsonObject toJson(SourceFile source, List<Diagnostic> diagnostics) {
        return toJson(source, diagnostics, 0, 0);
    }

    /**
     * The document for a file whose collector kept {@code diagnostics} and only counted
     * {@code hiddenErrors} and {@code hiddenWarnings} more: {@code errors} and {@code warnings} count
     * them all, {@code omitted} says how many are not listed.
     */
    public static JsonObject toJson(
            SourceFile source, List<Diagnostic> diagnostics, int hiddenErrors, int hiddenWarnings) {
        JsonObject root = new JsonObject();
        root.addProperty("file", source.name());
        root.addProperty(
                "errors", diagnostics.stream().filter(Diagnostic::isError).count() + hiddenErrors);
        root.addProperty(
                "warnings", diagnostics.stream().filter(d -> !d.isError()).count() + hiddenWarnings);
        root.addProperty("omitted", hiddenErrors + hiddenWarnings);
        JsonArray array = new JsonArray();
        for (Diagnostic d : diagnostics) {
            JsonObject o = new JsonObject();
            o.addProperty("file", source.name());
            boolean embedded = source.isEmbedded();
            o.addProperty("line", embedded ? 0 : d.span().line());
            o.addProperty("column", embedded ? 0 : d.span().column());
            o.addProperty("endLine", embedded ? 0 : d.span().endLine());
            o.addProperty("endColumn", embedded ? 0 : d.span().endColumn());
            if (embedded && d.span().isKnown()) {
                source.keyPath(d.span().line()).ifPresent(p -> o.addProperty("path", p));
            }
            o.addProperty("severity", d.severity().label());
            o.addProperty("code", d.code().name());
            o.addProperty("message", d.message());
            o.addProperty("label", d.label());
            JsonArray notes = new JsonArray();
            for (Note n : d.notes()) {
                JsonObject no = new JsonObject();
                no.addProperty("message", n.message());
                no.addProperty("line", embedded ? 0 : n.span().line());
                no.addProperty("column", embedded ? 0 : n.span().column());
                if (embedded && n.span().isKnown()) {
                    source.keyPath(n.span().line()).ifPresent(p -> no.addProperty("path", p));
                }
                notes.add(no);
            }
            o.add("notes", notes);
            JsonArray hints = new JsonArray();
            d.hints().forEach(hints::add);
            o.add("hints", hints);
            array.add(o);
        }
        root.add("diagnostics", array);
        return root;
    }

    public static String render(SourceFile source, List<Diagnostic> diagnostics) {
        return render(source, diagnostics, 0, 0);
    }

    public static String render(SourceFile source, List<Diagnostic> diagnostics, int hiddenErrors, int hiddenWarnings) {
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(toJson(source, diagnostics, hiddenErrors, hiddenWarnings))
                + "\n";
    }
}
