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
 * Ultralytics' {@code RepCSP(c1, c2, n, shortcut=True, g=1, e=0.5)} (YOLOv9): a C3 ({@code cv1},
 * {@code cv2} 1x1 to {@code c_ = int(c2 * e)}, {@code cv3} 1x1 from {@code 2 c_}) whose {@code m} is
 * {@code n} {@code RepBottleneck(c_, c_, shortcut, g, e=1.0)}: a {@link RepConvBlock} 3x3
 * ({@code cv1}) then a 3x3 Conv ({@code cv2}), plus the input.
 */
public final class RepCspBlock extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final ConvBlock cv3;
    private final ChainBlock m;

    public RepCspBlock(int c1, int c2, int n, boolean shortcut, int g, double e) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        Blocks.requirePositive("repeats", n);
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(c1, c).build());
        cv3 = addChildBlock("cv3", ConvBlock.builder().setChannels(2 * c, c2).build());
        List<YoloBlock> inner = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inner.add(new RepBottleneck(c, c, shortcut, g));
        }
        m = addChildBlock("m", ChainBlock.of(inner));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray a = m.forward(ps, cv1.forward(ps, inputs, training, params), training, params)
                .singletonOrThrow();
        NDArray b = cv2.forward(ps, inputs, training, params).singletonOrThrow();
        return cv3.forward(ps, new NDList(NDArrays.concat(new NDList(a, b), 1)), training, params);
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

    /** {@code RepBottleneck(c1, c2, shortcut, g, k=(3, 3), e=1.0)}. */
    static final class RepBottleneck extends YoloBlock {
        private final RepConvBlock cv1;
        private final ConvBlock cv2;
        private final boolean add;

        RepBottleneck(int c1, int c2, boolean shortcut, int g) {
            cv1 = addChildBlock("cv1", new RepConvBlock(c1, c2, 3, 1));
            cv2 = addChildBlock(
                    "cv2",
                    ConvBlock.builder()
                            .setChannels(c2, c2)
                            .optKernel(3)
                            .optGroups(g)
                            .build());
            add = shortcut && c1 == c2;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray y = cv2.forward(ps, cv1.forward(ps, inputs, training, params), training, params)
                    .singletonOrThrow();
            return new NDList(add ? y.addi(x) : y);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return cv2.getOutputShapes(cv1.getOutputShapes(inputShapes));
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            collectChild(cv1, prefix, "cv1", out);
            collectChild(cv2, prefix, "cv2", out);
        }
    }
}
