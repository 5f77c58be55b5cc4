package dev.yamlnet.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler restricted to what a checkpoint needs. Pyrolite reads the opcodes, scalars,
 * strings, tuples, lists and the memo; everything that could make or call an object is handled here
 * instead:
 *
 * <ul>
 *   <li>globals ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code INST}) go through the {@link Allowlist}
 *       and are refused by name when not on it; Pyrolite's own constructor registry, which turns
 *       unknown classes into dictionaries, is never consulted;
 *   <li>{@code REDUCE}, {@code NEWOBJ}, {@code NEWOBJ_EX}, {@code OBJ} and {@code INST} only apply an
 *       allowed global's fixed meaning ({@link Py.Kind}) to checked arguments; {@code BUILD} only sets
 *       the state of an inert record (Pyrolite would call a {@code __setstate__} method by reflection);
 *   <li>dictionaries keep pickle order ({@code LinkedHashMap}; Pyrolite's {@code SETITEMS} loses it),
 *       and refuse unhashable keys, so no Java {@code hashCode} ever recurses into the file's data;
 *   <li>a length read from the file is checked against the bytes that are left before anything is
 *       allocated for it, and the opcodes run are counted (each makes or pushes at most one value);
 *   <li>persistent ids become {@link Py.Storage}s checked against the archive.
 * </ul>
 */
final class SafeUnpickler extends Unpickler {
    /** Python's own limit on the digits of an int read from text (sys.get_int_max_str_digits). */
    private static final int MAX_INT_DIGITS = 4300;

    private static final int MAX_LONG_BYTES = 1024;

    private final Archive archive;
    private final CheckpointLimits limits;
    private final Set<String> globals = new TreeSet<>();
    private Input in;
    private long opcodes;

    /** A refusal thrown from inside Pyrolite's loop, unwrapped by {@link #read}. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(CheckpointException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** The pickle bytes, with the position and what is left visible for length checks. */
    private static final class Input extends ByteArrayInputStream {
        Input(byte[] data) {
            super(data);
        }

        int position() {
            return pos;
        }

        int remaining() {
            return count - pos;
        }

        /** The little-endian unsigned integer of {@code n} bytes after the opcode, without consuming it. */
        long peekLength(int n) {
            if (remaining() < n) {
                return Long.MAX_VALUE;
            }
            long v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (buf[pos + i] & 0xff);
            }
            return n == 8 && v < 0 ? Long.MAX_VALUE : v;
        }
    }

    SafeUnpickler(Archive archive, CheckpointLimits limits) {
        this.archive = archive;
        this.limits = limits;
    }

    /** The globals the pickle named, as {@code module.name}, sorted. */
    Set<String> globals() {
        return globals;
    }

    Object read(byte[] data) throws CheckpointException {
        in = new Input(data);
        try {
            return load(in);
        } catch (Refusal r) {
            throw (CheckpointException) r.getCause();
        } catch (IOException | RuntimeException e) {
            // Pyrolite's own errors (bad opcode, memo key, premature end) and type errors from a stack
            // that holds the wrong things: a malformed pickle either way
            String what = e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName()
                    : e.getMessage();
            throw new CheckpointException(
                    "malformed pickle (data.pkl, byte " + Math.max(in.position() - 1, 0) + "): "
                            + Allowlist.printable(what),
                    e);
        } finally {
            close();
        }
    }

    private static Refusal refuse(String message) {
        return new Refusal(new CheckpointException(message));
    }

    /** Every opcode makes or pushes at most one value: counting them bounds the memory a pickle can take. */
    private void count() {
        if (++opcodes > limits.maxOpcodes()) {
            throw refuse("the pickle runs more than " + limits.maxOpcodes() + " opcodes (the limit)");
        }
    }

    private void checkLength(int prefixBytes, long max) {
        long n = in.peekLength(prefixBytes);
        if (n > in.remaining() - prefixBytes || n > max) {
            throw refuse("malformed pickle (data.pkl, byte " + (in.position() - 1) + "): a length of " + n
                    + " bytes, but only " + Math.max(in.remaining() - prefixBytes, 0) + " are left");
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        count();
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(global(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw refuse("malformed pickle: STACK_GLOBAL on a " + Py.typeName(module) + " and a "
                            + Py.typeName(name));
                }
                stack.add(global(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                Py.Global g = global(module, name);
                stack.add(call(g, stack.pop_all_since_marker().toArray()));
            }
            case Opcodes.OBJ -> {
                List<Object> items = stack.pop_all_since_marker();
                if (items.isEmpty()) {
                    throw refuse("malformed pickle: OBJ without a class");
                }
                stack.add(call(items.get(0), items.subList(1, items.size()).toArray()));
            }
            case Opcodes.REDUCE, Opcodes.NEWOBJ -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(call(callable, tuple(args, key == Opcodes.REDUCE ? "REDUCE" : "NEWOBJ")));
            }
            case Opcodes.NEWOBJ_EX -> {
                Object kwargs = stack.pop();
                Object args = stack.pop();
                Object callable = stack.pop();
                if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty()) {
                    throw refuse("refusing NEWOBJ_EX with keyword arguments on " + Py.typeName(callable));
                }
                stack.add(call(callable, tuple(args, "NEWOBJ_EX")));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                build(stack.peek(), state);
            }
            case Opcodes.EMPTY_DICT -> {
                stack.add(new LinkedHashMap<Object, Object>());
            }
            case Opcodes.DICT -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                putAll(map, stack.pop_all_since_marker());
                stack.add(map);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                dict(stack.peek()).put(hashable(k), value);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putAll(dict(stack.peek()), items);
            }
            case Opcodes.EMPTY_SET -> {
                stack.add(new LinkedHashSet<Object>());
            }
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                Set<Object> set = set(stack.peek());
                for (Object o : items) {
                    set.add(hashable(o));
                }
            }
            case Opcodes.FROZENSET -> {
                Set<Object> set = new LinkedHashSet<>();
                for (Object o : stack.pop_all_since_marker()) {
                    set.add(hashable(o));
                }
                stack.add(set);
            }
            case Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.BINSTRING -> {
                checkLength(4, Integer.MAX_VALUE);
                return super.dispatch(key);
            }
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                checkLength(8, Integer.MAX_VALUE);
                return super.dispatch(key);
            }
            case Opcodes.LONG4 -> {
                checkLength(4, MAX_LONG_BYTES);
                return super.dispatch(key);
            }
            case Opcodes.LONG -> {
                String text = PickleUtils.readline(input);
                if (text.length() > MAX_INT_DIGITS + 1) {
                    throw refuse("the pickle has an integer of " + text.length()
                            + " digits, more than Python itself reads (" + MAX_INT_DIGITS + ")");
                }
                String digits = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
                stack.add(PickleUtils.optimizeBigint(new BigInteger(digits.trim())));
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private Py.Global global(String module, String name) {
        try {
            Py.Global g = Allowlist.lookup(module, name);
            globals.add(g.qualified());
            return g;
        } catch (ForbiddenGlobalException e) {
            throw new Refusal(e);
        }
    }

    private static Object[] tuple(Object args, String op) {
        if (args instanceof Object[] a) {
            return a;
        }
        throw refuse("malformed pickle: " + op + " with a " + Py.typeName(args) + " where the argument tuple belongs");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object target) {
        if (target instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw refuse("malformed pickle: setting items on a " + Py.typeName(target) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> set(Object target) {
        if (target instanceof LinkedHashSet<?> s) {
            return (Set<Object>) s;
        }
        throw refuse("malformed pickle: adding items to a " + Py.typeName(target) + ", not a set");
    }

    private static void putAll(Map<Object, Object> map, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw refuse("malformed pickle: a dict built from an odd number of items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            map.put(hashable(items.get(i)), items.get(i + 1));
        }
    }

    /**
     * A dict key or set element: what Python can hash. Lists, dicts and sets cannot be keys in Python;
     * refusing them also keeps Java from hashing (recursively) into nested data. ints become Long, so
     * that 1 read as BININT1 and 1 read as LONG1 are one key, as in Python.
     */
    private static Object hashable(Object k) {
        if (k instanceof Collection<?> || k instanceof Map<?, ?>) {
            throw refuse("malformed pickle: a " + Py.typeName(k)
                    + " used as a dict key or set element (unhashable in Python)");
        }
        return k instanceof Integer i ? Long.valueOf(i) : k;
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** REDUCE and its relatives: an allowed global's fixed meaning applied to checked arguments. */
    private Object call(Object callable, Object[] args) {
        if (!(callable instanceof Py.Global g)) {
            throw refuse("refusing to call a " + Py.typeName(callable)
                    + ": only allowlisted classes and functions can be " + "called, and only with their fixed meaning");
        }
        return switch (g.kind()) {
            case RECORD -> new Py.Instance(g.qualified(), List.of(args));
            case ORDERED_DICT -> orderedDict(args);
            case SET, FROZENSET -> set(g, args);
            case GETATTR -> member(args);
            case TORCH_SIZE -> torchSize(args);
            case REBUILD_TENSOR -> rebuildTensor(args);
            case REBUILD_PARAMETER -> parameter(g, args, 3);
            case REBUILD_PARAMETER_WITH_STATE -> parameter(g, args, 4);
            case STORAGE ->
                throw refuse("refusing to call " + g.qualified() + ": storages are only read from the archive");
            case NUMPY_DTYPE -> numpyDtype(args);
            case NUMPY_SCALAR -> numpyScalar(args);
            case NUMPY_RECONSTRUCT -> numpyReconstruct(g, args);
            case CODECS_ENCODE -> encode(args);
            case PATH -> path(g, args);
        };
    }

    private static Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 0) {
            return map;
        }
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object p : pairs) {
                Object[] kv = p instanceof Object[] a ? a : p instanceof List<?> l ? l.toArray() : null;
                if (kv == null || kv.length != 2) {
                    throw refuse(
                            "refusing OrderedDict(...) built from a " + Py.typeName(p) + ", not (key, value) pairs");
                }
                map.put(hashable(kv[0]), kv[1]);
            }
            return map;
        }
        throw refuse("refusing collections.OrderedDict called with " + args.length + " arguments");
    }

    private static Object set(Py.Global g, Object[] args) {
        Set<Object> set = new LinkedHashSet<>();
        if (args.length == 1
                && (args[0] instanceof List<?> || args[0] instanceof Object[] || args[0] instanceof Set<?>)) {
            Iterable<?> items = args[0] instanceof Object[] a ? Arrays.asList(a) : (Iterable<?>) args[0];
            for (Object o : items) {
                set.add(hashable(o));
            }
        } else if (args.length != 0) {
            throw refuse("refusing " + g.qualified() + " called with a "
                    + (args.length == 1 ? Py.typeName(args[0]) : args.length + " arguments"));
        }
        return set;
    }

    private static Object member(Object[] args) {
        if (args.length == 2
                && args[0] instanceof Py.Global cls
                && cls.kind() == Py.Kind.RECORD
                && args[1] instanceof String name
                && name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return new Py.Member(cls.qualified(), name);
        }
        throw refuse("refusing getattr on " + (args.length > 0 ? Py.typeName(args[0]) : "nothing")
                + ": getattr is allowed only "
                + "to name a member of an allowlisted class (an enum value such as InterpolationMode.BILINEAR)");
    }

    private Object torchSize(Object[] args) {
        if (args.length == 1 && args[0] instanceof Object[] dims) {
            return dims(dims, "torch.Size");
        }
        throw refuse("refusing torch.Size called with "
                + (args.length == 1 ? "a " + Py.typeName(args[0]) : args.length + " arguments"));
    }

    /** A tuple of non-negative ints, at most {@link CheckpointLimits#maxDims} long, as a tuple of Longs. */
    private Object[] dims(Object[] dims, String what) {
        if (dims.length > limits.maxDims()) {
            throw refuse(what + " has " + dims.length + " dimensions, more than the limit of " + limits.maxDims());
        }
        Object[] out = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = nonNegative(dims[i], what);
        }
        return out;
    }

    private static long nonNegative(Object o, String what) {
        if ((o instanceof Integer || o instanceof Long) && ((Number) o).longValue() >= 0) {
            return ((Number) o).longValue();
        }
        throw refuse(what + " holds " + (o instanceof Number n ? n : "a " + Py.typeName(o))
                + " where a size, stride or offset " + "(a non-negative int) belongs");
    }

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
    private Object rebuildTensor(Object[] a) {
        if ((a.length != 6 && a.length != 7)
                || !(a[0] instanceof Py.Storage storage)
                || !(a[2] instanceof Object[] size)
                || !(a[3] instanceof Object[] stride)) {
            throw refuse("refusing torch._utils._rebuild_tensor_v2 with arguments (" + types(a)
                    + "); expected (storage, " + "offset, size, stride, requires_grad, hooks)");
        }
        long offset = nonNegative(a[1], "a tensor's storage offset");
        long[] s = longs(dims(size, "a tensor's size"));
        long[] st = longs(dims(stride, "a tensor's stride"));
        if (s.length != st.length) {
            throw refuse("a tensor has a size of " + s.length + " dimensions but a stride of " + st.length);
        }
        String shape = shapeText(s);
        long numel = 1;
        long last = offset;
        try {
            for (int d = 0; d < s.length; d++) {
                numel = Math.multiplyExact(numel, s[d]);
            }
            if (numel > limits.maxTensorElements()) {
                throw refuse("a tensor of shape " + shape + " has " + numel + " elements, more than the limit of "
                        + limits.maxTensorElements());
            }
            if (numel > 0) {
                for (int d = 0; d < s.length; d++) {
                    last = Math.addExact(last, Math.multiplyExact(s[d] - 1, st[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw refuse(
                    "a tensor of shape " + shape + " and stride " + shapeText(st) + " overflows 64-bit arithmetic");
        }
        if (numel > 0 ? last >= storage.numel() : offset > storage.numel()) {
            throw refuse("a tensor of shape " + shape + ", stride " + shapeText(st) + " and offset " + offset
                    + " reaches element " + last + " of storage " + Allowlist.printable(storage.key())
                    + ", which holds "
                    + storage.numel());
        }
        return new Py.TensorRef(storage, offset, s, st);
    }

    private static Object parameter(Py.Global g, Object[] a, int arity) {
        if (a.length == arity && a[0] instanceof Py.TensorRef t) {
            return t;
        }
        throw refuse("refusing " + g.qualified() + " with arguments (" + types(a) + "); expected a tensor first");
    }

    private static Object numpyDtype(Object[] a) {
        if (a.length == 3 && a[0] instanceof String code && code.matches("[a-zA-Z][0-9]{0,2}")) {
            return new Py.Dtype(code);
        }
        throw refuse("refusing numpy.dtype with arguments (" + types(a) + ")");
    }

    /** numpy's {@code scalar(dtype, bytes)}: numbers and booleans become Double, Long or Boolean. */
    private static Object numpyScalar(Object[] a) {
        if (a.length != 2 || !(a[0] instanceof Py.Dtype dtype) || !(a[1] instanceof byte[] raw)) {
            throw refuse(
                    "refusing numpy.core.multiarray.scalar with arguments (" + types(a) + "); expected (dtype, bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(raw)
                .order(dtype.byteOrder.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int need = switch (dtype.code) {
            case "f8", "i8", "u8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "f2", "i2", "u2" -> 2;
            case "i1", "u1", "b1", "?" -> 1;
            default ->
                throw refuse("numpy scalars of dtype '" + Allowlist.printable(dtype.code) + "' are not supported");
        };
        if (raw.length != need) {
            throw refuse("a numpy " + dtype.code + " scalar of " + raw.length + " bytes (it needs " + need + ")");
        }
        return switch (dtype.code) {
            case "f8" -> b.getDouble();
            case "f4" -> (double) b.getFloat();
            case "f2" -> (double) Tensors.halfToFloat(b.getShort());
            case "i8", "u8" -> b.getLong();
            case "i4" -> (long) b.getInt();
            case "u4" -> b.getInt() & 0xffffffffL;
            case "i2" -> (long) b.getShort();
            case "u2" -> (long) (b.getShort() & 0xffff);
            case "i1" -> (long) b.get();
            case "u1" -> (long) (b.get() & 0xff);
            default -> b.get() != 0;
        };
    }

    /** numpy arrays are kept inert: {@code _reconstruct(ndarray, shape, typecode)}, then BUILD with their state. */
    private static Object numpyReconstruct(Py.Global g, Object[] a) {
        if (a.length == 3 && a[0] instanceof Py.Global cls && cls.qualified().equals("numpy.ndarray")) {
            return new Py.Instance("numpy.ndarray", List.of());
        }
        throw refuse("refusing " + g.qualified() + " with arguments (" + types(a) + ")");
    }

    /** {@code _codecs.encode(text, 'latin1')}: how protocol 2 pickles bytes. */
    private static Object encode(Object[] a) {
        if (a.length == 2 && a[0] instanceof String text && ("latin1".equals(a[1]) || "latin-1".equals(a[1]))) {
            byte[] out = new byte[text.length()];
            for (int i = 0; i < out.length; i++) {
                char c = text.charAt(i);
                if (c > 0xff) {
                    throw refuse("refusing _codecs.encode: character U+" + Integer.toHexString(c) + " is not latin-1");
                }
                out[i] = (byte) c;
            }
            return out;
        }
        throw refuse("refusing _codecs.encode with arguments (" + types(a) + "); only (str, 'latin1') is allowed");
    }

    /** A pathlib path becomes its text (parts joined by '/'). */
    private static Object path(Py.Global g, Object[] a) {
        List<String> parts = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw refuse("refusing " + g.qualified() + " with a " + Py.typeName(o) + " argument");
            }
            parts.add(s);
        }
        return String.join("/", parts);
    }

    // ---- BUILD ------------------------------------------------------------------------------------

    /** Sets the state of an inert record (its {@code __dict__}) or a numpy dtype's byte order; nothing else. */
    private static void build(Object target, Object state) {
        if (target instanceof Py.Instance inst) {
            if (state instanceof Map<?, ?> m) {
                setState(inst, m);
            } else if (state instanceof Object[] pair
                    && pair.length == 2
                    && (pair[0] == null || pair[0] instanceof Map<?, ?>)
                    && (pair[1] == null || pair[1] instanceof Map<?, ?>)) {
                // (dict state, slot state), as copyreg pickles objects with __slots__
                if (pair[0] != null) {
                    setState(inst, (Map<?, ?>) pair[0]);
                }
                if (pair[1] != null) {
                    setState(inst, (Map<?, ?>) pair[1]);
                }
            } else {
                inst.otherState = state;
            }
            return;
        }
        if (target instanceof Py.Dtype dtype
                && state instanceof Object[] s
                && s.length >= 2
                && s[1] instanceof String order) {
            dtype.byteOrder = order;
            return;
        }
        throw refuse("refusing BUILD (setting the state) of a " + Py.typeName(target)
                + ": only objects of allowlisted classes " + "have state");
    }

    private static void setState(Py.Instance inst, Map<?, ?> state) {
        for (Map.Entry<?, ?> e : state.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw refuse("malformed pickle: the state of a " + inst.className + " has a " + Py.typeName(e.getKey())
                        + " attribute name");
            }
            inst.state.put(name, e.getValue());
        }
    }

    // ---- persistent ids ---------------------------------------------------------------------------

    /** {@code ('storage', torch.HalfStorage, '0', 'cpu', 216)}: a storage checked against the archive. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t)
                || t.length != 5
                || !"storage".equals(t[0])
                || !(t[1] instanceof Py.Global type)
                || type.kind() != Py.Kind.STORAGE
                || !(t[2] instanceof String key)
                || !(t[3] instanceof String)) {
            throw refuse(
                    "malformed pickle: a persistent id that is not ('storage', <storage type>, key, location, size)"
                            + (pid instanceof Object[] t2 ? " but (" + types(t2) + ")" : " but a " + Py.typeName(pid)));
        }
        long numel = nonNegative(t[4], "a storage's size");
        try {
            return archive.storage(key, type.dtype(), numel);
        } catch (CheckpointException e) {
            throw new Refusal(e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static long[] longs(Object[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = (Long) dims[i];
        }
        return out;
    }

    static String shapeText(long[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            b.append(i > 0 ? ", " : "").append(s[i]);
        }
        return b.append(s.length == 1 ? ",)" : ")").toString();
    }

    private static String types(Object[] a) {
        List<String> t = new ArrayList<>();
        for (Object o : a) {
            t.add(Py.typeName(o));
        }
        return String.join(", ", t);
    }
}
