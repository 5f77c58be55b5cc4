package dev.yamlnet.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The globals a checkpoint may name, and what each one means. Anything else is refused where the
 * pickle names it ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code INST}), so a forbidden callable can
 * never reach {@code REDUCE}. What an allowed global does when called is fixed here by its
 * {@link Py.Kind}; no Python (or Java) code is looked up or run for it. {@code docs/checkpoints.md}
 * lists the same table.
 */
public final class Allowlist {
    private Allowlist() {}

    /** Class-name prefixes whose classes are kept as inert records: their name and state only. */
    public static final List<String> RECORD_PREFIXES = List.of("torch.nn.", "ultralytics.", "torchvision.transforms.");

    private static final Map<String, Py.Global> EXACT = new LinkedHashMap<>();
    /** Python module and class names: dotted identifiers, nothing else. */
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    static {
        exact("collections", "OrderedDict", Py.Kind.ORDERED_DICT);
        for (String builtins : List.of("builtins", "__builtin__")) {
            exact(builtins, "set", Py.Kind.SET);
            exact(builtins, "frozenset", Py.Kind.FROZENSET);
            exact(builtins, "getattr", Py.Kind.GETATTR);
        }
        exact("torch", "Size", Py.Kind.TORCH_SIZE);
        exact("torch._utils", "_rebuild_tensor_v2", Py.Kind.REBUILD_TENSOR);
        exact("torch._utils", "_rebuild_parameter", Py.Kind.REBUILD_PARAMETER);
        exact("torch._utils", "_rebuild_parameter_with_state", Py.Kind.REBUILD_PARAMETER_WITH_STATE);
        String[][] storages = {
            {"HalfStorage", "F16"},
            {"FloatStorage", "F32"},
            {"DoubleStorage", "F64"},
            {"BFloat16Storage", "BF16"},
            {"LongStorage", "I64"},
            {"IntStorage", "I32"},
            {"ShortStorage", "I16"},
            {"CharStorage", "I8"},
            {"ByteStorage", "U8"},
            {"BoolStorage", "BOOL"}
        };
        for (String[] s : storages) {
            EXACT.put("torch." + s[0], new Py.Global("torch", s[0], Py.Kind.STORAGE, s[1]));
        }
        exact("numpy", "dtype", Py.Kind.NUMPY_DTYPE);
        exact("numpy", "ndarray", Py.Kind.RECORD);
        for (String multiarray : List.of("numpy.core.multiarray", "numpy._core.multiarray")) {
            exact(multiarray, "scalar", Py.Kind.NUMPY_SCALAR);
            exact(multiarray, "_reconstruct", Py.Kind.NUMPY_RECONSTRUCT);
        }
        exact("_codecs", "encode", Py.Kind.CODECS_ENCODE);
        for (String path :
                List.of("Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath", "PureWindowsPath")) {
            exact("pathlib", path, Py.Kind.PATH);
        }
    }

    private static void exact(String module, String name, Py.Kind kind) {
        EXACT.put(module + "." + name, new Py.Global(module, name, kind, null));
    }

    /** The globals allowed by exact name, as {@code module.name}, in the order of the table above. */
    public static List<String> exactNames() {
        return List.copyOf(EXACT.keySet());
    }

    /** Whether {@code module.name} may appear in a checkpoint. */
    public static boolean allows(String module, String name) {
        return find(module, name) != null;
    }

    /** The global, or a refusal naming it. */
    static Py.Global lookup(String module, String name) throws ForbiddenGlobalException {
        Py.Global g = find(module, name);
        if (g == null) {
            String shown = printable(module) + "." + printable(name);
            throw new ForbiddenGlobalException(
                    shown,
                    "refusing global '" + shown + "': a checkpoint may reference only "
                            + "tensors, storages, OrderedDict, set, numpy scalars and the classes of torch.nn, ultralytics and "
                            + "torchvision.transforms (kept as inert records); nothing from the file was run");
        }
        return g;
    }

    private static Py.Global find(String module, String name) {
        if (module == null
                || name == null
                || !DOTTED.matcher(module).matches()
                || !DOTTED.matcher(name).matches()) {
            return null;
        }
        Py.Global g = EXACT.get(module + "." + name);
        if (g != null) {
            return g;
        }
        String qualified = module + "." + name;
        for (String prefix : RECORD_PREFIXES) {
            if (qualified.startsWith(prefix)) {
                return new Py.Global(module, name, Py.Kind.RECORD, null);
            }
        }
        return null;
    }

    /** At most 80 characters, control characters as '?': a name from a hostile file goes into messages. */
    static String printable(String s) {
        if (s == null) {
            return "None";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .limit(80)
                .forEach(cp -> b.appendCodePoint(cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) ? cp : '?'));
        return s.codePointCount(0, s.length()) > 80 ? b + "..." : b.toString();
    }
}
