package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
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
 * Ultralytics' {@code C2f} (YOLOv8's CSP block): {@code cv1} (1x1) to {@code 2c} channels
 * ({@code c = int(c2 * e)}), split in two halves; {@code n} bottlenecks ({@code m.0} ... {@code m.n-1},
 * two 3x3 Convs each) chain on the second half; {@code cv2} (1x1) fuses all {@code (2 + n) c} maps.
 */
public final class C2fBlock extends YoloBlock {
    private final int c;
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final List<BottleneckBlock> m = new ArrayList<>();

    private C2fBlock(Builder b) {
        this.c = (int) (b.c2 * b.e);
        this.c2 = b.c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(b.c1, 2 * c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels((2 + b.n) * c, b.c2).build());
        for (int i = 0; i < b.n; i++) {
            m.add(addChildBlock("m" + i, new BottleneckBlock(c, c, b.shortcut, b.g, 3, 3, 1.0)));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y0 = cv1.forward(ps, inputs, training, params).singletonOrThrow();
        NDList parts = y0.split(2, 1);
        List<NDArray> ys = new ArrayList<>(parts);
        NDArray last = ys.get(1);
        for (BottleneckBlock b : m) {
            last = b.forward(ps, new NDList(last), training, params).singletonOrThrow();
            ys.add(last);
        }
        return cv2.forward(ps, new NDList(NDArrays.concat(new NDList(ys), 1)), training, params);
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
        for (int i = 0; i < m.size(); i++) {
            collectChild(m.get(i), prefix, "m." + i, out);
        }
    }

    /** Builds a {@link C2fBlock}: {@code setChannels} is required; n 1, no shortcut, g 1, e 0.5 by default. */
    public static final class Builder extends CspBuilder<Builder> {
        private Builder() {
            super(false);
        }

        public C2fBlock build() {
            validate();
            return new C2fBlock(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }

    /** Settings shared by the CSP blocks (C2f, C2): channels, repeats, shortcut, groups, width ratio. */
    public abstract static class CspBuilder<T extends CspBuilder<T>> {
        int c1;
        int c2;
        int n = 1;
        boolean shortcut;
        int g = 1;
        double e = 0.5;

        CspBuilder(boolean shortcutDefault) {
            this.shortcut = shortcutDefault;
        }

        protected abstract T self();

        public T setChannels(int in, int out) {
            this.c1 = in;
            this.c2 = out;
            return self();
        }

        /** Number of bottlenecks (the YAML row's repeats). */
        public T optRepeats(int repeats) {
            this.n = repeats;
            return self();
        }

        public T optShortcut(boolean s) {
            this.shortcut = s;
            return self();
        }

        /** Groups of each bottleneck's second convolution. */
        public T optGroups(int groups) {
            this.g = groups;
            return self();
        }

        /** Hidden width ratio: {@code c = int(c2 * e)}. */
        public T optExpansion(double ratio) {
            this.e = ratio;
            return self();
        }

        void validate() {
            Blocks.requirePositive("input channels", c1);
            Blocks.requirePositive("output channels", c2);
            Blocks.requirePositive("repeats", n);
            Blocks.requirePositive("hidden width int(c2 * e)", (int) (c2 * e));
            Blocks.requirePositive("groups", g);
        }
    }
}
