package dev.yamlnet.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Ultralytics checkpoint ({@code best.pt}, {@code last.pt}) read without running anything from it:
 * the embedded model YAML, class names, stride, task, training arguments and the state dict.
 *
 * <pre>{@code
 * Checkpoint ckpt = Checkpoint.read(Path.of("best.pt"));
 * ckpt.yaml();        // the model YAML dict Ultralytics built the model from, in key order
 * ckpt.names();       // {0=person, 1=bicycle, ...}
 * ckpt.stateDict();   // model.0.conv.weight -> float32 tensor, ...
 * }</pre>
 *
 * <p>The file is the zip {@code torch.save} writes; its {@code data.pkl} is read by a restricted
 * unpickler ({@link Allowlist}): globals outside the allowlist are refused by name, module classes are
 * inert records, and every length, shape, stride and offset read from the file is checked before use.
 * The model is taken from {@code ema} when it holds one, else from {@code model}, as Ultralytics'
 * {@code load_checkpoint} does, so stripped ({@code best.pt}) and unstripped ({@code last.pt}) files
 * both work; a file that holds a bare state dict ({@code torch.save(model.state_dict())}) gives the
 * state dict and nothing else. {@code num_batches_tracked} buffers are left out.
 */
public final class Checkpoint {
    private final String root;
    private final String modelKey;
    private final String modelClass;
    private final Map<String, Object> yaml;
    private final Map<Integer, String> names;
    private final List<Double> stride;
    private final String task;
    private final Map<String, Object> trainArgs;
    private final String version;
    private final Map<String, CheckpointTensor> stateDict;
    private final Set<String> globals;

    private Checkpoint(
            String root,
            String modelKey,
            String modelClass,
            Map<String, Object> yaml,
            Map<Integer, String> names,
            List<Double> stride,
            String task,
            Map<String, Object> trainArgs,
            String version,
            Map<String, CheckpointTensor> stateDict,
            Set<String> globals) {
        this.root = root;
        this.modelKey = modelKey;
        this.modelClass = modelClass;
        this.yaml = yaml;
        this.names = names;
        this.stride = stride;
        this.task = task;
        this.trainArgs = trainArgs;
        this.version = version;
        this.stateDict = stateDict;
        this.globals = globals;
    }

    /** Reads a checkpoint with the default limits. */
    public static Checkpoint read(Path file) throws CheckpointException {
        return read(file, CheckpointLimits.DEFAULT);
    }

    /** Reads a checkpoint; nothing in it is run, and every problem is a {@link CheckpointException}. */
    public static Checkpoint read(Path file, CheckpointLimits limits) throws CheckpointException {
        try (Archive archive = Archive.open(file, limits)) {
            SafeUnpickler unpickler = new SafeUnpickler(archive, limits);
            Object top = unpickler.read(archive.pickle());
            Graph.check(top, limits.maxDepth());
            return new Reader(archive, limits).interpret(top, unpickler.globals());
        }
    }

    /**
     * Whether a path names a checkpoint rather than a model YAML or a weight file of another format:
     * a {@code .pt} or {@code .pth} name, or a zip whose entries include {@code <root>/data.pkl}.
     */
    public static boolean isCheckpoint(Path file) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pt") || name.endsWith(".pth")) {
            return true;
        }
        if (!Files.isRegularFile(file)) {
            return false; // a device or a pipe is never sniffed: reading it could block or never end
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.stream().anyMatch(e -> {
                int slash = e.getName().indexOf('/');
                return slash > 0 && e.getName().substring(slash).equals("/data.pkl");
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The archive's root folder, named after the file torch wrote ({@code best}, {@code archive}, ...). */
    public String root() {
        return root;
    }

    /** Where the model came from: {@code "ema"}, {@code "model"}, or {@code ""} for a bare state dict. */
    public String modelKey() {
        return modelKey;
    }

    /** The model's Python class ({@code ultralytics.nn.tasks.DetectionModel}), {@code ""} for a bare state dict. */
    public String modelClass() {
        return modelClass;
    }

    /**
     * The model YAML dict the model was built from ({@code model.yaml}), as plain Java in key order:
     * {@code Map} (nested maps {@code Map<Object, Object>}), {@code List} (Python lists and tuples),
     * {@code String}, {@code Long}, {@code BigInteger}, {@code Double}, {@code Boolean}, {@code null}.
     * Empty when the checkpoint has none (a bare state dict).
     */
    public Optional<Map<String, Object>> yaml() {
        return Optional.ofNullable(yaml);
    }

    /** Class index to name, in the checkpoint's order; empty when it has none. */
    public Map<Integer, String> names() {
        return names;
    }

    /** The model's strides ({@code [8.0, 16.0, 32.0]}); empty when it has none. */
    public List<Double> stride() {
        return stride;
    }

    /** {@code detect}, {@code segment}, {@code pose}, {@code obb} or {@code classify}, when known. */
    public Optional<String> task() {
        return Optional.ofNullable(task);
    }

    /** The training arguments ({@code train_args}) as plain Java; empty when there are none. */
    public Map<String, Object> trainArgs() {
        return trainArgs;
    }

    /** The training image size ({@code train_args.imgsz}): one value, or height and width; empty when unknown. */
    public List<Integer> imgsz() {
        Object v = trainArgs.get("imgsz");
        if (v instanceof Long l && l > 0 && l <= Integer.MAX_VALUE) {
            return List.of(l.intValue());
        }
        if (v instanceof List<?> list && !list.isEmpty() && list.size() <= 2) {
            List<Integer> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Long l) || l <= 0 || l > Integer.MAX_VALUE) {
                    return List.of();
                }
                out.add(l.intValue());
            }
            return List.copyOf(out);
        }
        return List.of();
    }

    /** The Ultralytics version that wrote the file ({@code version}), when recorded. */
    public Optional<String> ultralyticsVersion() {
        return Optional.ofNullable(version);
    }

    /** The model's state dict in PyTorch's order, every tensor float32; {@code num_batches_tracked} left out. */
    public Map<String, CheckpointTensor> stateDict() {
        return stateDict;
    }

    /** Every global the pickle named, as {@code module.name}, sorted. */
    public Set<String> globals() {
        return globals;
    }

    // ---- reading the unpickled graph -----------------------------------------------------------------

    /** Turns the checked object graph into a checkpoint; recursion here is bounded by the depth check. */
    private static final class Reader {
        private final Archive archive;
        private final CheckpointLimits limits;
        private final Map<String, byte[]> storageBytes = new HashMap<>();
        private long elements;

        Reader(Archive archive, CheckpointLimits limits) {
            this.archive = archive;
            this.limits = limits;
        }

        Checkpoint interpret(Object top, Set<String> globals) throws CheckpointException {
            if (!(top instanceof Map<?, ?> ckpt)) {
                throw new CheckpointException("the pickle holds a " + Py.typeName(top) + ", not a checkpoint dict");
            }
            Object model = null;
            String key = "";
            if (ckpt.containsKey("ema") || ckpt.containsKey("model")) {
                Object ema = ckpt.get("ema");
                key = truthy(ema) ? "ema" : "model";
                model = truthy(ema) ? ema : ckpt.get("model");
            } else if (!ckpt.isEmpty() && ckpt.values().stream().allMatch(v -> v instanceof Py.TensorRef)) {
                return bareStateDict(ckpt, globals);
            } else {
                throw new CheckpointException(
                        "not an Ultralytics checkpoint: it has no 'model' or 'ema' entry, and it is "
                                + "not a state dict (its keys: " + keyList(ckpt) + ")");
            }
            if (!(model instanceof Py.Instance m)) {
                throw new CheckpointException(
                        model == null
                                ? "the checkpoint holds no model: 'ema' and 'model' are both None"
                                : "'" + key + "' holds a " + Py.typeName(model) + ", not a model object");
            }
            Map<String, Py.TensorRef> refs = new LinkedHashMap<>();
            collect(m, "", refs, key);
            Map<String, CheckpointTensor> state = tensors(refs);

            Map<String, Object> yaml = null;
            Object y = m.state.get("yaml");
            if (y instanceof Map<?, ?> ym) {
                yaml = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ym.entrySet()) {
                    if (!(e.getKey() instanceof String k)) {
                        throw new CheckpointException("model.yaml has a " + Py.typeName(e.getKey())
                                + " key; top-level keys of a " + "model YAML are names");
                    }
                    yaml.put(k, plain(e.getValue(), "model.yaml" + keyPath(k), true));
                }
                yaml = Collections.unmodifiableMap(yaml);
            } else if (y != null) {
                throw new CheckpointException("model.yaml is a " + Py.typeName(y) + ", not the model YAML dict");
            }
            Map<String, Object> trainArgs =
                    ckpt.get("train_args") instanceof Map<?, ?> || ckpt.get("train_args") instanceof Py.Instance
                            ? asMap(plain(ckpt.get("train_args"), "train_args", false))
                            : Map.of();
            Map<String, Object> modelArgs =
                    m.state.get("args") instanceof Map<?, ?> || m.state.get("args") instanceof Py.Instance
                            ? asMap(plain(m.state.get("args"), "model.args", false))
                            : Map.of();
            String task = trainArgs.get("task") instanceof String t
                    ? t
                    : modelArgs.get("task") instanceof String t2 ? t2 : taskOfClass(m.className);
            String version = ckpt.get("version") instanceof String v ? v : null;
            return new Checkpoint(
                    archive.root(),
                    key,
                    m.className,
                    yaml,
                    names(m.state.get("names")),
                    stride(m.state.get("stride")),
                    task,
                    trainArgs.isEmpty() ? modelArgs : trainArgs,
                    version,
                    state,
                    Collections.unmodifiableSet(globals));
        }

        private Checkpoint bareStateDict(Map<?, ?> ckpt, Set<String> globals) throws CheckpointException {
            Map<String, Py.TensorRef> refs = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ckpt.entrySet()) {
                if (!(e.getKey() instanceof String name)) {
                    throw new CheckpointException(
                            "the state dict has a " + Py.typeName(e.getKey()) + " key, not a tensor name");
                }
                if (!ignored(name)) {
                    refs.put(name, (Py.TensorRef) e.getValue());
                }
            }
            return new Checkpoint(
                    archive.root(),
                    "",
                    "",
                    null,
                    Map.of(),
                    List.of(),
                    null,
                    Map.of(),
                    null,
                    tensors(refs),
                    Collections.unmodifiableSet(globals));
        }

        /** PyTorch's state_dict(): own parameters, persistent buffers, then each child module, by name. */
        private void collect(Py.Instance module, String prefix, Map<String, Py.TensorRef> out, String where)
                throws CheckpointException {
            Object params = module.state.get("_parameters");
            Object buffers = module.state.get("_buffers");
            Object children = module.state.get("_modules");
            if (!(params instanceof Map<?, ?> p)
                    || !(buffers instanceof Map<?, ?> b)
                    || !(children instanceof Map<?, ?> c)) {
                throw new CheckpointException(where + " is a " + module.className
                        + " without _parameters, _buffers and " + "_modules: not a torch module");
            }
            Object np = module.state.get("_non_persistent_buffers_set");
            Set<?> nonPersistent = np instanceof Set<?> s ? s : Set.of();
            tensorsOf(p, prefix, out, where + "._parameters", Set.of());
            tensorsOf(b, prefix, out, where + "._buffers", nonPersistent);
            for (Map.Entry<?, ?> e : c.entrySet()) {
                if (!(e.getKey() instanceof String name)) {
                    throw new CheckpointException(where + "._modules has a " + Py.typeName(e.getKey()) + " key");
                }
                if (e.getValue() == null) {
                    continue;
                }
                if (!(e.getValue() instanceof Py.Instance child)) {
                    throw new CheckpointException(where + "._modules['" + Allowlist.printable(name) + "'] is a "
                            + Py.typeName(e.getValue()) + ", not a module");
                }
                collect(child, prefix + name + ".", out, where + "." + name);
            }
        }

        private static void tensorsOf(
                Map<?, ?> map, String prefix, Map<String, Py.TensorRef> out, String where, Set<?> skip)
                throws CheckpointException {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String name)) {
                    throw new CheckpointException(where + " has a " + Py.typeName(e.getKey()) + " key");
                }
                if (e.getValue() == null || skip.contains(name) || ignored(prefix + name)) {
                    continue;
                }
                if (!(e.getValue() instanceof Py.TensorRef t)) {
                    throw new CheckpointException(where + "['" + Allowlist.printable(name) + "'] is a "
                            + Py.typeName(e.getValue()) + ", not a tensor");
                }
                out.put(prefix + name, t);
            }
        }

        private static boolean ignored(String name) {
            return name.equals("num_batches_tracked") || name.endsWith(".num_batches_tracked");
        }

        private Map<String, CheckpointTensor> tensors(Map<String, Py.TensorRef> refs) throws CheckpointException {
            Map<String, CheckpointTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, Py.TensorRef> e : refs.entrySet()) {
                out.put(e.getKey(), tensor(e.getKey(), e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }

        private CheckpointTensor tensor(String name, Py.TensorRef t) throws CheckpointException {
            elements += t.numel();
            if (elements > limits.maxTotalElements()) {
                throw new CheckpointException(
                        "the state dict has more than " + limits.maxTotalElements() + " elements (the limit)");
            }
            byte[] bytes = storageBytes.get(t.storage().key());
            if (bytes == null) {
                bytes = archive.bytes(t.storage());
                storageBytes.put(t.storage().key(), bytes);
            }
            return new CheckpointTensor(name, t.storage().dtype(), t.size(), Tensors.floats(t, bytes, archive.order()));
        }

        private static Map<Integer, String> names(Object o) {
            Map<Integer, String> out = new LinkedHashMap<>();
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getKey() instanceof Long k
                            && k >= 0
                            && k <= Integer.MAX_VALUE
                            && e.getValue() instanceof String v) {
                        out.put(k.intValue(), v);
                    }
                }
            } else if (o instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof String v) {
                        out.put(i, v);
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        }

        private List<Double> stride(Object o) throws CheckpointException {
            List<Double> out = new ArrayList<>();
            if (o instanceof Py.TensorRef t && t.numel() <= 64) {
                for (float f : tensor("stride", t).data()) {
                    out.add((double) f);
                }
            } else if (o instanceof List<?> list) {
                for (Object v : list) {
                    if (v instanceof Number n) {
                        out.add(n.doubleValue());
                    }
                }
            }
            return List.copyOf(out);
        }

        private static String taskOfClass(String className) {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return switch (simple) {
                case "DetectionModel", "WorldModel", "YOLOEModel", "RTDETRDetectionModel" -> "detect";
                case "SegmentationModel", "YOLOESegModel" -> "segment";
                case "PoseModel" -> "pose";
                case "OBBModel" -> "obb";
                case "ClassificationModel" -> "classify";
                default -> null;
            };
        }
    }

    /** Python truthiness, as {@code ckpt.get("ema") or ckpt["model"]} applies it. */
    private static boolean truthy(Object o) {
        if (o == null || Boolean.FALSE.equals(o)) {
            return false;
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (o instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        return !(o instanceof Number n) || n.doubleValue() != 0;
    }

    /**
     * Plain Java of a value. {@code strict} (the model YAML): anything but data is an error naming its key
     * path. Otherwise (training arguments) an object of a record class becomes a map of its state and any
     * other non-data value the text {@code <type>}.
     */
    private static Object plain(Object o, String path, boolean strict) throws CheckpointException {
        if (o == null || o instanceof String || o instanceof Boolean || o instanceof Double) {
            return o;
        }
        if (o instanceof Integer i) {
            return Long.valueOf(i);
        }
        if (o instanceof Long) {
            return o;
        }
        if (o instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (o instanceof Object[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (int i = 0; i < a.length; i++) {
                out.add(plain(a[i], path + "[" + i + "]", strict));
            }
            return Collections.unmodifiableList(out);
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(plain(l.get(i), path + "[" + i + "]", strict));
            }
            return Collections.unmodifiableList(out);
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = plain(e.getKey(), path + "{key}", strict);
                out.put(k, plain(e.getValue(), path + keyPath(k), strict));
            }
            return Collections.unmodifiableMap(out);
        }
        if (o instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            int i = 0;
            for (Object v : s) {
                out.add(plain(v, path + "{" + i++ + "}", strict));
            }
            return Collections.unmodifiableSet(out);
        }
        if (strict) {
            throw new CheckpointException(
                    path + " is a " + Py.typeName(o) + ", not plain data (a number, string, list or " + "dict)");
        }
        if (o instanceof Py.Instance i && i.otherState == null) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : i.state.entrySet()) {
                out.put(e.getKey(), plain(e.getValue(), path + keyPath(e.getKey()), false));
            }
            return Collections.unmodifiableMap(out);
        }
        return "<" + Py.typeName(o) + ">";
    }

    /** {@code .backbone} for a name, {@code ['a b']} or {@code [3]} otherwise. */
    static String keyPath(Object key) {
        if (key instanceof String s && s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return "." + s;
        }
        if (key instanceof String s) {
            return "['" + Allowlist.printable(s).replace("\\", "\\\\").replace("'", "\\'") + "']";
        }
        return "[" + key + "]";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<Object, Object>) m).entrySet()) {
            if (e.getKey() instanceof String k) {
                out.put(k, e.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String keyList(Map<?, ?> m) {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) {
            if (keys.size() == 8) {
                keys.add("...");
                break;
            }
            keys.add(k instanceof String s ? Allowlist.printable(s) : Py.typeName(k));
        }
        return String.join(", ", keys);
    }
}
