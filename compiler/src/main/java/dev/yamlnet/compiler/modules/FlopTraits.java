package dev.yamlnet.compiler.modules;

import java.util.ArrayList;
import java.util.List;

/**
 * What decides how thop 2.1.6, called by Ultralytics 8.4.117, counts a model: see the
 * specification's section E4.1. A layer declares the traits it has by name
 * ({@code FlopTraits.LINEAR_OR_ADAPTIVE_POOL}, or several joined with {@link #or}); the GFLOPs
 * counter joins the traits of every layer.
 */
public final class FlopTraits {
    /** No trait: the stride proxy with one sample. */
    public static final FlopTraits PLAIN = new FlopTraits(false, false, false);
    /** The layer holds Ultralytics' own {@code Attention}/{@code AAttn}: counted at full size, no proxy. */
    public static final FlopTraits ATTENTION = new FlopTraits(true, false, false);
    /** The layer holds an {@code nn.Linear} or an adaptive pool: the proxy needs a second sample. */
    public static final FlopTraits LINEAR_OR_ADAPTIVE_POOL = new FlopTraits(false, true, false);
    /** The layer holds an {@code nn.MultiheadAttention}: no proxy at all. */
    public static final FlopTraits MULTIHEAD_ATTENTION = new FlopTraits(false, false, true);

    private final boolean attention;
    private final boolean linearOrAdaptivePool;
    private final boolean multiheadAttention;

    private FlopTraits(boolean attention, boolean linearOrAdaptivePool, boolean multiheadAttention) {
        this.attention = attention;
        this.linearOrAdaptivePool = linearOrAdaptivePool;
        this.multiheadAttention = multiheadAttention;
    }

    /** Whether {@link #ATTENTION} is among these traits. */
    public boolean attention() {
        return attention;
    }

    /** Whether {@link #LINEAR_OR_ADAPTIVE_POOL} is among these traits. */
    public boolean linearOrAdaptivePool() {
        return linearOrAdaptivePool;
    }

    /** Whether {@link #MULTIHEAD_ATTENTION} is among these traits. */
    public boolean multiheadAttention() {
        return multiheadAttention;
    }

    /** The traits of both: of a model holding layers with each. */
    public FlopTraits or(FlopTraits o) {
        return new FlopTraits(
                attention || o.attention,
                linearOrAdaptivePool || o.linearOrAdaptivePool,
                multiheadAttention || o.multiheadAttention);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlopTraits t
                && t.attention == attention
                && t.linearOrAdaptivePool == linearOrAdaptivePool
                && t.multiheadAttention == multiheadAttention;
    }

    @Override
    public int hashCode() {
        return (attention ? 1 : 0) + (linearOrAdaptivePool ? 2 : 0) + (multiheadAttention ? 4 : 0);
    }

    /** The names of the traits, e.g. {@code FlopTraits[LINEAR_OR_ADAPTIVE_POOL]}. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        if (attention) {
            names.add("ATTENTION");
        }
        if (linearOrAdaptivePool) {
            names.add("LINEAR_OR_ADAPTIVE_POOL");
        }
        if (multiheadAttention) {
            names.add("MULTIHEAD_ATTENTION");
        }
        return "FlopTraits" + names;
    }
}
