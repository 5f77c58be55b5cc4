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
 * The C2f layout shared by {@link C2fBlock} and {@link C3k2Block}: {@code cv1} (1x1,
 * {@code c1 -> 2c}) split in two halves, the inner blocks ({@code m.0} ... {@code m.n-1}) chained on
 * the second half, and {@code cv2} (1x1) over both halves and every inner block's output
 * ({@code (2 + n) c -> c2}). Spatial size is kept.
 */
abstract class SplitChainBlock extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final List<YoloBlock> m = new ArrayList<>();

    SplitChainBlock(int c1, int c2, int c, List<? extends YoloBlock> inner) {
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, 2 * c).build());
        cv2 = addChildBlock(
                "cv2",
                ConvBlock.builder().setChannels((2 + inner.size()) * c, c2).build());
        for (int i = 0; i < inner.size(); i++) {
            m.add(addChildBlock("m" + i, inner.get(i)));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> ys = new ArrayList<>(
                cv1.forward(ps, inputs, training, params).singletonOrThrow().split(2, 1));
        NDArray last = ys.get(1);
        for (YoloBlock b : m) {
            last = b.forward(ps, new NDList(last), training, params).singletonOrThrow();
            ys.add(last);
        }
        return cv2.forward(ps, new NDList(NDArrays.concat(new NDList(ys), 1)), training, params);
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
    }
}
