package dev.yamlnet.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a checkpoint's state dict, converted to float32 (float16, bfloat16, float64 and the
 * integer types included), in C order whatever its strides in the file. {@code dtype} is the stored
 * type as safetensors names it: F16, F32, BF16, F64, I64, I32, I16, I8, U8, BOOL.
 */
public record CheckpointTensor(String name, String dtype, long[] shape, float[] data) {
    public CheckpointTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointTensor t
                && name.equals(t.name)
                && dtype.equals(t.dtype)
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append(' ').append(dtype).append('(');
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(')').toString();
    }
}
