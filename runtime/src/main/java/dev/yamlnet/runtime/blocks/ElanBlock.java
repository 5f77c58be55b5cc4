package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
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
 * Ultralytics' {@code RepNCSPELAN4(c1, c2, c3, c4, n)} and {@code ELAN1(c1, c2, c3, c4)} (YOLOv9):
 * {@code cv1} (1x1, {@code c1 -> c3}) split in two halves, {@code cv2} on the second half and
 * {@code cv3} on {@code cv2}'s output, {@code cv4} (1x1) over the halves and both
 * ({@code c3 + 2 c4 -> c2}). In RepNCSPELAN4 {@code cv2} and {@code cv3} are
 * {@code nn.Sequential(RepCSP(.., c4, n), Conv(c4, c4, 3))}; in ELAN1 plain 3x3 Convs.
 */
public final class ElanBlock extends YoloBlock {
    private final int c2;
    private final ConvBlock cv1;
    private final YoloBlock cv2;
    private final YoloBlock cv3;
    private final ConvBlock cv4;

    private ElanBlock(int c1, int c2, int c3, int c4, YoloBlock cv2, YoloBlock cv3) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("c3", c3);
        Blocks.requirePositive("c4", c4);
        this.c2 = c2;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c3).build());
        this.cv2 = addChildBlock("cv2", cv2);
        this.cv3 = addChildBlock("cv3", cv3);
        cv4 = addChildBlock(
                "cv4", ConvBlock.builder().setChannels(c3 + 2 * c4, c2).build());
    }

    /** {@code RepNCSPELAN4(c1, c2, c3, c4, n)}. */
    public static ElanBlock repNcspElan4(int c1, int c2, int c3, int c4, int n) {
        return new ElanBlock(
                c1,
                c2,
                c3,
                c4,
                ChainBlock.of(new RepCspBlock(c3 / 2, c4, n, true, 1, 0.5), conv3(c4, c4)),
                ChainBlock.of(new RepCspBlock(c4, c4, n, true, 1, 0.5), conv3(c4, c4)));
    }

    /** {@code ELAN1(c1, c2, c3, c4)}. */
    public static ElanBlock elan1(int c1, int c2, int c3, int c4) {
        return new ElanBlock(c1, c2, c3, c4, conv3(c3 / 2, c4), conv3(c4, c4));
    }

    private static ConvBlock conv3(int c1, int c2) {
        return ConvBlock.builder().setChannels(c1, c2).optKernel(3).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> ys = new ArrayList<>(
                cv1.forward(ps, inputs, training, params).singletonOrThrow().split(2, 1));
        NDArray a = cv2.forward(ps, new NDList(ys.get(1)), training, params).singletonOrThrow();
        ys.add(a);
        ys.add(cv3.forward(ps, new NDList(a), training, params).singletonOrThrow());
        return cv4.forward(ps, new NDList(NDArrays.concat(new NDList(ys), 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        collectChild(cv3, prefix, "cv3", out);
        collectChild(cv4, prefix, "cv4", out);
    }
}
