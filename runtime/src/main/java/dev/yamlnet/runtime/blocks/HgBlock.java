package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code HGBlock(c1, cm, c2, k, n, lightconv, shortcut)} (PP-HGNetV2): {@code m} =
 * {@code n} chained blocks to {@code cm} channels ({@code Conv k x k}, or {@code LightConv}: a 1x1
 * conv without activation ({@code conv1}) then a depthwise {@code k x k} conv ({@code conv2})),
 * {@code sc} (1x1 to {@code c2/2}) over the input and every block's output, {@code ec} (1x1 to
 * {@code c2}); plus the input when {@code shortcut} and {@code c1 == c2}. All activations are ReLU.
 */
public final class HgBlock extends YoloBlock {
    private static final Activation RELU = Activation.parse("nn.ReLU()");
    private final int c2;
    private final boolean add;
    private final List<YoloBlock> m = new ArrayList<>();
    private final ConvBlock sc;
    private final ConvBlock ec;

    public HgBlock(int c1, int cm, int c2, int k, int n, boolean lightconv, boolean shortcut) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("inner channels", cm);
        Blocks.requirePositive("output channels / 2", c2 / 2);
        Blocks.requirePositive("blocks", n);
        this.c2 = c2;
        this.add = shortcut && c1 == c2;
        for (int i = 0; i < n; i++) {
            int in = i == 0 ? c1 : cm;
            YoloBlock b = lightconv ? new LightConvBlock(in, cm, k) : relu(in, cm, k, 1);
            m.add(addChildBlock("m" + i, b));
        }
        sc = addChildBlock("sc", relu(c1 + n * cm, c2 / 2, 1, 1));
        ec = addChildBlock("ec", relu(c2 / 2, c2, 1, 1));
    }

    static ConvBlock relu(int in, int out, int k, int g) {
        return ConvBlock.builder()
                .setChannels(in, out)
                .optKernel(k)
                .optGroups(g)
                .optActivation(RELU)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList ys = new NDList(x);
        for (YoloBlock b : m) {
            ys.add(b.forward(ps, new NDList(ys.get(ys.size() - 1)), training, params)
                    .singletonOrThrow());
        }
        NDArray y = sc.forward(ps, new NDList(NDArrays.concat(ys, 1)), training, params)
                .singletonOrThrow();
        y = ec.forward(ps, new NDList(y), training, params).singletonOrThrow();
        return new NDList(add ? y.add(x) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < m.size(); i++) {
            collectChild(m.get(i), prefix, "m." + i, out);
        }
        collectChild(sc, prefix, "sc", out);
        collectChild(ec, prefix, "ec", out);
    }

    /** {@code LightConv(c1, c2, k, act=ReLU)}: {@code conv1} 1x1 without activation, {@code conv2} depthwise k x k. */
    static final class LightConvBlock extends YoloBlock {
        private final int c2;
        private final ConvBlock conv1;
        private final ConvBlock conv2;

        LightConvBlock(int c1, int c2, int k) {
            this.c2 = c2;
            conv1 = addChildBlock(
                    "conv1",
                    ConvBlock.builder().setChannels(c1, c2).optActivation(false).build());
            conv2 = addChildBlock("conv2", relu(c2, c2, k, c2));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return conv2.forward(ps, conv1.forward(ps, inputs, training, params), training, params);
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
