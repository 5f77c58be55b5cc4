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
 * Ultralytics' {@code C3} (YOLOv5's CSP block) and {@code C3k} (its YOLO11 form with k x k
 * bottlenecks): {@code cv1} and {@code cv2} (1x1, {@code c1 -> c_}, {@code c_ = int(c2 * e)}),
 * {@code m} ({@code n} bottlenecks {@code Bottleneck(c_, c_, shortcut, g, k=(k1, k2), e=1.0)} in an
 * {@code nn.Sequential}, state-dict names {@code m.0.cv1...}) on {@code cv1}'s output, and {@code cv3}
 * (1x1) over {@code [m(cv1(x)), cv2(x)]}. C3 uses kernels (1, 3), C3k (k, k).
 */
public final class C3Block extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final ConvBlock cv3;
    private final ChainBlock m;

    /**
     * @param k1 kernel of each bottleneck's first convolution (1 in C3)
     * @param k2 kernel of each bottleneck's second convolution (3 in C3)
     */
    public C3Block(int c1, int c2, int n, boolean shortcut, int g, double e, int k1, int k2) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        Blocks.requirePositive("repeats", n);
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(c1, c).build());
        cv3 = addChildBlock("cv3", ConvBlock.builder().setChannels(2 * c, c2).build());
        List<YoloBlock> bottlenecks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bottlenecks.add(new BottleneckBlock(c, c, shortcut, g, k1, k2, 1.0));
        }
        m = addChildBlock("m", ChainBlock.of(bottlenecks));
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
