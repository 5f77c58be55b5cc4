package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Ultralytics' {@code Proto(c1, c_, c2)}, the mask prototype generator of {@code Segment}: a 3x3 Conv,
 * a 2x2 stride-2 transposed convolution with bias ({@code nn.ConvTranspose2d(c_, c_, 2, 2, 0)}), a 3x3
 * Conv and a 1x1 Conv to {@code c2} masks at twice the input resolution. State-dict names
 * {@code cv1.*}, {@code upsample.weight} {@code (c_, c_, 2, 2)}, {@code upsample.bias}, {@code cv2.*},
 * {@code cv3.*}.
 *
 * <p>DJL's PyTorch engine has no transposed convolution, so the upsampling is computed exactly as
 * its definition for kernel = stride = 2: each input pixel contributes to its own 2x2 output block
 * only, which is one 1x1 convolution to {@code 4 * c_} channels followed by a pixel shuffle.
 */
public final class ProtoBlock extends YoloBlock {
    private final int c1;
    private final int hidden;
    private final int masks;
    private final ConvBlock cv1;
    private final Parameter upWeight;
    private final Parameter upBias;
    private final ConvBlock cv2;
    private final ConvBlock cv3;

    /** {@code Proto(c1, hidden, masks)}. */
    public ProtoBlock(int c1, int hidden, int masks) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("prototype channels", hidden);
        Blocks.requirePositive("masks", masks);
        this.c1 = c1;
        this.hidden = hidden;
        this.masks = masks;
        cv1 = addChildBlock("cv1", DetectBlock.conv(c1, hidden, 3, 1));
        upWeight = convWeight("upsample_weight", hidden, hidden, 2, 2);
        upBias = param("upsample_bias", Parameter.Type.BIAS, new Shape(hidden), TorchInit.bias(4L * hidden));
        cv2 = addChildBlock("cv2", DetectBlock.conv(hidden, hidden, 3, 1));
        cv3 = addChildBlock("cv3", DetectBlock.conv(hidden, masks, 1, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = cv1.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray up = transposedConv2x2(
                x, ps.getValue(upWeight, x.getDevice(), training), ps.getValue(upBias, x.getDevice(), training));
        NDList y = cv2.forward(ps, new NDList(up), training, params);
        return cv3.forward(ps, y, training, params);
    }

    /**
     * {@code conv_transpose2d(x, w, b, stride=2)} for a 2x2 kernel: {@code out[o, 2i+di, 2j+dj] =
     * b[o] + sum_c x[c, i, j] * w[c, o, di, dj]}.
     */
    static NDArray transposedConv2x2(NDArray x, NDArray weight, NDArray bias) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        long in = weight.getShape().get(0);
        long out = weight.getShape().get(1);
        // operations on a parameter put their results in the model's manager: move them to the call's
        NDArray perm = weight.transpose(1, 2, 3, 0);
        perm.attach(x.getManager());
        NDArray asConv = perm.reshape(out * 4, in, 1, 1);
        NDArray y = Conv2d.conv2d(x, asConv).singletonOrThrow();
        y = y.reshape(batch, out, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(batch, out, 2 * h, 2 * w);
        NDArray b = bias.reshape(1, out, 1, 1);
        b.attach(x.getManager());
        return y.addi(b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), masks, 2 * in.get(2), 2 * in.get(3))};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        collectChild(cv1, prefix, "cv1", out);
        out.put(prefix + "upsample.weight", upWeight);
        out.put(prefix + "upsample.bias", upBias);
        collectChild(cv2, prefix, "cv2", out);
        collectChild(cv3, prefix, "cv3", out);
    }

    @Override
    public String toString() {
        return "Proto(" + c1 + ", " + hidden + ", " + masks + ")";
    }
}
