package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.core.ShapeMath;
import java.util.Arrays;
import java.util.Map;

/**
 * Ultralytics' {@code CBLinear(c1, c2s, k, s, p, g)} (YOLOv9): one {@code nn.Conv2d} with bias
 * ({@code conv}) to {@code sum(c2s)} channels, split along the channels into one output per entry
 * of {@code c2s}: the block returns several arrays, which a {@link CbFuseBlock} picks from.
 */
public final class CbLinearBlock extends YoloBlock {
    private final int[] c2s;
    private final int total;
    private final int k;
    private final int s;
    private final int p;
    private final int g;
    private final Parameter weight;
    private final Parameter bias;

    public CbLinearBlock(int c1, int[] c2s, int k, int s, int p, int g) {
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("kernel", k);
        Blocks.requirePositive("stride", s);
        Blocks.requirePositive("groups", g);
        this.c2s = c2s.clone();
        this.total = Arrays.stream(c2s).sum();
        Blocks.requirePositive("output channels", total);
        this.k = k;
        this.s = s;
        this.p = p;
        this.g = g;
        weight = convWeight("conv.weight", total, c1 / g, k, k);
        bias = param("conv.bias", Parameter.Type.BIAS, new Shape(total), TorchInit.bias((long) (c1 / g) * k * k));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = Conv2d.conv2d(
                        x,
                        ps.getValue(weight, x.getDevice(), training),
                        ps.getValue(bias, x.getDevice(), training),
                        new Shape(s, s),
                        new Shape(p, p),
                        new Shape(1, 1),
                        g)
                .singletonOrThrow();
        if (c2s.length == 1) {
            return new NDList(y);
        }
        long[] at = new long[c2s.length - 1];
        long sum = 0;
        for (int i = 0; i < at.length; i++) {
            sum += c2s[i];
            at[i] = sum;
        }
        return y.split(at, 1); // split takes indices, not sizes
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = ShapeMath.convOut(in.get(2), k, s, p, 1);
        long w = ShapeMath.convOut(in.get(3), k, s, p, 1);
        Shape[] out = new Shape[c2s.length];
        for (int i = 0; i < c2s.length; i++) {
            out[i] = new Shape(in.get(0), c2s[i], h, w);
        }
        return out;
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "conv.weight", weight);
        out.put(prefix + "conv.bias", bias);
    }
}
