package dev.yamlnet.runtime.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes one float32 array as a numpy {@code .npy} file (format version 1.0), so that model outputs
 * can be compared with Ultralytics' in numpy without any other tool: {@code numpy.load("y.npy")}.
 *
 * <p>Layout, per the NPY 1.0 specification: the magic {@code \x93NUMPY}, version bytes 1 and 0, a
 * little-endian 2-byte header length, an ASCII Python dict literal
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 84, 8400), }}) padded with spaces and
 * ended by a newline so that the data starts at a multiple of 64 bytes, then the values in C order as
 * little-endian float32.
 */
public final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** numpy aligns the data to this many bytes (since numpy 1.14; 16 before). */
    private static final int ALIGN = 64;

    private NpyWriter() {}

    /**
     * Writes {@code data} with the given shape to {@code file} (replacing it).
     *
     * @throws IllegalArgumentException when the shape's element count differs from {@code data.length}
     */
    public static void write(Path file, long[] shape, float[] data) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, shape, data);
        }
    }

    /** Writes the {@code .npy} bytes to a stream (which stays open). */
    public static void write(OutputStream out, long[] shape, float[] data) throws IOException {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + ShapeText.of(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + ShapeText.of(shape) + " has " + n + " elements, the data " + data.length);
        }
        out.write(header(shape));
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Magic, version, length and the padded dict: a multiple of 64 bytes. */
    static byte[] header(long[] shape) {
        String dims = shape.length == 1
                ? shape[0] + ","
                : String.join(
                        ", ", Arrays.stream(shape).mapToObj(Long::toString).toArray(String[]::new));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1; // + the final newline
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        String text = dict + " ".repeat(padding) + "\n";
        if (text.length() > 0xffff) {
            throw new IllegalArgumentException(
                    "shape " + ShapeText.of(shape) + " makes a header too long for .npy 1.0");
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
