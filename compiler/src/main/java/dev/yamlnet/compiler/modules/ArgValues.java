package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Argument values made and read by module specs: the constructors of the values a spec writes
 * (signature defaults, the rewritten arguments Ultralytics prints) and the conversions of values
 * the resolver has already type-checked into Java numbers, with Python's meaning.
 */
public final class ArgValues {
    private ArgValues() {}

    /** A whole number without a position. */
    public static Value.Int integer(long v) {
        return new Value.Int(BigInteger.valueOf(v), Span.NONE);
    }

    /** {@code True} or {@code False} without a position. */
    public static Value.Bool bool(boolean v) {
        return new Value.Bool(v, Span.NONE);
    }

    /** A float without a position. */
    public static Value.Float floating(double v) {
        return new Value.Float(v, Span.NONE);
    }

    /** A quoted string without a position. */
    public static Value.Str string(String v) {
        return new Value.Str(v, false, Span.NONE);
    }

    /** {@code None} without a position. */
    public static Value none() {
        return new Value.None(Span.NONE);
    }

    /** A list (not a tuple) of {@code items}, without a position. */
    public static Value.Seq list(List<? extends Value> items) {
        return new Value.Seq(new ArrayList<>(items), false, Span.NONE);
    }

    /**
     * A number as an int, as Python's {@code int()} reads it: booleans are 0 and 1, floats are
     * truncated. Whole numbers are within 32 bits by the resolver's limits.
     *
     * @throws IllegalArgumentException for a value that is not a number (a bug: the resolver checked the type)
     */
    public static int toInt(Value v) {
        if (v instanceof Value.Int i) {
            return i.value().intValue();
        }
        if (v instanceof Value.Bool b) {
            return b.value() ? 1 : 0;
        }
        if (v instanceof Value.Float f) {
            return (int) f.value();
        }
        throw new IllegalArgumentException("not a number: " + PyRepr.repr(v));
    }

    /** A number as a double; see {@link #toInt}. */
    public static double toDouble(Value v) {
        if (v instanceof Value.Float f) {
            return f.value();
        }
        return toInt(v);
    }

    /** Python's truthiness, as {@code if shortcut:} sees the value. */
    public static boolean truthy(Value v) {
        if (v instanceof Value.Bool b) {
            return b.value();
        } else if (v instanceof Value.Int i) {
            return i.value().signum() != 0;
        } else if (v instanceof Value.Float f) {
            return f.value() != 0;
        } else if (v instanceof Value.None) {
            return false;
        } else if (v instanceof Value.Str s) {
            return !s.value().isEmpty();
        } else if (v instanceof Value.Seq s) {
            return !s.items().isEmpty();
        }
        return true;
    }

    /** {@code [h, w]} of a kernel-like value that is an int or a pair. */
    public static int[] pair(Value v) {
        if (v instanceof Value.Seq s) {
            return new int[] {toInt(s.items().get(0)), toInt(s.items().get(1))};
        }
        int k = toInt(v);
        return new int[] {k, k};
    }
}
