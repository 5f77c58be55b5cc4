package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.OptionalInt;

/**
 * A parameter-free single-leaf layer that Ultralytics builds from the row's raw arguments and
 * assumes keeps the channel count (group N: {@code c2 = ch[f]}); thop counts no MACs for it.
 * Subclasses compute the output shape.
 */
abstract class PassThroughInstance implements ModuleInstance {
    private final List<Value> args;
    private final int channels;

    PassThroughInstance(List<Value> args, int channels) {
        this.args = List.copyOf(args);
        this.channels = channels;
    }

    @Override
    public List<Value> args() {
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
