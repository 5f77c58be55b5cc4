package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * A row for unit tests: given input channels, YAML arguments (after the parser's substitution),
 * repeats and scale letter, at width and depth 1 without a channel cap, so the module sees the
 * constructor arguments of the specification's vectors exactly.
 */
final class StubBindContext implements BindContext {
    private final ModuleSpec spec;
    private final List<Integer> inputs;
    private final List<Value> args;
    private final int repeats;
    private final String scale;
    private final Diagnostics diagnostics = new Diagnostics();
    private boolean legacy = true;

    StubBindContext(ModuleSpec spec, List<Integer> inputs, List<Value> args, int repeats, String scale) {
        this.spec = spec;
        this.inputs = List.copyOf(inputs);
        this.args = List.copyOf(args);
        this.repeats = repeats;
        this.scale = scale;
    }

    @Override
    public int layerIndex() {
        return 1;
    }

    @Override
    public List<Value> args() {
        return args;
    }

    @Override
    public ModuleSpec spec() {
        return spec;
    }

    @Override
    public List<Integer> inputChannels() {
        return inputs;
    }

    @Override
    public int repeats() {
        return repeats;
    }

    @Override
    public double width() {
        return 1.0;
    }

    @Override
    public double depth() {
        return 1.0;
    }

    @Override
    public double maxChannels() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public String scale() {
        return scale;
    }

    @Override
    public Optional<Integer> nc() {
        return Optional.of(80);
    }

    @Override
    public int regMax() {
        return 16;
    }

    @Override
    public Value end2end() {
        return new Value.None(Span.NONE);
    }

    @Override
    public boolean legacy() {
        return legacy;
    }

    @Override
    public void clearLegacy() {
        legacy = false;
    }

    @Override
    public Optional<String> defaultActivation() {
        return Optional.empty();
    }

    @Override
    public Span rowSpan() {
        return Span.NONE;
    }

    @Override
    public Span moduleSpan() {
        return Span.NONE;
    }

    @Override
    public Span argSpan(String name) {
        spec.argumentIndex(name); // a name outside the signature is a bug, as in the resolver's context
        return Span.NONE;
    }

    @Override
    public Span fromSpan() {
        return Span.NONE;
    }

    @Override
    public Diagnostics diagnostics() {
        return diagnostics;
    }
}
