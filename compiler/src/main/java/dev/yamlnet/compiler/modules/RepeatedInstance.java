package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A row with {@code n > 1} of a module that does not take the repeat count itself: Ultralytics
 * builds {@code n} independent copies with identical arguments and chains them. Counts are the
 * copy's times {@code n}; copy 2 onwards receives copy 1's output, so a copy that changes the
 * channel count is reported (E0501), as Ultralytics' first forward pass would crash.
 */
public final class RepeatedInstance implements ModuleInstance {
    private final ModuleInstance one;
    private final int copies;

    /** {@code copies} chained copies of {@code one}. */
    public RepeatedInstance(ModuleInstance one, int copies) {
        this.one = one;
        this.copies = copies;
    }

    @Override
    public List<Value> args() {
        return one.args();
    }

    @Override
    public OptionalInt recordedChannels() {
        return one.recordedChannels();
    }

    @Override
    public Shape infer(List<Shape> inputs, ShapeContext ctx) {
        Shape current = one.infer(inputs, ctx);
        for (int i = 1; i < copies && !(current instanceof Shape.Unknown); i++) {
            Shape next = one.infer(List.of(current), ctx);
            if (current instanceof Shape.FeatureMap in
                    && inputs.get(0) instanceof Shape.FeatureMap first
                    && in.channels() != first.channels()
                    && !(next instanceof Shape.Unknown)) {
                ctx.report(
                                DiagCode.E0501,
                                ctx.rowSpan(),
                                "copy " + (i + 1) + " of " + copies + " is built for " + first.channels()
                                        + " input channels but receives " + in.channels())
                        .hint("repeats build identical copies; a module that changes the channel count needs repeats 1 "
                                + "(or separate rows)")
                        .emit();
                return Shape.UNKNOWN;
            }
            current = next;
        }
        return current;
    }

    @Override
    public long params() {
        return one.params() * copies;
    }

    @Override
    public long frozenParams() {
        return one.frozenParams() * copies;
    }

    @Override
    public int leaves() {
        return one.leaves() * copies;
    }

    @Override
    public Set<String> sharedLeaves() {
        return one.sharedLeaves();
    }

    @Override
    public int norms() {
        return one.norms() * copies;
    }

    @Override
    public long macs(List<Shape> inputs, Shape output) {
        long total = 0;
        List<Shape> in = inputs;
        for (int i = 0; i < copies; i++) {
            Shape out = i == copies - 1 ? output : one.infer(in, SilentShapeContext.INSTANCE);
            total += one.macs(in, out);
            in = List.of(out);
        }
        return total;
    }

    @Override
    public FlopTraits flopTraits() {
        return one.flopTraits();
    }

    /**
     * {@code n} chained copies, named {@code 0.}, {@code 1.}, ... like Ultralytics' {@code nn.Sequential};
     * empty when the copy has no block. The first copy made (to learn whether there is one) is the
     * chain's first element.
     */
    @Override
    public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
        Optional<B> first = one.block(blocks, inputs);
        if (first.isEmpty()) {
            return first;
        }
        Supplier<B> copy = new Supplier<>() {
            private boolean firstTaken;

            @Override
            public B get() {
                if (!firstTaken) {
                    firstTaken = true;
                    return first.get();
                }
                return one.block(blocks, inputs)
                        .orElseThrow(() -> new IllegalStateException(
                                "a copy of a repeated layer has no block, the first one had"));
            }
        };
        return Optional.of(blocks.repeat(copies, copy));
    }

    /** The single copy, e.g. for back ends that build the chain. */
    public ModuleInstance copy() {
        return one;
    }

    /** How many copies are chained. */
    public int copies() {
        return copies;
    }

    /** Collects nothing; used to recompute intermediate shapes already checked. */
    static final class SilentShapeContext implements ShapeContext {
        static final SilentShapeContext INSTANCE = new SilentShapeContext();

        @Override
        public int layerIndex() {
            return 0;
        }

        @Override
        public List<Integer> inputLayers() {
            return new ArrayList<>(List.of(-1));
        }

        @Override
        public long imageHeight() {
            return 0;
        }

        @Override
        public long imageWidth() {
            return 0;
        }

        @Override
        public dev.yamlnet.compiler.source.Span rowSpan() {
            return dev.yamlnet.compiler.source.Span.NONE;
        }

        @Override
        public dev.yamlnet.compiler.source.Span moduleSpan() {
            return dev.yamlnet.compiler.source.Span.NONE;
        }

        @Override
        public dev.yamlnet.compiler.source.Span argSpan(String name) {
            return dev.yamlnet.compiler.source.Span.NONE;
        }

        @Override
        public dev.yamlnet.compiler.source.Span fromSpan() {
            return dev.yamlnet.compiler.source.Span.NONE;
        }

        @Override
        public dev.yamlnet.compiler.diag.Diagnostics diagnostics() {
            return new dev.yamlnet.compiler.diag.Diagnostics();
        }

        @Override
        public boolean probing() {
            return true;
        }
    }
}
