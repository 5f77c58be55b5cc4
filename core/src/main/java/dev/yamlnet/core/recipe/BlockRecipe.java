package dev.yamlnet.core.recipe;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How to build one layer's runtime block, as data: a static factory method (by default one of
 * {@code dev.yamlnet.runtime.blocks.Layers}) and the values of its arguments.
 *
 * <p>This is the bridge between the compiler and the runtime. Module specs describe their layer
 * with a recipe instead of constructing engine objects, so the compiler's module code needs no DJL
 * types; the DJL back end calls {@link #build()}, and the Java code generator prints
 * {@link #toJava()} (the same call as source). Both paths therefore construct exactly the same
 * block.
 *
 * <p>Arguments may be {@link Integer}, {@link Long}, {@link Double}, {@link Boolean}, {@link String},
 * {@code int[]}, {@code double[]}, {@code List<Integer>} or a nested {@code BlockRecipe} (passed to
 * the factory as a {@code Supplier} of fresh blocks, e.g. for repeated layers).
 *
 * @param factoryClass fully qualified name of the class holding the static factory
 * @param method the static factory method's name
 * @param args the argument values, in the method's parameter order
 */
public record BlockRecipe(String factoryClass, String method, List<Object> args) {

    /** The factory class module specs use. */
    public static final String LAYERS = "dev.yamlnet.runtime.blocks.Layers";

    public BlockRecipe {
        Objects.requireNonNull(factoryClass);
        Objects.requireNonNull(method);
        args = List.copyOf(args.stream().map(BlockRecipe::checked).toList());
    }

    /** A recipe calling {@code Layers.method(args...)}. */
    public static BlockRecipe layers(String method, Object... args) {
        return new BlockRecipe(LAYERS, method, Arrays.asList(args));
    }

    private static Object checked(Object a) {
        Objects.requireNonNull(a, "recipe arguments cannot be null");
        if (a instanceof int[] ints) {
            return List.copyOf(Arrays.stream(ints).boxed().toList());
        }
        if (a instanceof double[] ds) {
            return new DoubleList(ds.clone());
        }
        if (a instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Integer)) {
                    throw new IllegalArgumentException("list arguments must hold integers, got " + o);
                }
            }
            return List.copyOf(list);
        }
        if (a instanceof Integer || a instanceof Long || a instanceof Double || a instanceof Boolean || a instanceof String
                || a instanceof BlockRecipe || a instanceof DoubleList) {
            return a;
        }
        throw new IllegalArgumentException("unsupported recipe argument type " + a.getClass().getName());
    }

    /**
     * Builds the block by calling the factory. The result is an {@code ai.djl.nn.Block}; it is typed
     * {@code Object} here so this class stays free of engine types.
     *
     * @throws IllegalStateException when the factory does not exist or rejects the arguments (a bug
     *     in a module spec, not a user mistake)
     */
    public Object build() {
        Class<?> type;
        try {
            type = Class.forName(factoryClass, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : BlockRecipe.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("recipe factory class " + factoryClass + " is not on the class path", e);
        }
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(method) || !Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != args.size()) {
                continue;
            }
            Object[] values = convert(m.getParameterTypes());
            if (values == null) {
                continue;
            }
            try {
                return m.invoke(null, values);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + describe(), e);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(describe() + " failed", cause);
            }
        }
        throw new IllegalStateException("no static method " + factoryClass + "." + method + " accepts " + describe());
    }

    private Object[] convert(Class<?>[] types) {
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Object a = args.get(i);
            Class<?> t = types[i];
            if (t == int.class && a instanceof Integer) {
                out[i] = a;
            } else if (t == long.class && (a instanceof Integer || a instanceof Long)) {
                out[i] = ((Number) a).longValue();
            } else if (t == double.class && (a instanceof Double || a instanceof Integer)) {
                out[i] = ((Number) a).doubleValue();
            } else if (t == float.class && (a instanceof Double || a instanceof Integer)) {
                out[i] = ((Number) a).floatValue();
            } else if (t == boolean.class && a instanceof Boolean) {
                out[i] = a;
            } else if (t == String.class && a instanceof String) {
                out[i] = a;
            } else if (t == int[].class && a instanceof List<?> list) {
                out[i] = list.stream().mapToInt(o -> (Integer) o).toArray();
            } else if (t == double[].class && a instanceof DoubleList dl) {
                out[i] = dl.values().clone();
            } else if (t == List.class && a instanceof List<?>) {
                out[i] = a;
            } else if (t == Supplier.class && a instanceof BlockRecipe r) {
                Supplier<Object> s = r::build;
                out[i] = s;
            } else {
                return null;
            }
        }
        return out;
    }

    /** The factory call as Java source, e.g. {@code Layers.conv(3, 16, 3, 2, 1, 1, 1, true)}. */
    public String toJava() {
        StringBuilder sb = new StringBuilder();
        sb.append(factoryClass.substring(factoryClass.lastIndexOf('.') + 1)).append('.').append(method).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(javaLiteral(args.get(i)));
        }
        return sb.append(')').toString();
    }

    private static String javaLiteral(Object a) {
        if (a instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (a instanceof Long l) {
            return l + "L";
        }
        if (a instanceof Double d) {
            return d.isInfinite() ? (d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY") : Double.toString(d);
        }
        if (a instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(o -> parts.add(String.valueOf(o)));
            return "new int[] {" + String.join(", ", parts) + "}";
        }
        if (a instanceof DoubleList dl) {
            List<String> parts = new ArrayList<>();
            for (double d : dl.values()) {
                parts.add(Double.toString(d));
            }
            return "new double[] {" + String.join(", ", parts) + "}";
        }
        if (a instanceof BlockRecipe r) {
            return "() -> " + r.toJava();
        }
        return String.valueOf(a);
    }

    private String describe() {
        return toJava();
    }

    @Override
    public String toString() {
        return toJava();
    }

    /** An immutable array of doubles with value equality (records compare arrays by identity). */
    public record DoubleList(double[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof DoubleList d && Arrays.equals(values, d.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values).toLowerCase(Locale.ROOT);
        }
    }
}
