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
 * Ultralytics' {@code C2PSA(c1, c2, n, e)} (YOLO11): {@code cv1} (1x1) to {@code 2c} channels
 * ({@code c = int(c1 * e)}) split into halves {@code a, b}; {@code m} ({@code n} {@link PsaBlock}s with
 * {@code max(c / 64, 1)} heads, attention ratio 0.5, in an {@code nn.Sequential}) runs on {@code b};
 * {@code cv2} (1x1) fuses {@code [a, m(b)]} back to {@code c1} channels.
 */
public final class C2psaBlock extends YoloBlock {
    private final int c1;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final ChainBlock m;

    public C2psaBlock(int c1, int c2, int n, double e) {
        if (c1 != c2) {
            throw new IllegalArgumentException("C2PSA needs equal input and output channels, got " + c1 + " and " + c2);
        }
        int c = (int) (c1 * e);
        Blocks.requirePositive("hidden width int(c1 * e)", c);
        Blocks.requirePositive("repeats", n);
        this.c1 = c1;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, 2 * c).build());
        cv2 = addChildBlock("cv2", ConvBlock.builder().setChannels(2 * c, c1).build());
        List<YoloBlock> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            blocks.add(new PsaBlock(c, 0.5, Math.max(c / 64, 1), true));
        }
        m = addChildBlock("m", ChainBlock.of(blocks));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList ab = cv1.forward(ps, inputs, training, params).singletonOrThrow().split(2, 1);
        NDList mb = m.forward(ps, new NDList(ab.get(1)), training, params);
        return cv2.forward(
                ps, new NDList(NDArrays.concat(new NDList(ab.get(0), mb.singletonOrThrow()), 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), c1, in.get(2), in.get(3))};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        collectChild(m, prefix, "m", out);
    }
}
