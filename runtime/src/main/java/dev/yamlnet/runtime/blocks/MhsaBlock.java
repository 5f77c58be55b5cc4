package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.yamlnet.runtime.weights.WeightHints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BoTNet multi-head self-attention as the BoT3 reference implementation has it: biased 1x1 projections
 * {@code query}, {@code key}, {@code value}; optional learned position tables {@code rel_h}
 * {@code (1, heads, d, 1, h)} and {@code rel_w} {@code (1, heads, d, w, 1)}. There is no output
 * projection, no normalisation and no {@code 1/sqrt(d)} scaling.
 *
 * <p>For {@code x} of shape {@code (B, C, H, W)}, {@code N = H * W}, {@code d = C / heads}, and
 * q, k, v viewed as {@code (B, heads, d, N)} (channel {@code head * d + c}, position
 * {@code row * W + column}):
 * <ol>
 *   <li>{@code E = q^T k}, {@code (B, heads, N, N)}: row i is the query position, column j the key;
 *   <li>with tables: {@code R = rel_h + rel_w} broadcast to {@code (1, heads, d, w, h)} and
 *       flattened to {@code (1, heads, d, w * h)}; {@code E += R^T q} (row p of the table dotted with
 *       the query at position j, the reference's index pattern, not the paper's);
 *   <li>{@code A = softmax(E)} over the last axis (keys);
 *   <li>{@code out = v A^T}, viewed back to {@code (B, C, H, W)}.
 * </ol>
 * The tables bind the block to maps of exactly {@code w} rows and {@code h} columns (the compiler
 * checks this before a model is built); {@code w = h = 0} means content-only attention at any size.
 */
public final class MhsaBlock extends YoloBlock implements WeightHints {
    private final int channels;
    private final int heads;
    private final int w;
    private final int h;
    private final Conv2dBlock query;
    private final Conv2dBlock key;
    private final Conv2dBlock value;
    private final Parameter relH;
    private final Parameter relW;

    /**
     * @param channels {@code C}, a multiple of {@code heads}
     * @param w rows of the position tables' grid (0 with {@code h = 0}: no tables)
     * @param h columns of the position tables' grid
     */
    public MhsaBlock(int channels, int heads, int w, int h) {
        Blocks.requirePositive("channels", channels);
        Blocks.requirePositive("heads", heads);
        if (channels % heads != 0) {
            throw new IllegalArgumentException(
                    "channels " + channels + " must be divisible by the " + heads + " heads");
        }
        if (w < 0 || h < 0 || (w == 0) != (h == 0)) {
            throw new IllegalArgumentException(
                    "position tables need w and h both positive or both 0, got " + w + ", " + h);
        }
        this.channels = channels;
        this.heads = heads;
        this.w = w;
        this.h = h;
        query = addChildBlock(
                "query", Conv2dBlock.builder().setChannels(channels, channels).build());
        key = addChildBlock(
                "key", Conv2dBlock.builder().setChannels(channels, channels).build());
        value = addChildBlock(
                "value", Conv2dBlock.builder().setChannels(channels, channels).build());
        int d = channels / heads;
        if (hasTables()) {
            relH = param("rel_h", Parameter.Type.OTHER, new Shape(1, heads, d, 1, h), new NormalInitializer(1f));
            relW = param("rel_w", Parameter.Type.OTHER, new Shape(1, heads, d, w, 1), new NormalInitializer(1f));
        } else {
            relH = null;
            relW = null;
        }
    }

    /** Whether the attention has position tables. */
    public boolean hasTables() {
        return w > 0 && h > 0;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(attend(ps, inputs.singletonOrThrow(), training, null));
    }

    /**
     * The forward pass, keeping every intermediate under the names of the reference's debug dump:
     * {@code q}, {@code k}, {@code v} {@code (B, heads, d, N)}, {@code content_content},
     * {@code content_position} (with tables), {@code energy}, {@code attention} {@code (B, heads, N, N)},
     * {@code rel_h_plus_rel_w} {@code (1, heads, d, w, h)} (with tables) and {@code mhsa_output}
     * {@code (B, C, H, W)}. Meant for debugging and parity tests.
     */
    public Map<String, NDArray> forwardDebug(ParameterStore ps, NDArray x) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        attend(ps, x, false, out);
        return out;
    }

    private NDArray attend(ParameterStore ps, NDArray x, boolean training, Map<String, NDArray> debug) {
        Shape s = x.getShape();
        long b = s.get(0);
        long positions = s.get(2) * s.get(3);
        int d = channels / heads;
        NDArray q = project(query, ps, x, training).reshape(b, heads, d, positions);
        NDArray k = project(key, ps, x, training).reshape(b, heads, d, positions);
        NDArray v = project(value, ps, x, training).reshape(b, heads, d, positions);
        NDArray contentContent = q.transpose(0, 1, 3, 2).matMul(k);
        NDArray energy = contentContent;
        NDArray table = null;
        NDArray contentPosition = null;
        if (hasTables()) {
            if (s.get(2) != w || s.get(3) != h) {
                throw new IllegalArgumentException("MHSA position tables fit a " + w + "x" + h
                        + " map (rows x columns), got " + s.get(2) + "x" + s.get(3));
            }
            NDArray rh = ps.getValue(relH, x.getDevice(), training);
            NDArray rw = ps.getValue(relW, x.getDevice(), training);
            table = rh.add(rw); // (1, heads, d, 1, h) + (1, heads, d, w, 1) -> (1, heads, d, w, h)
            table.attach(
                    x.getManager()); // a result of two parameters lands in the model's manager: move it to the call's
            NDArray r = table.reshape(1, heads, d, (long) w * h).transpose(0, 1, 3, 2); // (1, heads, w*h, d)
            contentPosition = r.matMul(q); // (B, heads, w*h, N)
            energy = contentContent.add(contentPosition);
        }
        NDArray attention = energy.softmax(-1);
        NDArray out = v.matMul(attention.transpose(0, 1, 3, 2)).reshape(s);
        if (debug != null) {
            debug.put("q", q);
            debug.put("k", k);
            debug.put("v", v);
            debug.put("content_content", contentContent);
            if (table != null) {
                debug.put("rel_h_plus_rel_w", table);
                debug.put("content_position", contentPosition);
            }
            debug.put("energy", energy);
            debug.put("attention", attention);
            debug.put("mhsa_output", out);
        }
        return out;
    }

    private static NDArray project(Conv2dBlock conv, ParameterStore ps, NDArray x, boolean training) {
        return conv.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        if (hasTables()) {
            out.put(prefix + "rel_h", relH);
            out.put(prefix + "rel_w", relW);
        }
        collectChild(query, prefix, "query", out);
        collectChild(key, prefix, "key", out);
        collectChild(value, prefix, "value", out);
    }

    /**
     * A checkpoint of the table-less BoT3 (the variant most circulating YOLO code trains) lacks
     * {@code rel_h} and {@code rel_w} but has the projections: say so, and how to load it.
     */
    @Override
    public Optional<String> missingTensorsHint(Set<Parameter> missing) {
        boolean projectionsPresent =
                !missing.contains(query.ultralyticsParameters().get("weight"));
        if (!hasTables() || !missing.contains(relH) || !missing.contains(relW) || !projectionsPresent) {
            return Optional.empty();
        }
        return Optional.of("the checkpoint has no rel_h/rel_w position tables: it comes from a table-less BoT3 "
                + "(w = h = 0, content-only attention, the default of most YOLO BoT3 code), but this model's BoT3 has "
                + w + "x" + h + " tables; set w: 0, h: 0 in the BoT3 row (args [c2, e, e2, 0, 0]) to load it");
    }

    @Override
    public String toString() {
        return "MHSA(" + channels + ", heads=" + heads + (hasTables() ? ", tables " + w + "x" + h : ", no tables")
                + ")";
    }
}
