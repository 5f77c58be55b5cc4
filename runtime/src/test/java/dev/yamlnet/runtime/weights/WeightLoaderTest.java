package dev.yamlnet.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading safetensors, npz and npy files without an engine: names, shapes and values. */
class WeightLoaderTest {
    @TempDir
    Path tmp;

    /** Writes a safetensors file: header JSON padded with spaces to a multiple of 8, then the data. */
    static Path safetensors(Path file, String entriesJson, byte[] data) throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"}," + entriesJson + "}";
        while ((header.length() % 8) != 0) {
            header += " ";
        }
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void readsFloat32Float16Bfloat16AndInt64FromSafetensors() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8 + 8 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(0.5f).putFloat(-3f);                                    // F32 [2]
        data.putShort((short) 0x3C00).putShort((short) 0xC000)                 // F16 1.0, -2.0
                .putShort((short) 0x0001).putShort((short) 0x7BFF);            // F16 2^-24 (subnormal), 65504
        data.putShort((short) 0x3F80).putShort((short) 0x4049);                // BF16 1.0, 3.140625
        data.putLong(42);                                                      // I64 scalar
        Path f = safetensors(tmp.resolve("w.safetensors"),
                "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[8,16]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[16,20]},"
                        + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[20,28]}",
                data.array());

        Map<String, Tensor> t = WeightLoader.read(f);

        assertThat(t.keySet()).containsExactly("a", "h", "b", "n");
        assertThat(t.get("a").data()).containsExactly(0.5f, -3f);
        assertThat(t.get("h").shape()).containsExactly(2, 2);
        assertThat(t.get("h").data()).containsExactly(1f, -2f, 0x1p-24f, 65504f);
        assertThat(t.get("b").dtype()).isEqualTo("BF16");
        assertThat(t.get("b").data()).containsExactly(1f, 3.140625f);
        assertThat(t.get("n").shape()).isEmpty();
        assertThat(t.get("n").data()).containsExactly(42f);
    }

    @Test
    void halfPrecisionConversionIsExact() {
        assertThat(WeightLoader.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(WeightLoader.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(WeightLoader.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(WeightLoader.halfToFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
    }

    @Test
    void readsNumpyNpzWithEveryByteOrderAndTheCompressedForm() throws Exception {
        Map<String, Tensor> t = WeightLoader.read(resource("weights/small.npz"));
        assertThat(t.get("model.0.conv.weight").shape()).containsExactly(2, 3, 1, 1);
        assertThat(t.get("model.0.conv.weight").data()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f);
        assertThat(t.get("half").data()).containsExactly(1f, -2f, 65504f);
        assertThat(t.get("big_endian").data()).containsExactly(1.5f, -0.25f);
        assertThat(t.get("model.0.bn.num_batches_tracked").data()).containsExactly(7f);

        Map<String, Tensor> c = WeightLoader.read(resource("weights/small-compressed.npz"));
        assertThat(c.get("a").shape()).containsExactly(2, 2);
        assertThat(c.get("a").data()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void rejectsUnreadableFilesWithAMessageNamingTheProblem() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.safetensors"), "not a weight file at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> WeightLoader.read(junk)).isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("junk.safetensors").hasMessageContaining("neither a safetensors nor an npz file");

        Path shortData = safetensors(tmp.resolve("short.safetensors"),
                "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}", new byte[8]);
        assertThatThrownBy(() -> WeightLoader.read(shortData)).isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("tensor a F32(4)");

        Path complex = safetensors(tmp.resolve("c.safetensors"),
                "\"z\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}", new byte[8]);
        assertThatThrownBy(() -> WeightLoader.read(complex)).isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("tensor z has data type C64");

        assertThatThrownBy(() -> WeightLoader.read(tmp.resolve("absent.npz"))).isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("cannot read");
    }

    static Path resource(String name) {
        try {
            return Path.of(WeightLoaderTest.class.getClassLoader().getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
