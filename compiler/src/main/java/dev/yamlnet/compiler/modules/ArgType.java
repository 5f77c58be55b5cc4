package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.value.Value;

/**
 * The type of one module argument, as a person writes it in YAML. Checking is done once, by the
 * resolver, against the signature; module specs then read values without re-checking.
 */
public enum ArgType {
    /** A whole number. */
    INT("int"),
    /** A number; whole numbers are accepted (Python passes them on as they are). */
    FLOAT("float"),
    /** {@code True} or {@code False}. */
    BOOL("bool"),
    /** A whole number or a {@code [h, w]} pair, for kernel sizes. */
    INT_OR_PAIR("int or [int, int]"),
    /** A whole number or {@code None}, e.g. padding (None means "same"). */
    OPTIONAL_INT("int or None"),
    /** A number or {@code None}, e.g. Upsample's size. */
    OPTIONAL_NUMBER("number or None"),
    /** A string, e.g. an interpolation mode. */
    STRING("str"),
    /** A list of whole numbers, e.g. {@code kpt_shape} or head input channels. */
    INT_LIST("list of int"),
    /** {@code True}/{@code False} or an activation expression such as {@code nn.ReLU()}. */
    ACTIVATION("bool or activation"),
    /** Any literal, passed through unchecked. */
    ANY("any value");

    private final String display;

    ArgType(String display) {
        this.display = display;
    }

    /** The type as error messages and docs print it. */
    public String display() {
        return display;
    }

    /** Whether {@code v} is acceptable for this type. */
    public boolean accepts(Value v) {
        switch (this) {
            case INT:
                return v instanceof Value.Int;
            case FLOAT:
                return v instanceof Value.Int || v instanceof Value.Float;
            case BOOL:
                return v instanceof Value.Bool;
            case INT_OR_PAIR:
                return v instanceof Value.Int
                        || (v instanceof Value.Seq s
                                && s.items().size() == 2
                                && s.items().stream().allMatch(i -> i instanceof Value.Int));
            case OPTIONAL_INT:
                return v instanceof Value.Int || v instanceof Value.None;
            case OPTIONAL_NUMBER:
                return v instanceof Value.Int || v instanceof Value.Float || v instanceof Value.None;
            case STRING:
                return v instanceof Value.Str;
            case INT_LIST:
                return v instanceof Value.Seq s && s.items().stream().allMatch(i -> i instanceof Value.Int);
            case ACTIVATION:
                return v instanceof Value.Bool || v instanceof Value.Str;
            case ANY:
            default:
                return true;
        }
    }

    /** Whether a bare word may stand for itself (a string) in this position. */
    public boolean takesWords() {
        return this == STRING || this == ACTIVATION || this == ANY;
    }
}
