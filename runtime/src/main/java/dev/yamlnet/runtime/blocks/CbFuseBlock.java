package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code CBFuse(idx)} (YOLOv9): from input {@code i} (a {@link CbLinearBlock}'s
 * outputs) it takes output {@code idx[i]}, resizes it to the last input's height and width
 * (nearest), and sums all of them with the last input. The model graph hands a layer its inputs'
 * arrays one after another, so the block is told how many arrays each input contributes.
 */
public final class CbFuseBlock extends YoloBlock {
    private final int[] idx;
    private final int[] counts;

    public CbFuseBlock(int[] idx, int[] counts) {
        if (idx.length != counts.length) {
            throw new IllegalArgumentException("CBFuse needs one index per multi-output input, got " + idx.length
                    + " indices for " + counts.length + " inputs");
        }
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= counts[i]) {
                throw new IllegalArgumentException(
                        "CBFuse index " + idx[i] + " is outside input " + i + "'s " + counts[i] + " outputs");
            }
        }
        this.idx = idx.clone();
        this.counts = counts.clone();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray last = inputs.get(inputs.size() - 1);
        long[] size = {last.getShape().get(2), last.getShape().get(3)};
        NDArray sum = null;
        int offset = 0;
        for (int i = 0; i < idx.length; i++) {
            NDArray x = inputs.get(offset + idx[i]);
            offset += counts[i];
            NDArray r = x.getNDArrayInternal().interpolation(size, 0, false);
            sum = sum == null ? r : sum.add(r);
        }
        return new NDList(sum == null ? last : sum.add(last));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[inputShapes.length - 1]};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {}
}
