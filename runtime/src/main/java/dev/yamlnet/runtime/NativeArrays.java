package dev.yamlnet.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Copies between Java float arrays and native arrays without a staging buffer. DJL's
 * {@code manager.create(float[], shape)} stages the values in a new direct buffer that only the
 * garbage collector frees, so code that runs on every forward pass would grow the process between
 * collections; these methods write into (and read from) the native array's own memory instead.
 */
public final class NativeArrays {
    private NativeArrays() {}

    /** A float32 array of {@code shape} in {@code manager} holding {@code values} (row-major). */
    public static NDArray floats(NDManager manager, float[] values, long... shape) {
        long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (size != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values do not fill shape " + Arrays.toString(shape) + ", which needs " + size);
        }
        NDArray x = manager.create(new Shape(shape), DataType.FLOAT32);
        x.toByteBuffer(true).asFloatBuffer().put(values); // a fresh array is contiguous: the buffer is its memory
        return x;
    }

    /** An array's values as floats in row-major order, copied once from native memory. */
    public static float[] values(NDArray y) {
        FloatBuffer b = y.toByteBuffer(true).asFloatBuffer(); // a non-contiguous array is first made contiguous
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }
}
