package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.OptionalInt;

/**
 * Base for layers without parameters that are one leaf module (Concat, Upsample, pooling,
 * padding, Identity): no parameters, one leaf, no normalisation, no cost unless overridden.
 */
public abstract class SimpleInstance implements ModuleInstance {
    private final List<Value> args;
    private final int channels;

    protected SimpleInstance(List<Value> args, int recordedChannels) {
        this.args = List.copyOf(args);
        this.channels = recordedChannels;
    }

    @Override
    public final List<Value> args() {
        return args;
    }

    @Override
    public OptionalInt recordedChannels() {
        return OptionalInt.of(channels);
    }

    @Override
    public long params() {
        return 0;
    }

    @Override
    public int leaves() {
        return 1;
    }

    @Override
    public int norms() {
        return 0;
    }

    @Override
    public long macs(List<Shape> inputs, Shape output) {
        return 0;
    }
}
