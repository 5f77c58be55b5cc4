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
 * Ultralytics' {@code C3k2(c1, c2, n, c3k, e, attn, g, shortcut)} (YOLO11): C2f's outer convolutions
 * ({@code cv1} to {@code 2c}, {@code c = int(c2 * e)}, split in halves; {@code cv2} fusing all
 * {@code (2 + n) c} maps) with {@code n} inner blocks chained on the second half, an
 * {@code nn.ModuleList} named {@code m.0} ... Each inner block is, in Ultralytics' order of
 * precedence: with {@code attn} a {@code Bottleneck(c, c, shortcut, g)} followed by a
 * {@code PSABlock(c, 0.5, max(c / 64, 1))} ({@code m.i.0}, {@code m.i.1}); with {@code c3k} a
 * {@code C3k(c, c, 2, shortcut, g)}; otherwise a {@code Bottleneck(c, c, shortcut, g)} (3x3 kernels,
 * hidden width {@code c / 2}).
 */
public final class C3k2Block extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final List<YoloBlock> m = new ArrayList<>();

    public C3k2Block(int c1, int c2, int n, boolean c3k, double e, boolean attn, int g, boolean shortcut) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        Blocks.requirePositive("repeats", n);
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, 2 * c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels((2 + n) * c, c2).build());
        for (int i = 0; i < n; i++) {
            YoloBlock inner;
            if (attn) {
                inner = ChainBlock.of(new BottleneckBlock(c, c, shortcut, g, 3, 3, 0.5), new PsaBlock(c, 0.5, Math.max(c / 64, 1), true));
            } else if (c3k) {
                inner = new C3Block(c, c, 2, shortcut, g, 0.5, 3, 3);
            } else {
                inner = new BottleneckBlock(c, c, shortcut, g, 3, 3, 0.5);
            }
            m.add(addChildBlock("m" + i, inner));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> ys = new ArrayList<>(cv1.forward(ps, inputs, training, params).singletonOrThrow().split(2, 1));
        NDArray last = ys.get(1);
        for (YoloBlock b : m) {
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
}
