package dev.yamlnet.compiler.value;

import dev.yamlnet.compiler.source.Span;
import java.math.BigInteger;
import java.util.List;

/**
 * A value read from a model file, typed as PyYAML types it (YAML 1.1) and, for layer arguments,
 * as Ultralytics' {@code ast.literal_eval} turns strings into Python values. Every value keeps the
 * span it came from so that later stages can point at it. Nothing here is ever evaluated as code.
 */
public sealed interface Value {
    Span span();

    /** The Python type name, as error messages print it ("int", "float", "str", ...). */
    String typeName();

    /** A Python {@code int}; unbounded, as Python's is. */
    record Int(BigInteger value, Span span) implements Value {
        public static Int of(long v, Span span) {
            return new Int(BigInteger.valueOf(v), span);
        }

        public boolean fitsInt() {
            return value.bitLength() < 32;
        }

        @Override
        public String typeName() {
            return "int";
        }
    }

    record Float(double value, Span span) implements Value {
        @Override
        public String typeName() {
            return "float";
        }
    }

    record Bool(boolean value, Span span) implements Value {
        @Override
        public String typeName() {
            return "bool";
        }
    }

    /**
     * A string. {@code bare} is true for an unquoted word that looks like a Python name
     * ({@code nearest}, {@code nc}): such words are symbols unless a string is expected.
     */
    record Str(String value, boolean bare, Span span) implements Value {
        @Override
        public String typeName() {
            return "str";
        }
    }

    record None(Span span) implements Value {
        @Override
        public String typeName() {
            return "NoneType";
        }
    }

    /** A YAML sequence or a Python list; a Python tuple when {@code tuple} is set. */
    record Seq(List<Value> items, boolean tuple, Span span) implements Value {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public String typeName() {
            return tuple ? "tuple" : "list";
        }
    }

    /** A mapping in file order. Keys are values too (YAML allows any key). */
    record Dict(List<Entry> entries, Span span) implements Value {
        public Dict {
            entries = List.copyOf(entries);
        }

        @Override
        public String typeName() {
            return "dict";
        }
    }

    record Entry(Value key, Value value) {}
}
