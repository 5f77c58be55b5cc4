package dev.yamlnet.compiler.shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a layer outputs for one image (the batch dimension is left out): a feature map with its
 * stride, a plain tensor, or the tuple/dict structure a head returns. {@link Unknown} is the
 * poison value of a layer whose shape could not be computed; rules skip it instead of reporting
 * follow-on errors.
 */
public sealed interface Shape {

    /** A {@code C x H x W} feature map; {@code stride} is input pixels per output pixel (height). */
    record FeatureMap(int channels, long height, long width, double stride) implements Shape {
        public String sizeText() {
            return height + "x" + width;
        }
    }

    /** Any other tensor, e.g. a head's {@code [4 + nc, anchors]}. */
    record Tensor(List<Long> dims) implements Shape {
        public Tensor {
            dims = List.copyOf(dims);
        }

        public static Tensor of(long... dims) {
            return new Tensor(java.util.Arrays.stream(dims).boxed().toList());
        }
    }

    record Tuple(List<Shape> items) implements Shape {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    record Dict(Map<String, Shape> entries) implements Shape {
        public Dict {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /** Poison: the shape is unknown because of an error reported elsewhere. */
    record Unknown() implements Shape {}

    Shape UNKNOWN = new Unknown();

    /** The shape as nested lists of numbers (tensors) and maps, without the batch dimension. */
    static Object toPlain(Shape s) {
        if (s instanceof FeatureMap f) {
            return List.of((long) f.channels(), f.height(), f.width());
        } else if (s instanceof Tensor t) {
            return t.dims();
        } else if (s instanceof Tuple t) {
            return t.items().stream().map(Shape::toPlain).toList();
        } else if (s instanceof Dict d) {
            Map<String, Object> m = new LinkedHashMap<>();
            d.entries().forEach((k, v) -> m.put(k, toPlain(v)));
            return m;
        }
        return null;
    }

    /** A compact human form: {@code 64x80x80}, {@code (84x8400, ...)}. */
    static String describe(Shape s) {
        if (s instanceof FeatureMap f) {
            return f.channels() + "x" + f.height() + "x" + f.width();
        } else if (s instanceof Tensor t) {
            return String.join("x", t.dims().stream().map(String::valueOf).toList());
        } else if (s instanceof Tuple t) {
            return t.items().isEmpty()
                    ? "()"
                    : describe(t.items().get(0)) + (t.items().size() > 1 ? ", ..." : "");
        } else if (s instanceof Dict d) {
            return "{" + String.join(", ", d.entries().keySet()) + "}";
        }
        return "?";
    }

    /**
     * What a layer's output is called in the summary table's output column and the generated
     * class's comments: a map as {@code CxHxW}, a head (a tuple of its inference output and a dict)
     * as its inference outputs ({@code 84x8400}, or {@code 144x80x80, 144x40x40} for several).
     *
     * @param s a layer's output
     * @return the text of the output column
     */
    static String outputText(Shape s) {
        if (s instanceof Tuple t && t.items().size() == 2 && t.items().get(1) instanceof Dict) {
            Shape y = t.items().get(0);
            if (y instanceof Tuple inner) {
                List<String> parts = new java.util.ArrayList<>();
                inner.items().forEach(i -> parts.add(describe(i)));
                return String.join(", ", parts);
            }
            return describe(y);
        }
        if (s instanceof Tuple t) {
            return t.items().isEmpty() ? "" : describe(t.items().get(0));
        }
        return describe(s);
    }
}
