package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;

/**
 * The C3 layout shared by {@link C3Block} (C3, C3k) and {@link Bot3Block}: {@code cv1} and
 * {@code cv2} (1x1, {@code c1 -> c}), {@code m} (the inner blocks in an {@code nn.Sequential},
 * state-dict names {@code m.0...}) on {@code cv1}'s output, and {@code cv3} (1x1, {@code 2c -> c2})
 * over {@code [m(cv1(x)), cv2(x)]}. Spatial size is kept.
 */
abstract class CspBlock extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final ConvBlock cv3;
    private final ChainBlock m;
    private final List<YoloBlock> inner;

    /** @param c the hidden width, already checked by {@link #hiddenWidth} */
    CspBlock(int c1, int c2, int c, List<? extends YoloBlock> inner) {
        this.c2 = c2;
        this.inner = List.copyOf(inner);
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(c1, c).build());
        cv3 = addChildBlock("cv3", ConvBlock.builder().setChannels(2 * c, c2).build());
        m = addChildBlock("m", ChainBlock.of(this.inner));
    }

    /** {@code int(c2 * e)}, after checking the input channels, the repeat count and the result. */
    static int hiddenWidth(int c1, int c2, int n, double e) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("repeats", n);
        int c = (int) (c2 * e);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        return c;
    }

    /** {@code cv1}, whose output the inner blocks transform. */
    public ConvBlock cv1() {
        return cv1;
    }

    /** The inner blocks {@code m.0}, {@code m.1}, ... */
    List<YoloBlock> innerBlocks() {
        return inner;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList a = m.forward(ps, cv1.forward(ps, inputs, training, params), training, params);
        NDList b = cv2.forward(ps, inputs, training, params);
        return cv3.forward(
                ps,
                new NDList(NDArrays.concat(new NDList(a.singletonOrThrow(), b.singletonOrThrow()), 1)),
                training,
                params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        collectChild(cv3, prefix, "cv3", out);
        collectChild(m, prefix, "m", out);
    }
}
