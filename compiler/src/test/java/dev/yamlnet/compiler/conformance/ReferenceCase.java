package dev.yamlnet.compiler.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One configuration Ultralytics 8.4.117 was run on, with what it printed (test resources under
 * {@code conformance/}, copied from the project's reference data), and the yamlnet inputs that
 * describe the same model: our own YAML file, the name the user asks for, scale and image size.
 */
public record ReferenceCase(
        String id, JsonObject reference, Path yaml, String requestedName, Optional<String> scale, int imgsz) {

    @Override
    public String toString() {
        return id;
    }

    /** Stock-model references: {@code examples/yaml/<yaml>} requested as {@code <yaml_request>}. */
    public static List<ReferenceCase> stock() {
        List<ReferenceCase> out = new ArrayList<>();
        for (String name : list("conformance/reference")) {
            JsonObject ref = read("conformance/reference/" + name);
            Path yaml = TestPaths.examples().resolve(ref.get("yaml").getAsString());
            String request = ref.get("yaml_request").getAsString();
            out.add(new ReferenceCase(
                    name.replace(".json", ""),
                    ref,
                    yaml,
                    request,
                    Optional.empty(),
                    ref.get("imgsz").getAsInt()));
        }
        return out;
    }

    /** The parity fixtures' references: tiny scale {@code t}, built from a dict (the scale is forced). */
    public static List<ReferenceCase> fixtures() {
        List<ReferenceCase> out = new ArrayList<>();
        for (String name : list("conformance/fixtures")) {
            if (!name.endsWith(".json")) {
                continue;
            }
            JsonObject ref = read("conformance/fixtures/" + name);
            String id = name.replace(".json", "");
            Path yaml = resource("conformance/fixtures/" + id + ".yaml");
            // Ultralytics titled these after the family file (yaml_file), e.g. "YOLOv8 summary"
            String request = ref.get("yaml").getAsString();
            out.add(new ReferenceCase(
                    id, ref, yaml, request, Optional.of("t"), ref.get("imgsz").getAsInt()));
        }
        return out;
    }

    public static List<ReferenceCase> all() {
        List<ReferenceCase> out = new ArrayList<>(stock());
        out.addAll(fixtures());
        return out;
    }

    /** Ultralytics' shape structure with the batch dimension removed from every tensor. */
    public static Object withoutBatch(JsonElement e) {
        if (e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(en -> m.put(en.getKey(), withoutBatch(en.getValue())));
            return m;
        }
        var arr = e.getAsJsonArray();
        if (arr.size() > 0 && arr.get(0).isJsonPrimitive()) {
            List<Long> dims = new ArrayList<>();
            for (int i = 1; i < arr.size(); i++) {
                dims.add(arr.get(i).getAsLong());
            }
            return dims;
        }
        List<Object> items = new ArrayList<>();
        arr.forEach(x -> items.add(withoutBatch(x)));
        return items;
    }

    static JsonObject read(String resource) {
        try (InputStream in = ReferenceCase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A test resource as a path, also when it is read from this module's test jar (the DJL and CLI
     * modules' tests replay the same reference data).
     */
    public static synchronized Path resource(String name) {
        try {
            java.net.URI uri =
                    ReferenceCase.class.getClassLoader().getResource(name).toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    java.nio.file.FileSystems.getFileSystem(uri);
                } catch (java.nio.file.FileSystemNotFoundException e) {
                    java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
                }
            }
            return Path.of(uri);
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static List<String> list(String dir) {
        try (var files = java.nio.file.Files.list(resource(dir))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
