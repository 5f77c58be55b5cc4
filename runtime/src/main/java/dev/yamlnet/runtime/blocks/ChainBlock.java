package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code nn.Sequential}: children run one after the other, named {@code "0"},
 * {@code "1"}, ... in the state dict (e.g. a row repeated {@code n} times, a C2f's {@code m}, or a
 * detection head branch {@code cv2.0}).
 */
public final class ChainBlock extends YoloBlock {
    private final List<YoloBlock> blocks;

    private ChainBlock(List<YoloBlock> blocks) {
        this.blocks = List.copyOf(blocks);
        for (int i = 0; i < this.blocks.size(); i++) {
            addChildBlock(String.valueOf(i), this.blocks.get(i));
        }
    }

    public static ChainBlock of(List<? extends YoloBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one block");
        }
        return new ChainBlock(new ArrayList<>(blocks));
    }

    public static ChainBlock of(YoloBlock... blocks) {
        return of(List.of(blocks));
    }

    public List<YoloBlock> blocks() {
        return blocks;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (YoloBlock b : blocks) {
            x = b.forward(ps, x, training, params);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (YoloBlock b : blocks) {
            s = b.getOutputShapes(s);
        }
        return s;
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < blocks.size(); i++) {
            collectChild(blocks.get(i), prefix, String.valueOf(i), out);
        }
    }
}
