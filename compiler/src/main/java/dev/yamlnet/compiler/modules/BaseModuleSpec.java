package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Convenience base for module specs: holds the descriptive parts and offers the building blocks
 * of Ultralytics' row rewriting ({@link #injectedArgs}), argument readers and common checks.
 */
public abstract class BaseModuleSpec implements ModuleSpec {
    private final String name;
    private final String pythonType;
    private final InputArity inputs;
    private final List<ArgSpec> arguments;
    private final String description;

    protected BaseModuleSpec(String name, String pythonType, InputArity inputs, List<ArgSpec> arguments, String description) {
        this.name = Objects.requireNonNull(name);
        this.pythonType = Objects.requireNonNull(pythonType);
        this.inputs = Objects.requireNonNull(inputs);
        this.arguments = List.copyOf(arguments);
        this.description = Objects.requireNonNull(description);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String pythonType() {
        return pythonType;
    }

    @Override
    public final InputArity inputs() {
        return inputs;
    }

    @Override
    public final List<ArgSpec> arguments() {
        return arguments;
    }

    @Override
    public final String description() {
        return description;
    }

    // ---- Ultralytics' argument rewriting -------------------------------------------------------

    /**
     * The "base module" rewrite: {@code [c1, c2, n?, yaml args from index 1...]}, with only the
     * arguments the row gave (Ultralytics passes and prints exactly those).
     */
    protected static List<Value> injectedArgs(BindContext ctx, int c1, int c2, boolean withRepeats) {
        List<Value> out = new ArrayList<>();
        out.add(integer(c1));
        out.add(integer(c2));
        if (withRepeats) {
            out.add(integer(ctx.repeats()));
        }
        for (int i = 1; i < ctx.args().size(); i++) {
            out.add(ctx.args().get(i));
        }
        return out;
    }

    // ---- value helpers ------------------------------------------------------------------------

    public static Value.Int integer(long v) {
        return new Value.Int(BigInteger.valueOf(v), dev.yamlnet.compiler.source.Span.NONE);
    }

    public static Value.Bool bool(boolean v) {
        return new Value.Bool(v, dev.yamlnet.compiler.source.Span.NONE);
    }

    public static Value.Float floating(double v) {
        return new Value.Float(v, dev.yamlnet.compiler.source.Span.NONE);
    }

    public static Value.Str string(String v) {
        return new Value.Str(v, false, dev.yamlnet.compiler.source.Span.NONE);
    }

    public static Value none() {
        return new Value.None(dev.yamlnet.compiler.source.Span.NONE);
    }

    public static Value.Seq list(List<? extends Value> items) {
        return new Value.Seq(new ArrayList<>(items), false, dev.yamlnet.compiler.source.Span.NONE);
    }

    /** An int argument (already type-checked), clamped to the int range by the resolver's limits. */
    protected static int intArg(BindContext ctx, int i) {
        return toInt(ctx.arg(i));
    }

    protected static double floatArg(BindContext ctx, int i) {
        return toDouble(ctx.arg(i));
    }

    /** Python truthiness of an argument, as {@code if shortcut:} sees it. */
    protected static boolean boolArg(BindContext ctx, int i) {
        return truthy(ctx.arg(i));
    }

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

    public static double toDouble(Value v) {
        if (v instanceof Value.Float f) {
            return f.value();
        }
        return toInt(v);
    }

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

    /** {@code [h, w]} of a kernel argument that is an int or a pair. */
    public static int[] pair(Value v) {
        if (v instanceof Value.Seq s) {
            return new int[] {toInt(s.items().get(0)), toInt(s.items().get(1))};
        }
        int k = toInt(v);
        return new int[] {k, k};
    }

    // ---- common checks ------------------------------------------------------------------------

    /** Reports E0404 unless the YAML argument {@code i} (all its numbers) is positive. */
    protected static boolean requirePositive(BindContext ctx, int i, String what) {
        Value v = ctx.arg(i);
        boolean ok;
        if (v instanceof Value.Seq s) {
            ok = s.items().stream().allMatch(x -> !(x instanceof Value.Int n) || n.value().signum() > 0);
        } else if (v instanceof Value.Int n) {
            ok = n.value().signum() > 0;
        } else if (v instanceof Value.Float f) {
            ok = f.value() > 0;
        } else {
            ok = true;
        }
        if (!ok) {
            ctx.report(DiagCode.E0404, ctx.argSpan(i), what + " must be positive, got " + PyRepr.repr(v))
                    .label("must be at least 1").emit();
        }
        return ok;
    }

    /** The largest kernel, stride or dilation accepted; far above any real network. */
    public static final int MAX_WINDOW = 1024;

    /**
     * Reports E0404 unless every number of argument {@code i} lies in 1 to {@link #MAX_WINDOW}:
     * for kernel sizes, strides and dilations, so that no count can overflow.
     */
    protected static boolean requireWindow(BindContext ctx, int i, String what) {
        if (!requirePositive(ctx, i, what)) {
            return false;
        }
        Value v = ctx.arg(i);
        List<Value> items = v instanceof Value.Seq s ? s.items() : List.of(v);
        for (Value x : items) {
            if (x instanceof Value.Int n && n.value().compareTo(BigInteger.valueOf(MAX_WINDOW)) > 0) {
                ctx.report(DiagCode.E0507, ctx.argSpan(i), what + " " + n.value() + " is larger than the limit of " + MAX_WINDOW)
                        .emit();
                return false;
            }
        }
        return true;
    }

    /** Reports E0404 unless the YAML argument {@code i} is not negative. */
    protected static boolean requireNonNegative(BindContext ctx, int i, String what) {
        Value v = ctx.arg(i);
        if (v instanceof Value.Int n && n.value().signum() < 0 || v instanceof Value.Float f && f.value() < 0) {
            ctx.report(DiagCode.E0404, ctx.argSpan(i), what + " must not be negative, got " + PyRepr.repr(v)).emit();
            return false;
        }
        return true;
    }

    /** Reports E0503 unless {@code channels} is divisible by {@code by}. */
    protected static boolean requireDivisible(BindContext ctx, int argIndex, long channels, long by, String message, String hint) {
        if (by <= 0 || channels % by != 0) {
            ctx.report(DiagCode.E0503, argIndex >= 0 ? ctx.argSpan(argIndex) : ctx.moduleSpan(), message)
                    .hint(hint).emit();
            return false;
        }
        return true;
    }

    /** Reports E0503 unless {@code groups} divides both channel counts (PyTorch's Conv2d rule). */
    protected static boolean requireGroups(BindContext ctx, int argIndex, int c1, int c2, int groups) {
        if (c1 % groups != 0 || c2 % groups != 0) {
            ctx.report(DiagCode.E0503, ctx.argSpan(argIndex), "groups " + groups + " must divide the input channels (" + c1
                    + ") and the output channels (" + c2 + ")")
                    .hint("choose groups that divide both, e.g. 1").emit();
            return false;
        }
        return true;
    }

    /** The single feature-map input, or null after reporting that the input is not one. */
    public static Shape.FeatureMap featureMap(List<Shape> inputs, ShapeContext ctx, String module) {
        Shape s = inputs.get(0);
        if (s instanceof Shape.FeatureMap f) {
            return f;
        }
        ctx.report(DiagCode.E0509, ctx.fromSpan(), module + " needs a feature map input, layer "
                + ctx.inputLayers().get(0) + " outputs " + Shape.describe(s))
                .hint("take the input from a layer that outputs a C x H x W map").emit();
        return null;
    }

    /** Reports E0506 when a computed size is not positive. */
    public static boolean requireSize(ShapeContext ctx, long h, long w, String what) {
        if (h < 1 || w < 1) {
            ctx.report(DiagCode.E0506, ctx.moduleSpan(), what + " would produce a " + h + "x" + w + " map")
                    .hint("use a larger image size or fewer downsampling layers").emit();
            return false;
        }
        return true;
    }
}
