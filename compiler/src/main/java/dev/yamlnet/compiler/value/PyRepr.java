package dev.yamlnet.compiler.value;

import java.math.BigDecimal;
import java.util.List;
import java.util.StringJoiner;

/**
 * Python's {@code repr()} of argument values, as Ultralytics prints them in the layer table:
 * {@code None}, {@code True}, {@code 'nearest'}, {@code 0.25}, {@code [64, 128, 256]}.
 */
public final class PyRepr {
    private PyRepr() {}

    public static String repr(Value v) {
        if (v instanceof Value.Int i) {
            return i.value().toString();
        } else if (v instanceof Value.Float f) {
            return floatRepr(f.value());
        } else if (v instanceof Value.Bool b) {
            return b.value() ? "True" : "False";
        } else if (v instanceof Value.None) {
            return "None";
        } else if (v instanceof Value.Str s) {
            return stringRepr(s.value());
        } else if (v instanceof Value.Seq s) {
            return list(s.items(), s.tuple());
        } else if (v instanceof Value.Dict d) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            for (Value.Entry e : d.entries()) {
                j.add(repr(e.key()) + ": " + repr(e.value()));
            }
            return j.toString();
        }
        throw new IllegalArgumentException("unknown value " + v);
    }

    public static String list(List<Value> items, boolean tuple) {
        StringJoiner j = new StringJoiner(", ", tuple ? "(" : "[", tuple ? ")" : "]");
        for (Value item : items) {
            j.add(repr(item));
        }
        String s = j.toString();
        return tuple && items.size() == 1 ? s.substring(0, s.length() - 1) + ",)" : s;
    }

    /**
     * Python's float repr: the shortest digits that round-trip, positional notation for exponents
     * from -4 to 15, scientific ({@code 1e-05}, {@code 1e+16}) otherwise.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            if (!plain.contains(".")) {
                plain = plain + ".0";
            }
            return sign + plain;
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        return sign + mantissa + "e" + exp;
    }

    /** Python's str repr: single quotes unless the text contains one and no double quote. */
    public static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append(quote).toString();
    }
}
