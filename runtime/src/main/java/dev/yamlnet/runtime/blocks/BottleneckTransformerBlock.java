package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * BoTNet's bottleneck transformer as BoT3 uses it (stride 1, expansion 1, 4 heads):
 * {@code x + MHSA(cv1(x))}, with {@code cv1} an Ultralytics Conv (1x1, BN, SiLU) and the attention
 * at {@code cv2.0} (the reference wraps it in an {@code nn.Sequential}). No normalisation or
 * activation follows the attention.
 *
 * <p>The reference also builds {@code fc1 = Linear(c, c)} that its forward never calls. It is kept
 * here as two tensors ({@code fc1.weight (c, c)}, {@code fc1.bias (c)}) because checkpoints carry
 * them and Ultralytics' parameter counts include them; it takes no part in the forward pass.
 */
public final class BottleneckTransformerBlock extends YoloBlock {
    private final ConvBlock cv1;
    private final ChainBlock cv2;
    private final MhsaBlock mhsa;
    private final Parameter fc1Weight;
    private final Parameter fc1Bias;

    /**
     * @param c input and output channels (a multiple of {@code heads})
     * @param w rows of the attention's position tables (0 with {@code h = 0}: no tables)
     * @param h columns of the attention's position tables
     */
    public BottleneckTransformerBlock(int c, int heads, int w, int h) {
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c, c).build());
        mhsa = new MhsaBlock(c, heads, w, h);
        cv2 = addChildBlock("cv2", ChainBlock.of(mhsa));
        fc1Weight = param("fc1_weight", Parameter.Type.WEIGHT, new Shape(c, c), TorchInit.weight());
        fc1Bias = param("fc1_bias", Parameter.Type.BIAS, new Shape(c), TorchInit.bias(c));
    }

    /** The attention ({@code cv2.0}). */
    public MhsaBlock attention() {
        return mhsa;
    }

    /** {@code cv1}, the 1x1 Conv in front of the attention. */
    public ConvBlock cv1() {
        return cv1;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = cv2.forward(ps, cv1.forward(ps, inputs, training, params), training, params)
                .singletonOrThrow();
        return new NDList(x.add(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        out.put(prefix + "fc1.weight", fc1Weight);
        out.put(prefix + "fc1.bias", fc1Bias);
    }
}
