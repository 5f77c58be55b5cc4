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
 * Ultralytics' {@code C2}: {@code cv1} (1x1) to {@code 2c} channels split into halves {@code a, b};
 * {@code m} (a sequence of {@code n} bottlenecks, {@code m.0} ...) runs on {@code a}; {@code cv2}
 * (1x1) fuses {@code [m(a), b]}.
 */
public final class C2Block extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final ChainBlock m;

    private C2Block(Builder b) {
        int c = (int) (b.c2 * b.e);
        this.c2 = b.c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(b.c1, 2 * c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(2 * c, b.c2).build());
        List<YoloBlock> bottlenecks = new ArrayList<>();
        for (int i = 0; i < b.n; i++) {
            bottlenecks.add(new BottleneckBlock(c, c, b.shortcut, b.g, 3, 3, 1.0));
        }
        m = addChildBlock("m", ChainBlock.of(bottlenecks));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList ab = cv1.forward(ps, inputs, training, params).singletonOrThrow().split(2, 1);
        NDList ma = m.forward(ps, new NDList(ab.get(0)), training, params);
        return cv2.forward(
                ps, new NDList(NDArrays.concat(new NDList(ma.singletonOrThrow(), ab.get(1)), 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        collectChild(m, prefix, "m", out);
    }

    /** Builds a {@link C2Block}: {@code setChannels} is required; n 1, shortcut on, g 1, e 0.5 by default. */
    public static final class Builder extends C2fBlock.CspBuilder<Builder> {
        private Builder() {
            super(true);
        }

        public C2Block build() {
            validate();
            return new C2Block(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
