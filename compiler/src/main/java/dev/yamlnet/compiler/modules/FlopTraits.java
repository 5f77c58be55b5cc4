package dev.yamlnet.compiler.modules;

/**
 * What decides how thop 2.1.6, called by Ultralytics 8.4.117, counts a model: see the
 * specification's section E4.1. {@code attention}: the layer holds Ultralytics' own
 * {@code Attention}/{@code AAttn} (counted at full size, no proxy). {@code linearOrAdaptivePool}:
 * the proxy needs a second sample. {@code multiheadAttention}: no proxy at all.
 */
public record FlopTraits(boolean attention, boolean linearOrAdaptivePool, boolean multiheadAttention) {
    public static final FlopTraits PLAIN = new FlopTraits(false, false, false);

    public FlopTraits or(FlopTraits o) {
        return new FlopTraits(attention || o.attention, linearOrAdaptivePool || o.linearOrAdaptivePool,
                multiheadAttention || o.multiheadAttention);
    }
}
