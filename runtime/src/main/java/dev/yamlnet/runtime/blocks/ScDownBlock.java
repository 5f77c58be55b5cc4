package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code SCDown(c1, c2, k, s)} (YOLOv10): {@code cv1} (1x1 Conv to {@code c2}) then
 * {@code cv2} (depthwise {@code k x k} Conv with stride {@code s}, no activation).
 */
public final class ScDownBlock extends YoloBlock {
    private final ConvBlock cv1;
    private final ConvBlock cv2;

    public ScDownBlock(int c1, int c2, int k, int s) {
        Blocks.requirePositive("output channels", c2);
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c2).build());
        cv2 = addChildBlock(
                "cv2",
                ConvBlock.builder()
                        .setChannels(c2, c2)
                        .optKernel(k)
                        .optStride(s)
                        .optGroups(c2)
                        .optActivation(false)
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return cv2.forward(ps, cv1.forward(ps, inputs, training, params), training, params);
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
