package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Convenience base for module specs: holds the descriptive parts of {@link ModuleSpec} and
 * Ultralytics' "base module" rewriting of a row ({@link #injectedArgs}). Arguments are read by name
 * through {@link BindContext} ({@code ctx.intArg("g")}); values are made and converted by
 * {@link ArgValues}; the shared checks are {@link ArgChecks} (bind time) and {@link ShapeChecks}
 * (shape inference).
 */
public abstract class BaseModuleSpec implements ModuleSpec {
    private final String name;
    private final String pythonType;
    private final InputArity inputs;
    private final List<ArgSpec> arguments;
    private final String description;

    /**
     * A spec with these descriptive parts.
     *
     * @param name the YAML spelling
     * @param pythonType the class Ultralytics prints
     * @param inputs what the row's {@code from} must be
     * @param arguments the signature, in position order
     * @param description one paragraph for the docs and the JSON Schema
     */
    protected BaseModuleSpec(
            String name, String pythonType, InputArity inputs, List<ArgSpec> arguments, String description) {
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

    /**
     * The "base module" rewrite: {@code [c1, c2, n?, yaml args from index 1...]}, with only the
     * arguments the row gave (Ultralytics passes and prints exactly those).
     */
    protected static List<Value> injectedArgs(BindContext ctx, int c1, int c2, boolean withRepeats) {
        List<Value> out = new ArrayList<>();
        out.add(ArgValues.integer(c1));
        out.add(ArgValues.integer(c2));
        if (withRepeats) {
            out.add(ArgValues.integer(ctx.repeats()));
        }
        for (int i = 1; i < ctx.args().size(); i++) {
            out.add(ctx.args().get(i));
        }
        return out;
    }
}
