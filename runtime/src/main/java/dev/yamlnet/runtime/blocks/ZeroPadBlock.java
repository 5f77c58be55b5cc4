package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * PyTorch's {@code nn.ZeroPad2d((left, right, top, bottom))}: zero columns and rows around the map
 * (torch's {@code constant_pad_nd}; negative values crop, as in PyTorch).
 */
public final class ZeroPadBlock extends YoloBlock {
    private final int left;
    private final int right;
    private final int top;
    private final int bottom;

    public ZeroPadBlock(int left, int right, int top, int bottom) {
        this.left = left;
        this.right = right;
        this.top = top;
        this.bottom = bottom;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().pad(new Shape(left, right, top, bottom), 0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) + top + bottom, in.get(3) + left + right)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        // no tensors
    }
}
