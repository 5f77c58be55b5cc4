package dev.yamlnet.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The checkpoints in the test resources ({@code checkpoints/}: Ultralytics-made ones, hostile ones,
 * the outputs Ultralytics computes from them), as real files, and hand-made pickles and archives for
 * the cases no real file shows. Public: the compiler's, runtime's and CLI's tests use it through this
 * module's test jar.
 */
public final class TestCheckpoints {
    private TestCheckpoints() {}

    /**
     * A test resource under {@code checkpoints/} as a file on disk ({@link java.util.zip.ZipFile} needs
     * one; in a test jar the resource is not a file), copied into {@code dir} (keeping its
     * sub-folder, e.g. {@code hostile/}) once.
     */
    public static Path file(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = TestCheckpoints.class.getClassLoader().getResourceAsStream("checkpoints/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource checkpoints/" + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The text of a test resource under {@code checkpoints/}. */
    public static String text(String name) throws IOException {
        try (InputStream in = TestCheckpoints.class.getClassLoader().getResourceAsStream("checkpoints/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource checkpoints/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes a zip (every entry STORED, as torch.save writes them unless {@code deflate}) with these entries in order. */
    public static Path zip(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (!deflate) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A checkpoint archive under root {@code archive/}: the pickle and the storages by key. */
    public static Path checkpoint(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        for (Map.Entry<String, byte[]> s : storages.entrySet()) {
            entries.put("archive/data/" + s.getKey(), s.getValue());
        }
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(file, entries, false);
    }

    /** Writes pickle opcodes, protocol 2 and the few later ones a test needs; {@link #bytes} ends with STOP. */
    public static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Pickle() {
            op(0x80).op(2);
        }

        public Pickle op(int b) {
            out.write(b);
            return this;
        }

        public Pickle global(String module, String name) {
            op('c');
            raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Pickle mark() {
            return op('(');
        }

        public Pickle tuple() {
            return op('t');
        }

        public Pickle emptyTuple() {
            return op(')');
        }

        public Pickle reduce() {
            return op('R');
        }

        public Pickle newobj() {
            return op(0x81);
        }

        public Pickle build() {
            return op('b');
        }

        public Pickle emptyDict() {
            return op('}');
        }

        public Pickle emptyList() {
            return op(']');
        }

        public Pickle setitems() {
            return op('u');
        }

        public Pickle setitem() {
            return op('s');
        }

        public Pickle appends() {
            return op('e');
        }

        public Pickle none() {
            return op('N');
        }

        public Pickle bool(boolean v) {
            return op(v ? 0x88 : 0x89);
        }

        public Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            int4(b.length);
            raw(b);
            return this;
        }

        public Pickle integer(int v) {
            op('J');
            int4(v);
            return this;
        }

        public Pickle binpersid() {
            return op('Q');
        }

        public Pickle put(int memo) {
            return op('q').op(memo);
        }

        public Pickle get(int memo) {
            return op('h').op(memo);
        }

        /** ('storage', torch.<type>, key, 'cpu', numel) then BINPERSID: a storage reference. */
        public Pickle storage(String type, String key, int numel) {
            mark().str("storage")
                    .global("torch", type)
                    .str(key)
                    .str("cpu")
                    .integer(numel)
                    .tuple();
            return binpersid();
        }

        /** _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()). */
        public Pickle tensor(String type, String key, int numel, int offset, int[] size, int[] stride) {
            global("torch._utils", "_rebuild_tensor_v2");
            mark();
            storage(type, key, numel);
            integer(offset);
            mark();
            for (int s : size) {
                integer(s);
            }
            tuple();
            mark();
            for (int s : stride) {
                integer(s);
            }
            tuple();
            bool(false);
            global("collections", "OrderedDict").emptyTuple().reduce();
            tuple();
            return reduce();
        }

        /** Plain data as Python pickles it: str, int, float, bool, None, list, dict (insertion order). */
        public Pickle plain(Object o) {
            if (o == null) {
                return none();
            } else if (o instanceof String str) {
                return str(str);
            } else if (o instanceof Boolean b) {
                return bool(b);
            } else if (o instanceof Integer || o instanceof Long) {
                return integer(Math.toIntExact(((Number) o).longValue()));
            } else if (o instanceof Double d) {
                op('G');
                raw(java.nio.ByteBuffer.allocate(8).putDouble(d).array());
                return this;
            } else if (o instanceof java.util.List<?> list) {
                emptyList();
                if (!list.isEmpty()) {
                    mark();
                    list.forEach(this::plain);
                    appends();
                }
                return this;
            } else if (o instanceof Map<?, ?> map) {
                emptyDict();
                if (!map.isEmpty()) {
                    mark();
                    map.forEach((k, v) -> plain(k).plain(v));
                    setitems();
                }
                return this;
            }
            throw new IllegalArgumentException("not plain data: " + o);
        }

        public Pickle int4(int v) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
            out.write((v >>> 16) & 0xff);
            out.write((v >>> 24) & 0xff);
            return this;
        }

        public Pickle raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        public byte[] bytes() {
            out.write('.');
            return out.toByteArray();
        }
    }

    /**
     * A checkpoint as Ultralytics lays it out ({@code {'model': DetectionModel}} with the model's
     * {@code yaml}) but without tensors: what the compiler reads from a {@code best.pt}.
     */
    public static Path withYaml(Path file, Map<String, ?> yaml) throws IOException {
        Pickle p = new Pickle().emptyDict().mark().str("version").str("8.4.117").str("model");
        p.global("ultralytics.nn.tasks", "DetectionModel")
                .emptyTuple()
                .newobj()
                .emptyDict()
                .mark();
        for (String k : java.util.List.of("_parameters", "_buffers", "_modules")) {
            p.str(k).global("collections", "OrderedDict").emptyTuple().reduce();
        }
        p.str("yaml").plain(yaml);
        p.setitems().build();
        p.str("ema").none().setitems();
        return checkpoint(file, p.bytes(), Map.of());
    }

    /** Little-endian float32 bytes. */
    public static byte[] floats(float... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
