package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code BoT3(c1, c2, n, e, e2, w, h)} ({@code spec/bot3.md}): a C3-style block whose inner blocks
 * are bottleneck transformers. {@code cv1} and {@code cv2} (1x1 Convs) take {@code c = int(c2 * e)}
 * channels each, {@code m} ({@code m.0} ...) runs {@code n} {@link BottleneckTransformerBlock}s on
 * {@code cv1}'s output, and {@code cv3} (1x1) fuses {@code [m(cv1(x)), cv2(x)]}: the attention
 * branch comes first. Spatial size is kept; with {@code w, h > 0} the attention's position tables
 * bind the block to a map of {@code w} rows and {@code h} columns.
 */
public final class Bot3Block extends YoloBlock {
    /** Attention heads, fixed by the reference. */
    public static final int HEADS = 4;

    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final ConvBlock cv3;
    private final ChainBlock m;
    private final List<BottleneckTransformerBlock> inner;

    /**
     * @param e hidden width ratio, {@code int(c2 * e)} a multiple of {@link #HEADS}
     * @param e2 expansion of the inner blocks; only 1 runs in the reference
     */
    public Bot3Block(int c1, int c2, int n, double e, int e2, int w, int h) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("output channels", c2);
        Blocks.requirePositive("repeats", n);
        if (e2 != 1) {
            throw new IllegalArgumentException("BoT3's expansion e2 must be 1, got " + e2);
        }
        int c = (int) (c2 * e);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(c1, c).build());
        cv3 = addChildBlock("cv3", ConvBlock.builder().setChannels(2 * c, c2).build());
        List<BottleneckTransformerBlock> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            blocks.add(new BottleneckTransformerBlock(c, HEADS, w, h));
        }
        inner = List.copyOf(blocks);
        m = addChildBlock("m", ChainBlock.of(blocks));
    }

    /** The inner blocks {@code m.0}, {@code m.1}, ... */
    public List<BottleneckTransformerBlock> inner() {
        return inner;
    }

    /** {@code cv1}, whose output the inner blocks transform. */
    public ConvBlock cv1() {
        return cv1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList a = m.forward(ps, cv1.forward(ps, inputs, training, params), training, params);
        NDList b = cv2.forward(ps, inputs, training, params);
        return cv3.forward(ps, new NDList(NDArrays.concat(new NDList(a.singletonOrThrow(), b.singletonOrThrow()), 1)), training,
                params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), c2, in.get(2), in.get(3))};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        collectChild(cv3, prefix, "cv3", out);
        collectChild(m, prefix, "m", out);
    }
}
