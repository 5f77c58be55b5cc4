package dev.yamlnet.compiler.memory;

import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import java.util.List;
import java.util.Locale;

/**
 * How much memory one forward pass of a compiled model needs, estimated from the shapes the
 * compiler already knows, before any tensor exists: so that {@code run --imgsz 16384} or a BoT3
 * without position tables on a huge map is refused with a number instead of being killed by the
 * operating system.
 *
 * <p>It follows the runtime's own freeing: a layer's output lives until the last layer that reads
 * it has run (the final output until the end). While layer {@code i} runs, what is alive is every
 * earlier output still to be read, plus the layer's working memory: {@link #WORKING_FACTOR} times
 * its output (the intermediates of a C2f, a head's branches) and, for attention blocks,
 * {@link #ATTENTION_COPIES} copies of the attention logits the module reports. The peak over the
 * layers, plus the parameters, the input (on the Java heap and in native memory) and the fixed cost
 * of a started engine, is the estimate. The factors were calibrated on measured peak RSS (see
 * {@code docs/security.md}); the estimate is meant to err high, not to be exact.
 *
 * @param parameters bytes of float32 parameters and BatchNorm buffers, {@link #PARAMETER_COPIES} times
 * @param input bytes of the input image, counted twice (Java array and native copy)
 * @param activations the peak bytes of outputs and working memory during one layer
 * @param attention the attention logits in that peak (included in {@code activations})
 * @param peakLayer the layer at which the peak occurs
 * @param total everything above plus {@link #ENGINE_BYTES}
 */
public record MemoryEstimate(long parameters, long input, long activations, long attention, int peakLayer, long total) {
    /** Working memory of a layer, as a multiple of its output: intermediates live until the layer ends. */
    public static final int WORKING_FACTOR = 6;

    /**
     * Copies of the parameters alive while the model is built and its weights loaded: the native
     * tensors, the Java arrays their initial values or the weight file's values come from, and the
     * staging copy each one is swapped in with.
     */
    public static final int PARAMETER_COPIES = 3;

    /** Copies of the attention logits alive at once (content-content, content-position, their sum, the softmax). */
    public static final int ATTENTION_COPIES = 4;

    /** The started PyTorch engine and the JVM around it, measured at about 230 MB of RSS for a tiny model. */
    public static final long ENGINE_BYTES = 320L << 20;

    private static final long FLOAT = 4;

    /** The estimate for one image of the model's input size. */
    public static MemoryEstimate of(ModelIr model) {
        return of(model, 1, model.imgsz(), model.imgsz());
    }

    /**
     * The estimate for a batch of {@code batch} images of {@code height x width}; the shapes are the
     * compiler's at its image size, scaled by the ratio of areas (every layer's area scales with the
     * input's) and by the batch.
     */
    public static MemoryEstimate of(ModelIr model, long batch, long height, long width) {
        double area = (double) height * width / ((double) model.imgsz() * model.imgsz());
        double scale = area * batch;
        List<LayerIr> layers = model.layers();
        int n = layers.size();
        // the last layer that reads each output (-1: none); the image is index n
        int[] lastUse = new int[n + 1];
        java.util.Arrays.fill(lastUse, -1);
        for (LayerIr l : layers) {
            for (int from : l.inputs()) {
                int k = from < 0 ? n : from;
                lastUse[k] = Math.max(lastUse[k], l.index());
            }
        }
        lastUse[n - 1] = n; // the model's output is kept
        long image = saturate(FLOAT * model.channels() * (double) height * width * batch);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = saturate(bytes(layers.get(i).output()) * scale);
        }
        long peak = 0;
        long peakAttention = 0;
        int peakLayer = 0;
        for (int i = 0; i < n; i++) {
            long live = lastUse[n] >= i ? image : 0;
            for (int j = 0; j < i; j++) {
                if (lastUse[j] >= i) {
                    live = add(live, out[j]);
                }
            }
            // logits grow with the square of the area, per image
            long attention = saturate(attentionBytes(layers.get(i)) * area * area * batch * ATTENTION_COPIES);
            long during = add(add(live, saturate((double) out[i] * (1 + WORKING_FACTOR))), attention);
            if (during > peak) {
                peak = during;
                peakAttention = attention;
                peakLayer = i;
            }
        }
        // BatchNorm buffers add a few percent to the parameters
        long parameters = saturate(FLOAT * PARAMETER_COPIES * (double) model.params() * 1.02);
        long input = saturate(2.0 * image);
        long total = add(add(add(parameters, input), peak), ENGINE_BYTES);
        return new MemoryEstimate(parameters, input, peak, peakAttention, peakLayer, total);
    }

    /** Float32 bytes of a shape (a tuple or dict: all its parts); 0 when unknown. */
    static double bytes(Shape s) {
        if (s instanceof Shape.FeatureMap f) {
            return (double) FLOAT * f.channels() * f.height() * f.width();
        } else if (s instanceof Shape.Tensor t) {
            double n = FLOAT;
            for (long d : t.dims()) {
                n *= d;
            }
            return n;
        } else if (s instanceof Shape.Tuple t) {
            return t.items().stream().mapToDouble(MemoryEstimate::bytes).sum();
        } else if (s instanceof Shape.Dict d) {
            return d.entries().values().stream()
                    .mapToDouble(MemoryEstimate::bytes)
                    .sum();
        }
        return 0;
    }

    private static double attentionBytes(LayerIr l) {
        return l.extras().get("attention_memory_bytes") instanceof Number b ? b.doubleValue() : 0;
    }

    private static long saturate(double v) {
        return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(v);
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** {@code 1.5 GiB}, {@code 312 MiB}: binary units, three significant digits. */
    public static String human(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EiB";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0
                ? bytes + " bytes"
                : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }
}
