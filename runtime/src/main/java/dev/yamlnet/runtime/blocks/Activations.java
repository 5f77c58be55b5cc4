package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import dev.yamlnet.core.Activation;

/** The DJL implementation of every {@link Activation} the compiler accepts, with PyTorch's formulas. */
public final class Activations {
    private static final double SQRT1_2 = Math.sqrt(0.5);

    private Activations() {}

    /**
     * Applies {@code activation} with PyTorch's formula (results allocated in {@code x}'s manager). SiLU,
     * the common case, overwrites {@code x} and returns it: pass an array nobody else reads, such as a
     * convolution's fresh output.
     */
    public static NDArray apply(Activation activation, NDArray x) {
        switch (activation.kind()) {
            case SILU:
                return YoloBlock.siluInPlace(x);
            case RELU:
                return x.getNDArrayInternal().relu();
            case RELU6:
                return x.clip(0, 6);
            case LEAKY_RELU:
                return x.getNDArrayInternal().leakyRelu((float) activation.parameter());
            case HARDSWISH:
                return x.mul(x.add(3).clip(0, 6).div(6));
            case HARDSIGMOID:
                return x.add(3).clip(0, 6).div(6);
            case GELU: // exact: x * 0.5 * (1 + erf(x / sqrt(2)))
                return x.mul(x.mul(SQRT1_2).erf().add(1).mul(0.5));
            case MISH:
                return x.mul(x.getNDArrayInternal().softPlus().tanh());
            case ELU:
                return x.maximum(0).add(x.minimum(0).exp().sub(1).mul(activation.parameter()));
            case SIGMOID:
                return x.getNDArrayInternal().sigmoid();
            case TANH:
                return x.tanh();
            case IDENTITY:
            default:
                return x;
        }
    }
}
