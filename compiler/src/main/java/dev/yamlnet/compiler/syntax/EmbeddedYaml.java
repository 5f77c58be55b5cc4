package dev.yamlnet.compiler.syntax;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model YAML that is already data (the {@code model.yaml} dict of a checkpoint) as the compiler's
 * {@link Value} tree, with positions that diagnostics can name. There is no text file, so this
 * renders one: a line per top-level key (the value's Python repr, abbreviated when it is a list or
 * dict) and a line per row of {@code backbone} and {@code head} and per entry of a top-level dict,
 * each tagged with its key path ({@code model.yaml.backbone[3]}, {@code model.yaml.scales.n}). Every
 * value's span points into the line of the row or entry that holds it, so a message shows the row
 * with a caret under the offending value, and its location is the key path.
 */
public final class EmbeddedYaml {
    private static final int ABBREVIATE = 100;

    private final List<String> lines = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final SourceLoader.Limits limits;
    private int values;

    private EmbeddedYaml(SourceLoader.Limits limits) {
        this.limits = limits;
    }

    /** The document and the source its spans point into. */
    public record Document(SourceFile source, Value root) {}

    /**
     * Converts {@code dict} (plain Java: maps, lists, strings, numbers, booleans, null) into a
     * document named {@code name}, key paths starting with {@code prefix} ({@code model.yaml}).
     * Empty after reporting E0006 when it exceeds the same limits a YAML file has.
     */
    public static Optional<Document> of(
            String name, String prefix, Map<String, ?> dict, SourceLoader.Limits limits, Diagnostics diags) {
        EmbeddedYaml e = new EmbeddedYaml(limits);
        List<Value.Entry> entries = new ArrayList<>();
        try {
            for (Map.Entry<String, ?> entry : dict.entrySet()) {
                entries.add(e.topLevel(prefix + keyPath(entry.getKey()), entry.getKey(), entry.getValue()));
            }
        } catch (TooLarge t) {
            diags.report(DiagCode.E0006, Span.NONE, t.getMessage())
                    .hint("model YAMLs are a few hundred values; this checkpoint's is not a real one")
                    .emit();
            return Optional.empty();
        }
        SourceFile source = SourceFile.embedded(name, e.lines, e.paths);
        return Optional.of(new Document(source, new Value.Dict(entries, Span.NONE)));
    }

    /** {@code .backbone} for a name, {@code ['a b']} or {@code [3]} otherwise. */
    public static String keyPath(Object key) {
        if (key instanceof String s && s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return "." + s;
        }
        return "[" + (key instanceof String s ? PyRepr.stringRepr(s) : String.valueOf(key)) + "]";
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private Value.Entry topLevel(String path, String key, Object value) {
        int line = newLine(path);
        Value converted;
        if (value instanceof List<?> || value instanceof Collection<?> || value instanceof Map<?, ?>) {
            // the key's line shows the container abbreviated; each item gets a line of its own
            String text = abbreviated(value);
            lines.set(line - 1, text);
            Span whole = Span.of(line, 1, text.codePointCount(0, text.length()));
            converted = value instanceof Map<?, ?> m
                    ? dictOfLines(path, m, whole)
                    : listOfLines(path, (Collection<?>) value, whole);
            return new Value.Entry(new Value.Str(key, false, whole), converted);
        }
        StringBuilder b = new StringBuilder();
        converted = render(value, b, line, 1);
        lines.set(line - 1, b.toString());
        return new Value.Entry(new Value.Str(key, false, Span.of(line, 1, b.codePointCount(0, b.length()))), converted);
    }

    private Value listOfLines(String path, Collection<?> items, Span span) {
        List<Value> out = new ArrayList<>();
        int i = 0;
        for (Object item : items) {
            out.add(ownLine(path + "[" + i++ + "]", item));
        }
        return new Value.Seq(out, false, span);
    }

    private Value dictOfLines(String path, Map<?, ?> map, Span span) {
        List<Value.Entry> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Value v = ownLine(path + keyPath(e.getKey()), e.getValue());
            int line = lines.size();
            StringBuilder k = new StringBuilder();
            Value key = render(e.getKey(), k, line, 1);
            // the key is not on the line (the line is the value); it stands for the whole line
            out.add(new Value.Entry(
                    withSpan(
                            key,
                            Span.of(
                                    line,
                                    1,
                                    lines.get(line - 1)
                                            .codePointCount(
                                                    0, lines.get(line - 1).length()))),
                    v));
        }
        return new Value.Dict(out, span);
    }

    private Value ownLine(String path, Object value) {
        int line = newLine(path);
        StringBuilder b = new StringBuilder();
        Value v = render(value, b, line, 1);
        lines.set(line - 1, b.toString());
        return v;
    }

    private int newLine(String path) {
        lines.add("");
        paths.add(path);
        return lines.size();
    }

    /** Appends the Python repr of {@code o} to {@code b} (on line {@code line}) and returns it as a value spanning it. */
    private Value render(Object o, StringBuilder b, int line, int depth) {
        if (++values > limits.maxValues()) {
            throw new TooLarge("the model YAML has more than " + limits.maxValues() + " values, more than the limit");
        }
        if (depth > limits.maxDepth()) {
            throw new TooLarge(
                    "the model YAML nests more than " + limits.maxDepth() + " levels deep, more than the limit");
        }
        int start = column(b);
        Value v;
        if (o == null) {
            b.append("None");
            v = new Value.None(span(line, start, b));
        } else if (o instanceof Boolean bool) {
            b.append(bool ? "True" : "False");
            v = new Value.Bool(bool, span(line, start, b));
        } else if (o instanceof Long || o instanceof Integer || o instanceof BigInteger) {
            BigInteger i = o instanceof BigInteger big ? big : BigInteger.valueOf(((Number) o).longValue());
            b.append(i);
            v = new Value.Int(i, span(line, start, b));
        } else if (o instanceof Double d) {
            b.append(PyRepr.floatRepr(d));
            v = new Value.Float(d, span(line, start, b));
        } else if (o instanceof String s) {
            b.append(PyRepr.stringRepr(s));
            v = new Value.Str(s, false, span(line, start, b));
        } else if (o instanceof Map<?, ?> m) {
            b.append('{');
            List<Value.Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!entries.isEmpty()) {
                    b.append(", ");
                }
                Value k = render(e.getKey(), b, line, depth + 1);
                b.append(": ");
                entries.add(new Value.Entry(k, render(e.getValue(), b, line, depth + 1)));
            }
            b.append('}');
            v = new Value.Dict(entries, span(line, start, b));
        } else if (o instanceof Collection<?> c) {
            b.append('[');
            List<Value> items = new ArrayList<>();
            for (Object item : c) {
                if (!items.isEmpty()) {
                    b.append(", ");
                }
                items.add(render(item, b, line, depth + 1));
            }
            b.append(']');
            v = new Value.Seq(items, false, span(line, start, b));
        } else {
            throw new IllegalArgumentException("not plain data: " + o.getClass().getName());
        }
        return v;
    }

    private static int column(StringBuilder b) {
        return b.codePointCount(0, b.length()) + 1;
    }

    private static Span span(int line, int startColumn, StringBuilder b) {
        return new Span(line, startColumn, line, column(b));
    }

    private String abbreviated(Object container) {
        StringBuilder b = new StringBuilder();
        renderAbbreviated(container, b, 1);
        if (b.codePointCount(0, b.length()) <= ABBREVIATE) {
            return b.toString();
        }
        int cut = b.offsetByCodePoints(0, ABBREVIATE - 3);
        String size = container instanceof Map<?, ?> m
                ? m.size() + " entries"
                : ((Collection<?>) container).size() + " items";
        return b.substring(0, cut) + "... (" + size + ")";
    }

    /** The repr, stopping early once it is longer than the abbreviation keeps; counts nothing. */
    private void renderAbbreviated(Object o, StringBuilder b, int depth) {
        if (depth > limits.maxDepth()) {
            throw new TooLarge(
                    "the model YAML nests more than " + limits.maxDepth() + " levels deep, more than the limit");
        }
        if (b.length() > 4 * ABBREVIATE) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ", ");
                first = false;
                renderAbbreviated(e.getKey(), b, depth + 1);
                b.append(": ");
                renderAbbreviated(e.getValue(), b, depth + 1);
            }
            b.append('}');
        } else if (o instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object item : c) {
                b.append(first ? "" : ", ");
                first = false;
                renderAbbreviated(item, b, depth + 1);
            }
            b.append(']');
        } else {
            int counted = values;
            render(o, b, 1, 1);
            values = counted;
        }
    }

    private static Value withSpan(Value v, Span s) {
        if (v instanceof Value.Str str) {
            return new Value.Str(str.value(), false, s);
        } else if (v instanceof Value.Int i) {
            return new Value.Int(i.value(), s);
        } else if (v instanceof Value.Float f) {
            return new Value.Float(f.value(), s);
        } else if (v instanceof Value.Bool bo) {
            return new Value.Bool(bo.value(), s);
        } else if (v instanceof Value.None) {
            return new Value.None(s);
        }
        return v;
    }
}
