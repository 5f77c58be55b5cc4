package dev.yamlnet.runtime.weights;

import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a model's tensors in the formats {@link WeightLoader} reads, so that weights trained or
 * fused in yamlnet can be reloaded here or in Python ({@code safetensors.torch.load_file},
 * {@code numpy.load}) under Ultralytics' state-dict names.
 *
 * <p>safetensors layout: an 8-byte little-endian header length, a JSON header mapping each name to
 * {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} (offsets relative to the
 * end of the header, tensors back to back in the order given), padded with spaces to a multiple of 8
 * bytes as the reference implementation does, then the little-endian float32 data. {@code .npz}: a
 * zip archive with one {@code name.npy} entry per tensor, as {@code numpy.savez} writes it.
 * Every tensor is written as float32; {@code num_batches_tracked} is not written (the runtime has none).
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Reads every parameter's values (the block must be initialised), keeping the map's order. */
    public static List<Tensor> tensors(Map<String, Parameter> parameters) {
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            out.add(new Tensor(
                    e.getKey(),
                    "F32",
                    e.getValue().getArray().getShape().getShape(),
                    e.getValue().getArray().toFloatArray()));
        }
        return out;
    }

    /** Writes {@code tensors} as {@code .npz} when the file name ends so, else as {@code .safetensors}. */
    public static void save(Path file, List<Tensor> tensors) throws IOException {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz")) {
            writeNpz(file, tensors);
        } else {
            writeSafetensors(file, tensors);
        }
    }

    /** Writes a safetensors file (replacing it), tensors in the order given. */
    public static void writeSafetensors(Path file, List<Tensor> tensors) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        Map<String, Tensor> seen = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (seen.put(t.name(), t) != null) {
                throw new IllegalArgumentException("tensor " + t.name() + " given twice");
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * t.data().length;
            offsets.add(offset);
            info.add("data_offsets", offsets);
            header.add(t.name(), info);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(padded)
                    .array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : tensors) {
                writeFloats(out, t.data());
            }
        }
    }

    /** Writes an uncompressed-data {@code .npz} (zip of {@code .npy} entries; replacing the file). */
    public static void writeNpz(Path file, List<Tensor> tensors) throws IOException {
        try (ZipOutputStream zip =
                new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (Tensor t : tensors) {
                zip.putNextEntry(new ZipEntry(t.name() + ".npy"));
                NpyWriter.write(zip, t.shape(), t.data());
                zip.closeEntry();
            }
        }
    }

    private static void writeFloats(OutputStream out, float[] data) throws IOException {
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
}
