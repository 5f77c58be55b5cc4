package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A bound layer whose counts are fixed at bind time (the RT-DETR modules): arguments, recorded
 * channels (empty for a stale {@code c2}), parameters, private leaves, shared leaves, norms and
 * FLOP traits. Subclasses give the shapes, the MACs and the block.
 */
abstract class FixedInstance implements ModuleInstance {
    private final List<Value> args;
    private final OptionalInt recorded;
    private final long params;
    private final int leaves;
    private final Set<String> shared;
    private final int norms;
    private final FlopTraits traits;

    FixedInstance(
            List<Value> args,
            OptionalInt recorded,
            long params,
            int leaves,
            Set<String> shared,
            int norms,
            FlopTraits traits) {
        this.args = List.copyOf(args);
        this.recorded = recorded;
        this.params = params;
        this.leaves = leaves;
        this.shared = Set.copyOf(shared);
        this.norms = norms;
        this.traits = traits;
    }

    @Override
    public final List<Value> args() {
        return args;
    }

    @Override
    public final OptionalInt recordedChannels() {
        return recorded;
    }

    @Override
    public final long params() {
        return params;
    }

    @Override
    public final int leaves() {
        return leaves;
    }

    @Override
    public final Set<String> sharedLeaves() {
        return shared;
    }

    @Override
    public final int norms() {
        return norms;
    }

    @Override
    public final FlopTraits flopTraits() {
        return traits;
    }
}
