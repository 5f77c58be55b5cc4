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
        data.putFloat(0.5f).putFloat(-3f); // F32 [2]
        data.putShort((short) 0x3C00)
                .putShort((short) 0xC000) // F16 1.0, -2.0
                .putShort((short) 0x0001)
                .putShort((short) 0x7BFF); // F16 2^-24 (subnormal), 65504
        data.putShort((short) 0x3F80).putShort((short) 0x4049); // BF16 1.0, 3.140625
        data.putLong(42); // I64 scalar
        Path f = safetensors(
                tmp.resolve("w.safetensors"),
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
        Path junk = Files.write(
                tmp.resolve("junk.safetensors"), "not a weight file at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> WeightLoader.read(junk))
                .isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("junk.safetensors")
                .hasMessageContaining("neither a safetensors nor an npz file");

        Path shortData = safetensors(
                tmp.resolve("short.safetensors"),
                "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}",
                new byte[8]);
        assertThatThrownBy(() -> WeightLoader.read(shortData))
                .isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("tensor a F32(4)");

        Path complex = safetensors(
                tmp.resolve("c.safetensors"),
                "\"z\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}",
                new byte[8]);
        assertThatThrownBy(() -> WeightLoader.read(complex))
                .isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("tensor z has data type C64");

        assertThatThrownBy(() -> WeightLoader.read(tmp.resolve("absent.npz")))
                .isInstanceOf(WeightLoadException.class)
                .hasMessageContaining("cannot read");
    }

    static Path resource(String name) {
        try {
            return Path.of(
                    WeightLoaderTest.class.getClassLoader().getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    /** A .npy array: magic, version 1.0, the header padded with spaces to a multiple of 64, then the data. */
    static byte[] npy(String header, byte[] data) {
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        b.putShort((short) hb.length).put(hb).put(data);
        return b.array();
    }

    private String readProblem(Path file) {
        try {
            WeightLoader.read(file);
        } catch (WeightLoadException e) {
            return e.getMessage();
        }
        throw new AssertionError(file + " was read without complaint");
    }

    /**
     * Headers a hostile or broken writer produces: every one is a WeightLoadException naming the
     * tensor and the problem (before, strings and floats were read as numbers, an offset that
     * overflows 64 bits passed the bounds check, and garbage escaped as NumberFormatException).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "shape of strings|\"shape\":[\"1\"],\"data_offsets\":[0,4]|has a shape that is not a list of non-negative whole numbers",
                "float shape|\"shape\":[1.0],\"data_offsets\":[0,4]|has a shape that is not a list of non-negative whole numbers",
                "negative shape|\"shape\":[-1],\"data_offsets\":[0,4]|has a shape that is not a list of non-negative whole numbers",
                "shape over 64 bits|\"shape\":[18446744073709551616],\"data_offsets\":[0,4]|entry 18446744073709551616 that does not fit 64 bits",
                "offsets of strings|\"shape\":[1],\"data_offsets\":[\"0\",\"4\"]|has a data_offsets that is not a list of 2 non-negative",
                "three offsets|\"shape\":[1],\"data_offsets\":[0,4,8]|has a data_offsets that is not a list of 2 non-negative",
                "offsets past the end, overflowing|\"shape\":[1],\"data_offsets\":[9223372036854775800,9223372036854775804]|do not fit its shape",
                "offsets past the end|\"shape\":[2],\"data_offsets\":[0,8]|that do not fit its shape (8 bytes) or the file's 4 bytes of data",
                "elements overflow|\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]|more than 2^63 elements",
                "no dtype|\"shape\":[1],\"data_offsets\":[0,4],\"dtype\":7|has no dtype string"
            })
    void malformedSafetensorsHeadersAreRefusedByName(String what, String entry, String problem) throws IOException {
        String json = entry.contains("dtype") ? entry : "\"dtype\":\"F32\"," + entry;
        Path f = safetensors(tmp.resolve("bad.safetensors"), "\"t\":{" + json + "}", new byte[4]);
        assertThat(readProblem(f))
                .contains("bad.safetensors")
                .contains("tensor t")
                .contains(problem);
    }

    @Test
    void safetensorsDataMustBeTiledExactlyAsTheFormatRequires() throws IOException {
        Path gap = safetensors(
                tmp.resolve("gap.safetensors"),
                "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}",
                new byte[8]);
        assertThat(readProblem(gap)).contains("tensor a starts at data offset 4, but the data before it ends at 0");
        Path overlap = safetensors(
                tmp.resolve("overlap.safetensors"),
                "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}",
                new byte[8]);
        assertThat(readProblem(overlap)).contains("starts at data offset 4, but the previous tensor ends at 8");
        Path trailing = safetensors(
                tmp.resolve("trailing.safetensors"),
                "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}",
                new byte[1 << 20]);
        assertThat(readProblem(trailing)).contains("1048572 bytes follow the last tensor's data");
        Path notJson = safetensors(tmp.resolve("lenient.safetensors"), "a:{dtype:F32}", new byte[0]);
        assertThat(readProblem(notJson)).contains("safetensors header is not valid JSON");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "trailing junk after the dict|{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }junk|unexpected text after the dict",
                "junk inside|{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}|unexpected key 'x'",
                "dimension over 64 bits|{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }|does not fit 64 bits",
                "elements overflow|{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }|more than 2^63 elements",
                "absurd dimension|{'descr': '<f4', 'fortran_order': False, 'shape': (3000000000,), }|more than Java arrays hold",
                "negative dimension|{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }|expected a non-negative whole number",
                "unknown dtype|{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }|.npy data type <c16 is not supported",
                "absurd dtype size|{'descr': '<f99999999999', 'fortran_order': False, 'shape': (1,), }|is not supported",
                "structured dtype|{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }|expected a quoted string",
                "missing key|{'descr': '<f4', 'shape': (1,), }|are required",
                "a number, not a tuple|{'descr': '<f4', 'fortran_order': False, 'shape': (1), }|written (n,)"
            })
    void malformedNpyHeadersAreRefusedByName(String what, String header, String problem) throws IOException {
        Path f = Files.write(tmp.resolve("bad.npy"), npy(header, new byte[4]));
        assertThat(readProblem(f)).contains("bad.npy").contains(problem);
    }

    @Test
    void npyDataMustBeExactlyWhatTheShapeDeclares() throws Exception {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        assertThat(readProblem(Files.write(tmp.resolve("short.npy"), npy(header, new byte[4]))))
                .contains("shorter than its shape (2) needs (4 of 8 bytes)");
        assertThat(readProblem(Files.write(tmp.resolve("long.npy"), npy(header, new byte[12]))))
                .contains("4 bytes longer than its shape (2) needs");
        byte[] cut = java.util.Arrays.copyOf(npy(header, new byte[8]), 9);
        assertThat(readProblem(Files.write(tmp.resolve("cut.npy"), cut))).contains(".npy header is cut short");
        byte[] truncatedHeader = java.util.Arrays.copyOf(npy(header, new byte[0]), 30);
        assertThat(readProblem(Files.write(tmp.resolve("cut2.npy"), truncatedHeader)))
                .contains("header length 118 exceeds the data");
        assertThat(WeightLoader.read(Files.write(tmp.resolve("ok.npy"), npy(header, new byte[8])))
                        .get("array")
                        .data())
                .containsExactly(0f, 0f);
    }

    /**
     * A zip bomb: the entry's header declares two floats, the entry inflates to 64 MB of zeros
     * (about 64 kB compressed). It is refused after reading the 8 bytes the shape declares, not
     * inflated into memory.
     */
    @Test
    void npzEntriesThatInflatePastTheirTensorAreRefused() throws IOException {
        Path bomb = tmp.resolve("bomb.npz");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("model.0.conv.weight.npy"));
            zip.write(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertThat(readProblem(bomb))
                .contains("bomb.npz!model.0.conv.weight.npy")
                .contains("bytes longer than its shape (2) needs");
    }

    @Test
    void devicesAndDirectoriesAreNotReadAsWeights() throws IOException {
        assertThat(readProblem(tmp)).contains("it is a directory");
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "a system with /dev/zero");
        // before, this read until the heap was exhausted
        assertThat(readProblem(zero)).contains("not a regular file");
    }
}
