package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * PyTorch's {@code nn.MaxPool2d(kernel_size, stride, padding, dilation, ceil_mode)}: without dilation
 * it runs torch's own max-pool (implicit {@code -inf} padding, PyTorch's ceil-mode rule). DJL's max-pool
 * has no dilation, so a dilated pool pads with {@code -inf} itself and takes the element-wise maximum of
 * the {@code kh * kw} strided slices, one per window element (the same maxima over the same inputs).
 */
public final class MaxPoolBlock extends YoloBlock {
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final int dh;
    private final int dw;
    private final boolean ceil;

    public MaxPoolBlock(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil) {
        this(kh, kw, sh, sw, ph, pw, 1, 1, ceil);
    }

    /** With dilation {@code (dh, dw)}. */
    public MaxPoolBlock(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceil) {
        Blocks.requirePositive("dilation", dh);
        Blocks.requirePositive("dilation", dw);
        Blocks.requirePositive("kernel height", kh);
        Blocks.requirePositive("kernel width", kw);
        Blocks.requirePositive("stride", sh);
        Blocks.requirePositive("stride", sw);
        if (ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2) {
            throw new IllegalArgumentException(
                    "max-pool padding must be between 0 and half the kernel, got " + ph + "x" + pw);
        }
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.dh = dh;
        this.dw = dw;
        this.ceil = ceil;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (dh == 1 && dw == 1) {
            return new NDList(Pool.maxPool2d(x, new Shape(kh, kw), new Shape(sh, sw), new Shape(ph, pw), ceil));
        }
        Shape in = x.getShape();
        long oh = out(in.get(2), kh, sh, ph, dh);
        long ow = out(in.get(3), kw, sw, pw, dw);
        // -inf padding: ph / pw on each side, plus what the last (ceil-mode) window reaches past the right edge
        long extraH = Math.max(0, (oh - 1) * sh + (long) (kh - 1) * dh + 1 - (in.get(2) + 2L * ph));
        long extraW = Math.max(0, (ow - 1) * sw + (long) (kw - 1) * dw + 1 - (in.get(3) + 2L * pw));
        NDArray padded = x.pad(new Shape(pw, pw + extraW, ph, ph + extraH), Double.NEGATIVE_INFINITY);
        NDArray y = null;
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                long h0 = (long) i * dh;
                long w0 = (long) j * dw;
                NDArray slice = padded.get(new NDIndex(
                        ":, :, {}:{}:{}, {}:{}:{}", h0, h0 + (oh - 1) * sh + 1, sh, w0, w0 + (ow - 1) * sw + 1, sw));
                y = y == null ? slice : y.maximum(slice);
            }
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(in.get(0), in.get(1), out(in.get(2), kh, sh, ph, dh), out(in.get(3), kw, sw, pw, dw))
        };
    }

    /** PyTorch's pooling output size, with its ceil-mode rule (the last window must start inside the input or left padding). */
    private long out(long in, int k, int s, int p, int d) {
        long span = in + 2L * p - (long) d * (k - 1) - 1;
        long n = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (n - 1) * s >= in + p) {
            n--;
        }
        return n;
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        // no tensors
    }
}
