package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code PSA(c1, c2, e)} (YOLOv10): {@code cv1} (1x1) to {@code 2c} channels
 * ({@code c = int(c1 * e)}) split into halves {@code a, b}; {@code b + attn(b)}, then
 * {@code + ffn(...)} (the {@link PsaBlock} computation, {@code max(c / 64, 1)} heads, attention ratio
 * 0.5, but its {@code attn} and {@code ffn} held by PSA itself); {@code cv2} (1x1) fuses
 * {@code [a, b]} back to {@code c1} channels.
 */
public final class PsaLayerBlock extends YoloBlock {
    private final int c1;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final PsaBlock inner;

    public PsaLayerBlock(int c1, int c2, double e) {
        if (c1 != c2) {
            throw new IllegalArgumentException("PSA needs equal input and output channels, got " + c1 + " and " + c2);
        }
        int c = (int) (c1 * e);
        Blocks.requirePositive("hidden width int(c1 * e)", c);
        this.c1 = c1;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, 2 * c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(2 * c, c1).build());
        inner = addChildBlock("psa", new PsaBlock(c, 0.5, Math.max(c / 64, 1), true));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList ab = cv1.forward(ps, inputs, training, params).singletonOrThrow().split(2, 1);
        NDList b = inner.forward(ps, new NDList(ab.get(1)), training, params);
        return cv2.forward(
                ps, new NDList(NDArrays.concat(new NDList(ab.get(0), b.singletonOrThrow()), 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c1);
    }

    /** {@code cv1}, {@code cv2}, then the attention's {@code attn.*} and {@code ffn.*} directly under PSA. */
    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        inner.collectParameters(prefix, out);
    }
}
