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
 * PyTorch's {@code nn.ConvTranspose2d(c1, c2, k, s, 0)} for a kernel equal to its stride (YOLOv6's
 * learnt 2x upsampling): each input pixel becomes a {@code k x k} patch, so the transposed
 * convolution is a 1x1 convolution to {@code c2 k k} channels whose outputs are moved into place,
 * plus the bias. Weight layout as PyTorch's: {@code (c1, c2, k, k)}; state-dict names
 * {@code weight}, {@code bias}. DJL's PyTorch engine has no transposed convolution operator.
 */
public final class ConvTranspose2dBlock extends YoloBlock {
    private final int c1;
    private final int c2;
    private final int k;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose2dBlock(int c1, int c2, int k, boolean bias) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("output channels", c2);
        Blocks.requirePositive("kernel", k);
        this.c1 = c1;
        this.c2 = c2;
        this.k = k;
        // PyTorch's ConvTranspose2d fan-in is computed from weight.size(1) * k * k = c2 * k * k
        weight = convWeight("weight", c1, c2, k, k);
        this.bias = bias ? param("bias", Parameter.Type.BIAS, new Shape(c2), TorchInit.bias((long) c2 * k * k)) : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray wt = ps.getValue(weight, x.getDevice(), training)
                .reshape(c1, (long) c2 * k * k)
                .transpose()
                .reshape((long) c2 * k * k, c1, 1, 1);
        NDArray y = Conv2d.conv2d(x, wt, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow()
                .reshape(b, c2, k, k, h, w)
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(b, c2, h * k, w * k);
        if (bias != null) {
            y = y.add(ps.getValue(bias, x.getDevice(), training).reshape(1, c2, 1, 1));
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), c2, in.get(2) * k, in.get(3) * k)};
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "weight", weight);
        if (bias != null) {
            out.put(prefix + "bias", bias);
        }
    }
}
