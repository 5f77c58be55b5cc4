package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code Bottleneck}: {@code cv1} (k1) to {@code int(c2 * e)} channels, {@code cv2}
 * (k2, groups g) back to {@code c2}, plus the input when {@code shortcut} and {@code c1 == c2}.
 */
public final class BottleneckBlock extends YoloBlock {
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final boolean add;

    /**
     * @param k1 kernel of {@code cv1}
     * @param k2 kernel of {@code cv2}
     * @param e hidden width ratio
     */
    public BottleneckBlock(int c1, int c2, boolean shortcut, int g, int k1, int k2, double e) {
        this(c1, c2, shortcut, g, new int[] {k1, k1}, new int[] {k2, k2}, e);
    }

    /**
     * With rectangular kernels {@code (h, w)} (C3x uses (1, 3) then (3, 1)); padding is Ultralytics'
     * {@code autopad} per dimension.
     */
    public BottleneckBlock(int c1, int c2, boolean shortcut, int g, int[] k1, int[] k2, double e) {
        int c = (int) (c2 * e);
        cv1 = addChildBlock(
                "cv1",
                ConvBlock.builder().setChannels(c1, c).optKernel(k1[0], k1[1]).build());
        cv2 = addChildBlock(
                "cv2",
                ConvBlock.builder()
                        .setChannels(c, c2)
                        .optKernel(k2[0], k2[1])
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
        return new NDList(add ? y.addi(x) : y); // y is cv2's fresh output: add in place
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
