package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/** Ultralytics' {@code Concat}: joins all inputs along one axis (1, the channels, in practice). */
public final class ConcatBlock extends YoloBlock {
    private final int axis;

    public ConcatBlock(int axis) {
        this.axis = axis;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(NDArrays.concat(inputs, axis));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] dims = inputShapes[0].getShape().clone();
        int a = axis < 0 ? dims.length + axis : axis;
        for (int i = 1; i < inputShapes.length; i++) {
            dims[a] += inputShapes[i].get(a);
        }
        return new Shape[] {new Shape(dims)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        // no tensors
    }
}
