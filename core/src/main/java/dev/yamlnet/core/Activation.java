package dev.yamlnet.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An element-wise activation of Ultralytics' {@code Conv}, with PyTorch's semantics and default arguments.
 * Ultralytics' {@code Conv} applies one model-wide default activation ({@code SiLU}, or the object the
 * YAML {@code activation:} key creates, e.g. {@code nn.ReLU()} in YOLOv6), so the runtime needs the
 * same choices the compiler's whitelist accepts: {@code ReLU, ReLU6, SiLU, LeakyReLU, Hardswish, GELU,
 * Mish, ELU, Sigmoid, Tanh, Identity, Hardsigmoid}. {@link #parse} reads the YAML expression
 * ({@code nn.LeakyReLU(0.1)}, {@code torch.nn.ELU(alpha=0.5)}); {@code inplace} is accepted and has
 * no effect on values.
 */
public final class Activation {
    /** The activations, by their {@code torch.nn} class names. */
    public enum Kind {
        SILU,
        RELU,
        RELU6,
        LEAKY_RELU,
        HARDSWISH,
        GELU,
        MISH,
        ELU,
        SIGMOID,
        TANH,
        IDENTITY,
        HARDSIGMOID
    }

    /** {@code nn.SiLU()}: Ultralytics' default. */
    public static final Activation SILU = new Activation(Kind.SILU, 0);
    /** {@code nn.Identity()}: no activation ({@code Conv(..., act=False)}). */
    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);

    private final Kind kind;
    /** LeakyReLU's negative_slope or ELU's alpha; 0 for the others. */
    private final double parameter;

    private Activation(Kind kind, double parameter) {
        this.kind = kind;
        this.parameter = parameter;
    }

    /** An activation without arguments, or with PyTorch's defaults (LeakyReLU 0.01, ELU alpha 1.0). */
    public static Activation of(Kind kind) {
        switch (kind) {
            case LEAKY_RELU:
                return new Activation(kind, 0.01);
            case ELU:
                return new Activation(kind, 1.0);
            default:
                return new Activation(kind, 0);
        }
    }

    /** {@code nn.LeakyReLU(negative_slope)}. */
    public static Activation leakyRelu(double negativeSlope) {
        return new Activation(Kind.LEAKY_RELU, negativeSlope);
    }

    /** {@code nn.ELU(alpha)}. */
    public static Activation elu(double alpha) {
        return new Activation(Kind.ELU, alpha);
    }

    public Kind kind() {
        return kind;
    }

    /** LeakyReLU's negative slope or ELU's alpha (0 for activations without a parameter). */
    public double parameter() {
        return parameter;
    }

    /**
     * Reads a YAML {@code activation:} expression such as {@code nn.ReLU()}, {@code torch.nn.SiLU(inplace=True)}
     * or {@code nn.LeakyReLU(0.1)}: the forms the compiler's whitelist accepts.
     *
     * @throws IllegalArgumentException for anything else, naming what was found
     */
    public static Activation parse(String expression) {
        String s = expression.replace(" ", "");
        String body = s.startsWith("torch.nn.") ? s.substring(9) : s.startsWith("nn.") ? s.substring(3) : null;
        int open = body == null ? -1 : body.indexOf('(');
        if (open < 0 || !body.endsWith(")")) {
            throw new IllegalArgumentException(
                    "activation " + expression + " is not a torch.nn activation call such as nn.ReLU()");
        }
        String name = body.substring(0, open);
        List<String> positional = new ArrayList<>();
        List<String[]> keywords = new ArrayList<>();
        String inner = body.substring(open + 1, body.length() - 1);
        for (String a : inner.split(",")) {
            if (a.isEmpty()) {
                continue;
            }
            int eq = a.indexOf('=');
            if (eq >= 0) {
                keywords.add(new String[] {a.substring(0, eq), a.substring(eq + 1)});
            } else {
                positional.add(a);
            }
        }
        Kind kind = kindOf(name);
        if (kind == null) {
            throw new IllegalArgumentException(
                    "activation nn." + name + " is not supported by the runtime; expected one of "
                            + "ReLU, ReLU6, SiLU, LeakyReLU, Hardswish, GELU, Mish, ELU, Sigmoid, Tanh, Identity, Hardsigmoid");
        }
        if (kind == Kind.IDENTITY) {
            return IDENTITY; // nn.Identity ignores every argument
        }
        // the first parameter's name; the only one with a value effect (inplace never changes values)
        String first = kind == Kind.LEAKY_RELU
                ? "negative_slope"
                : kind == Kind.ELU ? "alpha" : kind == Kind.GELU ? "approximate" : "inplace";
        List<String> names = kind == Kind.SIGMOID || kind == Kind.TANH
                ? List.of()
                : kind == Kind.LEAKY_RELU || kind == Kind.ELU ? List.of(first, "inplace") : List.of(first);
        if (positional.size() > names.size()) {
            throw new IllegalArgumentException("activation " + expression + " has " + positional.size()
                    + " arguments, nn." + name + " takes " + names.size());
        }
        Activation base = of(kind);
        double param = base.parameter;
        for (int i = 0; i < positional.size(); i++) {
            if (names.get(i).equals(first) && (kind == Kind.LEAKY_RELU || kind == Kind.ELU)) {
                param = number(positional.get(i), expression);
            }
        }
        for (String[] kw : keywords) {
            if (!names.contains(kw[0])) {
                throw new IllegalArgumentException(
                        "activation " + expression + ": nn." + name + " has no argument '" + kw[0] + "'");
            }
            if (kw[0].equals(first) && (kind == Kind.LEAKY_RELU || kind == Kind.ELU)) {
                param = number(kw[1], expression);
            }
        }
        if (kind == Kind.GELU
                && (!positional.isEmpty() || keywords.stream().anyMatch(k -> k[0].equals("approximate")))) {
            throw new IllegalArgumentException("activation " + expression + ": only exact nn.GELU() is supported");
        }
        return new Activation(kind, param);
    }

    private static Kind kindOf(String name) {
        switch (name) {
            case "SiLU":
                return Kind.SILU;
            case "ReLU":
                return Kind.RELU;
            case "ReLU6":
                return Kind.RELU6;
            case "LeakyReLU":
                return Kind.LEAKY_RELU;
            case "Hardswish":
                return Kind.HARDSWISH;
            case "GELU":
                return Kind.GELU;
            case "Mish":
                return Kind.MISH;
            case "ELU":
                return Kind.ELU;
            case "Sigmoid":
                return Kind.SIGMOID;
            case "Tanh":
                return Kind.TANH;
            case "Identity":
                return Kind.IDENTITY;
            case "Hardsigmoid":
                return Kind.HARDSIGMOID;
            default:
                return null;
        }
    }

    /** A Python number literal; {@code True}/{@code False} are 1 and 0 as in Python. */
    private static double number(String literal, String expression) {
        if (literal.equals("True") || literal.equals("False")) {
            return literal.equals("True") ? 1 : 0;
        }
        try {
            return Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation " + expression + ": '" + literal + "' is not a number", e);
        }
    }

    /** The PyTorch expression, e.g. {@code nn.LeakyReLU(negative_slope=0.1)}: what {@link #parse} reads back. */
    @Override
    public String toString() {
        String name = torchName();
        if (kind == Kind.LEAKY_RELU) {
            return "nn." + name + "(negative_slope=" + parameter + ")";
        }
        if (kind == Kind.ELU) {
            return "nn." + name + "(alpha=" + parameter + ")";
        }
        return "nn." + name + "()";
    }

    private String torchName() {
        switch (kind) {
            case SILU:
                return "SiLU";
            case RELU:
                return "ReLU";
            case RELU6:
                return "ReLU6";
            case LEAKY_RELU:
                return "LeakyReLU";
            case HARDSWISH:
                return "Hardswish";
            case GELU:
                return "GELU";
            case MISH:
                return "Mish";
            case ELU:
                return "ELU";
            case SIGMOID:
                return "Sigmoid";
            case TANH:
                return "Tanh";
            case HARDSIGMOID:
                return "Hardsigmoid";
            case IDENTITY:
            default:
                return "Identity";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.kind == kind && Double.compare(a.parameter, parameter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, parameter);
    }
}
