package dev.yamlnet.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inert values the restricted unpickler makes where Python would make objects. None of them has
 * behaviour: a class named by the pickle is only its name, an instance only its name and state.
 * Everything else the unpickler yields is plain Java: {@code null}, {@code Boolean}, {@code Integer},
 * {@code Long}, {@code BigInteger}, {@code Double}, {@code String}, {@code byte[]}, {@code Object[]}
 * (a tuple), {@code ArrayList}, {@code LinkedHashMap} (a dict, in insertion order) and
 * {@code LinkedHashSet}.
 */
final class Py {
    private Py() {}

    /** What calling an allowlisted global means; fixed by the allowlist, never looked up in the file. */
    enum Kind {
        /** A module or other class kept as an inert record ({@code torch.nn.*}, {@code ultralytics.*}, ...). */
        RECORD,
        ORDERED_DICT,
        SET,
        FROZENSET,
        /** {@code getattr(cls, "NAME")}, only on a record class: how Python 3.12 pickles enum members. */
        GETATTR,
        TORCH_SIZE,
        REBUILD_TENSOR,
        REBUILD_PARAMETER,
        REBUILD_PARAMETER_WITH_STATE,
        /** A typed storage class; only named by persistent ids, never called. */
        STORAGE,
        NUMPY_DTYPE,
        NUMPY_SCALAR,
        NUMPY_RECONSTRUCT,
        CODECS_ENCODE,
        PATH
    }

    /** A global the allowlist admits. {@code dtype} is the element type of a storage class, else null. */
    record Global(String module, String name, Kind kind, String dtype) {
        String qualified() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    /** An object of a record class: its class name, the arguments it was "called" with, and its state. */
    static final class Instance {
        final String className;
        final List<Object> args;
        /** The {@code __dict__} (and slot state) BUILD gave it, in pickle order. */
        final Map<String, Object> state = new LinkedHashMap<>();
        /** A state that is not a dict (numpy arrays pickle a tuple), kept as it came. */
        Object otherState;

        Instance(String className, List<Object> args) {
            this.className = className;
            this.args = args;
        }

        @Override
        public String toString() {
            return className + " object";
        }
    }

    /** An enum member {@code getattr(cls, name)} named (e.g. torchvision's {@code InterpolationMode.BILINEAR}). */
    record Member(String className, String name) {
        @Override
        public String toString() {
            return className + "." + name;
        }
    }

    /** numpy's {@code dtype('f8')}; BUILD sets its byte order. */
    static final class Dtype {
        final String code;
        String byteOrder = "=";

        Dtype(String code) {
            this.code = code;
        }
    }

    /**
     * A storage the pickle refers to by persistent id: the zip entry {@code <root>/data/<key>}, checked
     * to exist and to hold exactly {@code numel} elements of {@code dtype}.
     */
    record Storage(String key, String dtype, long numel, String entry) {}

    /** A tensor: a view of a storage, checked to lie inside it. */
    record TensorRef(Storage storage, long offset, long[] size, long[] stride) {
        long numel() {
            long n = 1;
            for (long s : size) {
                n *= s;
            }
            return n;
        }
    }

    /** A short Python-like name of a value's type, for messages (never the value itself). */
    static String typeName(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof String) {
            return "str";
        } else if (o instanceof Boolean) {
            return "bool";
        } else if (o instanceof Integer || o instanceof Long || o instanceof java.math.BigInteger) {
            return "int";
        } else if (o instanceof Double) {
            return "float";
        } else if (o instanceof byte[]) {
            return "bytes";
        } else if (o instanceof Object[]) {
            return "tuple";
        } else if (o instanceof List<?>) {
            return "list";
        } else if (o instanceof Map<?, ?>) {
            return "dict";
        } else if (o instanceof java.util.Set<?>) {
            return "set";
        } else if (o instanceof Instance i) {
            return i.className;
        } else if (o instanceof Global g) {
            return "reference to " + g.qualified();
        } else if (o instanceof Member m) {
            return m.toString();
        } else if (o instanceof TensorRef) {
            return "tensor";
        } else if (o instanceof Storage) {
            return "storage";
        } else if (o instanceof Dtype) {
            return "numpy.dtype";
        }
        return o.getClass().getSimpleName();
    }
}
