package dev.yamlnet.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element sizes and the conversion of a (possibly strided) view of storage bytes to float32. */
final class Tensors {
    private Tensors() {}

    static int itemSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new IllegalArgumentException("unknown dtype " + dtype);
        };
    }

    /**
     * The view's elements in C order as float32. The view was checked against the storage when it
     * was unpickled: every index it reaches lies inside {@code bytes}.
     */
    static float[] floats(Py.TensorRef t, byte[] bytes, ByteOrder order) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        String dtype = t.storage().dtype();
        int item = itemSize(dtype);
        long[] size = t.size();
        long[] stride = t.stride();
        int n = (int) t.numel();
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        if (contiguous(size, stride)) {
            int base = (int) t.offset();
            for (int i = 0; i < n; i++) {
                out[i] = element(buf, (base + i) * item, dtype);
            }
            return out;
        }
        // general strides: an odometer over the indices in C order
        int dims = size.length;
        long[] index = new long[dims];
        long at = t.offset();
        for (int i = 0; i < n; i++) {
            out[i] = element(buf, (int) (at * item), dtype);
            for (int d = dims - 1; d >= 0; d--) {
                index[d]++;
                at += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                at -= stride[d] * index[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private static boolean contiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    private static float element(ByteBuffer b, int at, String dtype) {
        return switch (dtype) {
            case "F32" -> b.getFloat(at);
            case "F16" -> halfToFloat(b.getShort(at));
            case "BF16" -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            case "F64" -> (float) b.getDouble(at);
            case "I64" -> b.getLong(at);
            case "I32" -> b.getInt(at);
            case "I16" -> b.getShort(at);
            case "I8" -> b.get(at);
            case "U8", "BOOL" -> b.get(at) & 0xff;
            default -> throw new IllegalArgumentException("unknown dtype " + dtype);
        };
    }

    /** IEEE 754 binary16 to binary32, exact (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // zero or subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
