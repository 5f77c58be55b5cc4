package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.runtime.shape.ShapeMath;
import java.util.Map;

/**
 * PyTorch's {@code nn.MaxPool2d(kernel_size, stride, padding, dilation=1, ceil_mode)}: runs torch's
 * own max-pool (implicit {@code -inf} padding, PyTorch's ceil-mode rule). Dilation other than 1 is not
 * supported (DJL's max-pool has no dilation).
 */
public final class MaxPoolBlock extends YoloBlock {
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final boolean ceil;

    public MaxPoolBlock(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil) {
        Blocks.requirePositive("kernel height", kh);
        Blocks.requirePositive("kernel width", kw);
        Blocks.requirePositive("stride", sh);
        Blocks.requirePositive("stride", sw);
        if (ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2) {
            throw new IllegalArgumentException("max-pool padding must be between 0 and half the kernel, got " + ph + "x" + pw);
        }
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.ceil = ceil;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Pool.maxPool2d(inputs.singletonOrThrow(), new Shape(kh, kw), new Shape(sh, sw), new Shape(ph, pw), ceil));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), out(in.get(2), kh, sh, ph),
                out(in.get(3), kw, sw, pw))};
    }

    private long out(long in, int k, int s, int p) {
        return ceil ? ShapeMath.poolOutCeil(in, k, s, p) : ShapeMath.convOut(in, k, s, p, 1);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        // no tensors
    }
}
