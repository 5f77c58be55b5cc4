package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code CIB(c1, c2, shortcut, e, lk)} (YOLOv10's compact inverted block): {@code cv1}
 * is a sequence of a depthwise 3x3 Conv, a 1x1 Conv to {@code 2c_} ({@code c_ = int(c2 * e)}), a
 * depthwise mixer ({@link RepVggDwBlock} with {@code lk}, else a depthwise 3x3 Conv), a 1x1 Conv to
 * {@code c2} and a depthwise 3x3 Conv; plus the input when {@code shortcut} and {@code c1 == c2}.
 */
public final class CibBlock extends YoloBlock {
    private final int c2;
    private final ChainBlock cv1;
    private final boolean add;

    public CibBlock(int c1, int c2, boolean shortcut, double e, boolean lk) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        this.c2 = c2;
        YoloBlock mixer = lk ? new RepVggDwBlock(2 * c) : dw(2 * c, true);
        cv1 = addChildBlock(
                "cv1",
                ChainBlock.of(
                        dw(c1, true),
                        ConvBlock.builder().setChannels(c1, 2 * c).build(),
                        mixer,
                        ConvBlock.builder().setChannels(2 * c, c2).build(),
                        dw(c2, true)));
        add = shortcut && c1 == c2;
    }

    private static ConvBlock dw(int c, boolean act) {
        return ConvBlock.builder()
                .setChannels(c, c)
                .optKernel(3)
                .optGroups(c)
                .optActivation(act)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = cv1.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(add ? y.addi(x) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
    }
}
