package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code RepC3(c1, c2, n, e)}: {@code cv1} and {@code cv2} (1x1, {@code c1 -> c_},
 * {@code c_ = int(c2 * e)}), {@code m} = {@code n} chained {@link RepConv}s on {@code cv1}'s output,
 * the two branches added, then {@code cv3} (1x1 to {@code c2}; an identity when {@code c_ == c2}).
 */
public final class RepC3Block extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final List<RepConv> m = new ArrayList<>();
    private final ConvBlock cv3;

    public RepC3Block(int c1, int c2, int n, double e) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden channels", c);
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(c1, c).build());
        for (int i = 0; i < n; i++) {
            m.add(addChildBlock("m" + i, new RepConv(c, c)));
        }
        cv3 = c != c2
                ? addChildBlock("cv3", ConvBlock.builder().setChannels(c, c2).build())
                : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = cv1.forward(ps, inputs, training, params);
        for (RepConv r : m) {
            y = r.forward(ps, y, training, params);
        }
        NDArray sum = y.singletonOrThrow()
                .add(cv2.forward(ps, inputs, training, params).singletonOrThrow());
        return cv3 == null ? new NDList(sum) : cv3.forward(ps, new NDList(sum), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        for (int i = 0; i < m.size(); i++) {
            collectChild(m.get(i), prefix, "m." + i, out);
        }
        if (cv3 != null) {
            collectChild(cv3, prefix, "cv3", out);
        }
    }

    /**
     * Ultralytics' {@code RepConv(c1, c2, 3, 1)} in training form: {@code conv1} (3x3) and {@code conv2}
     * (1x1), both without activation, summed, then RepConv's own default SiLU (not replaced by a model's
     * {@code activation:} key). No identity BatchNorm branch ({@code bn=False}).
     */
    static final class RepConv extends YoloBlock {
        private final int c2;
        private final ConvBlock conv1;
        private final ConvBlock conv2;

        RepConv(int c1, int c2) {
            this.c2 = c2;
            conv1 = addChildBlock(
                    "conv1",
                    ConvBlock.builder()
                            .setChannels(c1, c2)
                            .optKernel(3)
                            .optPadding(1)
                            .optActivation(false)
                            .build());
            conv2 = addChildBlock(
                    "conv2",
                    ConvBlock.builder()
                            .setChannels(c1, c2)
                            .optPadding(0)
                            .optActivation(false)
                            .build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray a = conv1.forward(ps, inputs, training, params).singletonOrThrow();
            NDArray b = conv2.forward(ps, inputs, training, params).singletonOrThrow();
            return new NDList(siluInPlace(a.add(b)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return sameSize(inputShapes, c2);
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            collectChild(conv1, prefix, "conv1", out);
            collectChild(conv2, prefix, "conv2", out);
        }
    }
}
