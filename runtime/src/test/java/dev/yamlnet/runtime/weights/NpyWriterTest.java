package dev.yamlnet.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NPY 1.0 layout byte for byte (as numpy.save writes it), and a round trip through the reader. */
class NpyWriterTest {
    @TempDir
    Path tmp;

    @Test
    void headerIsNumpysForA2x3Float32Array() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.write(out, new long[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        byte[] bytes = out.toByteArray();
        // magic (6) + version (2) + length (2) + dict + spaces + '\n' = 128, then 6 x 4 data bytes
        assertThat(bytes).hasSize(128 + 24);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        assertThat(ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort())
                .isEqualTo((short) 118);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        assertThat(new String(bytes, 10, 118, StandardCharsets.US_ASCII))
                .isEqualTo(dict + " ".repeat(117 - dict.length()) + "\n");
        // 1.0f little-endian is 00 00 80 3f
        assertThat(Arrays.copyOfRange(bytes, 132, 136)).containsExactly(0x00, 0x00, 0x80, 0x3f);
    }

    @Test
    void oneDimensionalShapeHasPythonsTrailingComma() {
        String header = new String(NpyWriter.header(new long[] {5}), StandardCharsets.US_ASCII);
        assertThat(header).contains("'shape': (5,), }");
        assertThat(NpyWriter.header(new long[] {1, 84, 8400}).length % 64).isZero();
    }

    @Test
    void roundTripsThroughTheReader() throws Exception {
        float[] data = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i) * 1000f;
        }
        data[7] = Float.NaN;
        data[8] = Float.NEGATIVE_INFINITY;
        data[9] = -0.0f;
        Path file = tmp.resolve("y.npy");
        NpyWriter.write(file, new long[] {2, 3, 4, 5}, data);
        Tensor t = WeightLoader.read(file).values().iterator().next();
        assertThat(t.dtype()).isEqualTo("F32");
        assertThat(t.shape()).containsExactly(2, 3, 4, 5);
        assertThat(t.data()).containsExactly(data);
        assertThat(Float.floatToRawIntBits(t.data()[9])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Files.size(file) % 4).isZero();
    }

    @Test
    void shapeAndDataMustAgree() {
        assertThatThrownBy(() -> NpyWriter.write(new ByteArrayOutputStream(), new long[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 2) has 4 elements, the data 3");
    }
}
