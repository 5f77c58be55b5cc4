package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.ShapeMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code ResNetLayer(c1, c2, s, is_first, n, e)}. First: {@code layer.0} = Conv 7x7
 * stride 2 padding 3 to {@code c2}, then a 3x3 stride-2 max-pool (padding 1). Otherwise {@code layer.i}
 * = {@code n} {@code ResNetBlock}s: {@code cv1} 1x1 to {@code c2}, {@code cv2} 3x3 (stride {@code s} in
 * the first block), {@code cv3} 1x1 to {@code e * c2} without activation, added to {@code shortcut}
 * (a 1x1 Conv without activation, state-dict {@code shortcut.0}, when the stride or width changes;
 * the input otherwise), then ReLU.
 */
public final class ResNetLayerBlock extends YoloBlock {
    private final boolean first;
    private final int out;
    private final int s;
    private final ConvBlock stem;
    private final List<Bottleneck> blocks = new ArrayList<>();

    public ResNetLayerBlock(int c1, int c2, int s, boolean isFirst, int n, int e) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("channels", c2);
        this.first = isFirst;
        this.s = s;
        if (isFirst) {
            this.out = c2;
            stem = addChildBlock(
                    "stem",
                    ConvBlock.builder()
                            .setChannels(c1, c2)
                            .optKernel(7)
                            .optStride(2)
                            .optPadding(3)
                            .build());
        } else {
            this.out = e * c2;
            stem = null;
            for (int i = 0; i < n; i++) {
                blocks.add(addChildBlock("b" + i, new Bottleneck(i == 0 ? c1 : e * c2, c2, i == 0 ? s : 1, e)));
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (first) {
            NDArray y = stem.forward(ps, inputs, training, params).singletonOrThrow();
            return new NDList(Pool.maxPool2d(y, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false));
        }
        NDList y = inputs;
        for (Bottleneck b : blocks) {
            y = b.forward(ps, y, training, params);
        }
        return y;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h;
        long w;
        if (first) {
            h = ShapeMath.convOut(ShapeMath.convOut(in.get(2), 7, 2, 3, 1), 3, 2, 1, 1);
            w = ShapeMath.convOut(ShapeMath.convOut(in.get(3), 7, 2, 3, 1), 3, 2, 1, 1);
        } else {
            h = ShapeMath.convOut(in.get(2), 3, s, 1, 1);
            w = ShapeMath.convOut(in.get(3), 3, s, 1, 1);
        }
        return new Shape[] {new Shape(in.get(0), out, h, w)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        if (first) {
            collectChild(stem, prefix, "layer.0", out);
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            collectChild(blocks.get(i), prefix, "layer." + i, out);
        }
    }

    /** {@code ResNetBlock(c1, c2, s, e)}. */
    static final class Bottleneck extends YoloBlock {
        private final int c3;
        private final int s;
        private final ConvBlock cv1;
        private final ConvBlock cv2;
        private final ConvBlock cv3;
        private final ConvBlock shortcut;

        Bottleneck(int c1, int c2, int s, int e) {
            this.c3 = e * c2;
            this.s = s;
            cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c2).build());
            cv2 = addChildBlock(
                    "cv2",
                    ConvBlock.builder()
                            .setChannels(c2, c2)
                            .optKernel(3)
                            .optStride(s)
                            .optPadding(1)
                            .build());
            cv3 = addChildBlock(
                    "cv3",
                    ConvBlock.builder().setChannels(c2, c3).optActivation(false).build());
            shortcut = s != 1 || c1 != c3
                    ? addChildBlock(
                            "shortcut",
                            ConvBlock.builder()
                                    .setChannels(c1, c3)
                                    .optStride(s)
                                    .optActivation(false)
                                    .build())
                    : null;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList y = cv3.forward(
                    ps, cv2.forward(ps, cv1.forward(ps, inputs, training, params), training, params), training, params);
            NDArray sc = shortcut == null
                    ? inputs.singletonOrThrow()
                    : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
            return new NDList(y.singletonOrThrow().add(sc).getNDArrayInternal().relu());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {
                new Shape(
                        in.get(0),
                        c3,
                        ShapeMath.convOut(in.get(2), 3, s, 1, 1),
                        ShapeMath.convOut(in.get(3), 3, s, 1, 1))
            };
        }

        @Override
        public void collectParameters(String prefix, Map<String, Parameter> out) {
            collectChild(cv1, prefix, "cv1", out);
            collectChild(cv2, prefix, "cv2", out);
            collectChild(cv3, prefix, "cv3", out);
            if (shortcut != null) {
                collectChild(shortcut, prefix, "shortcut.0", out);
            }
        }
    }
}
