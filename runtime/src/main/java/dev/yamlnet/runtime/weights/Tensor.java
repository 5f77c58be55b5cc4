package dev.yamlnet.runtime.weights;

import java.util.Arrays;

/**
 * One tensor read from a weight file, converted to float32 on the Java heap (no engine needed to
 * read or check a file). {@code dtype} records the stored type (F32, F16, BF16, F64, I64, ...).
 */
public record Tensor(String name, String dtype, long[] shape, float[] data) {
    public Tensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as PyTorch prints it, e.g. {@code (8, 3, 3, 3)}; {@code ()} for a scalar. */
    public String shapeText() {
        return ShapeText.of(shape);
    }

    public long size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t
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
        return name + " " + dtype + shapeText();
    }
}
