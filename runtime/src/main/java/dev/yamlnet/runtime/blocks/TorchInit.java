package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's default initialisation, for models built without a weights file: convolution and
 * linear weights {@code kaiming_uniform(a = sqrt(5))}, which is {@code U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))}, and their biases {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} with the weight's
 * {@code fan_in} (input channels per group times the kernel area, or the input features).
 */
public final class TorchInit implements Initializer {
    private final long fanIn;

    private TorchInit(long fanIn) {
        this.fanIn = fanIn;
    }

    /** For a weight: {@code fan_in} is read from its shape {@code (out, in, k...)}. */
    public static TorchInit weight() {
        return new TorchInit(0);
    }

    /** For a bias belonging to a weight with {@code fanIn} inputs per output. */
    public static TorchInit bias(long fanIn) {
        return new TorchInit(fanIn);
    }

    /** The {@code fan_in} PyTorch computes for a weight of this shape. */
    static long fanIn(Shape shape) {
        long f = shape.get(1);
        for (int i = 2; i < shape.dimension(); i++) {
            f *= shape.get(i);
        }
        return f;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long f = fanIn > 0 ? fanIn : fanIn(shape);
        float bound = (float) (1 / Math.sqrt(f));
        return manager.randomUniform(-bound, bound, shape, dataType);
    }
}
