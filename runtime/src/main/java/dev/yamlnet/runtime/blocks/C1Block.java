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
 * Ultralytics' {@code C1(c1, c2, n)}: {@code cv1} (1x1 Conv, {@code c1 -> c2}), then {@code m}, an
 * {@code nn.Sequential} of {@code n} 3x3 Convs {@code c2 -> c2} ({@code m.0}, {@code m.1}, ...), and
 * the output {@code m(y) + y} with {@code y = cv1(x)}.
 */
public final class C1Block extends YoloBlock {
    private final ConvBlock cv1;
    private final ChainBlock m;

    public C1Block(int c1, int c2, int n) {
        Blocks.requirePositive("repeats", n);
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c2).build());
        List<YoloBlock> convs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            convs.add(ConvBlock.builder().setChannels(c2, c2).optKernel(3).build());
        }
        m = addChildBlock("m", ChainBlock.of(convs));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = cv1.forward(ps, inputs, training, params);
        NDArray z = m.forward(ps, y, training, params).singletonOrThrow();
        return new NDList(z.add(y.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return cv1.getOutputShapes(inputShapes);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(m, prefix, "m", out);
    }
}
