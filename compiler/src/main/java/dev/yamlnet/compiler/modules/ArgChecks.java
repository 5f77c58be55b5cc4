package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.util.List;

/**
 * The argument checks module specs share at bind time, beyond the types the resolver checks: each
 * reports its diagnostic at the named argument (a name of the spec's own signature) and says
 * whether the argument passed.
 */
public final class ArgChecks {
    /** The largest kernel, stride or dilation accepted; far above any real network. */
    public static final int MAX_WINDOW = 1024;

    private ArgChecks() {}

    /** Reports E0404 unless the argument {@code name} (all its numbers) is positive. */
    public static boolean requirePositive(BindContext ctx, String name, String what) {
        Value v = ctx.arg(name);
        boolean ok;
        if (v instanceof Value.Seq s) {
            ok = s.items().stream()
                    .allMatch(x -> !(x instanceof Value.Int n) || n.value().signum() > 0);
        } else if (v instanceof Value.Int n) {
            ok = n.value().signum() > 0;
        } else if (v instanceof Value.Float f) {
            ok = f.value() > 0;
        } else {
            ok = true;
        }
        if (!ok) {
            ctx.report(DiagCode.E0404, ctx.argSpan(name), what + " must be positive, got " + PyRepr.repr(v))
                    .label("must be at least 1")
                    .emit();
        }
        return ok;
    }

    /**
     * Reports E0404 unless every number of the argument {@code name} lies in 1 to {@link #MAX_WINDOW}
     * (E0507 above it): for kernel sizes, strides and dilations, so that no count can overflow.
     */
    public static boolean requireWindow(BindContext ctx, String name, String what) {
        if (!requirePositive(ctx, name, what)) {
            return false;
        }
        Value v = ctx.arg(name);
        List<Value> items = v instanceof Value.Seq s ? s.items() : List.of(v);
        for (Value x : items) {
            if (x instanceof Value.Int n && n.value().compareTo(BigInteger.valueOf(MAX_WINDOW)) > 0) {
                ctx.report(
                                DiagCode.E0507,
                                ctx.argSpan(name),
                                what + " " + n.value() + " is larger than the limit of " + MAX_WINDOW)
                        .emit();
                return false;
            }
        }
        return true;
    }

    /** Reports E0404 unless the argument {@code name} is not negative. */
    public static boolean requireNonNegative(BindContext ctx, String name, String what) {
        Value v = ctx.arg(name);
        if (v instanceof Value.Int n && n.value().signum() < 0 || v instanceof Value.Float f && f.value() < 0) {
            ctx.report(DiagCode.E0404, ctx.argSpan(name), what + " must not be negative, got " + PyRepr.repr(v))
                    .emit();
            return false;
        }
        return true;
    }

    /** Reports E0503 at the argument {@code name} unless {@code channels} is divisible by {@code by}. */
    public static boolean requireDivisible(
            BindContext ctx, String name, long channels, long by, String message, String hint) {
        if (by <= 0 || channels % by != 0) {
            ctx.report(DiagCode.E0503, ctx.argSpan(name), message).hint(hint).emit();
            return false;
        }
        return true;
    }

    /**
     * Reports E0503 at the argument {@code name} unless {@code groups} divides both channel counts
     * (PyTorch's Conv2d rule).
     */
    public static boolean requireGroups(BindContext ctx, String name, int c1, int c2, int groups) {
        if (c1 % groups != 0 || c2 % groups != 0) {
            ctx.report(
                            DiagCode.E0503,
                            ctx.argSpan(name),
                            "groups " + groups + " must divide the input channels (" + c1
                                    + ") and the output channels (" + c2 + ")")
                    .hint("choose groups that divide both, e.g. 1")
                    .emit();
            return false;
        }
        return true;
    }
}
