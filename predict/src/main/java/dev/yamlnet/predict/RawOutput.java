package dev.yamlnet.predict;

import java.util.Arrays;

/**
 * One tensor a model's head returned, as float32 values with their shape, batch first: for a detect model
 * {@code [B, 4 + nc, anchors]}, for segment models that and the prototypes {@code [B, 32, H/4, W/4]}, for
 * end-to-end heads {@code [B, 300, 6 (+ extra)]}, for classify models the softmax {@code [B, nc]}.
 */
public record RawOutput(long[] shape, float[] data) {

    public RawOutput {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dimension {@code i} of the shape. */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawOutput r && Arrays.equals(r.shape, shape) && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawOutput" + Arrays.toString(shape);
    }
}
