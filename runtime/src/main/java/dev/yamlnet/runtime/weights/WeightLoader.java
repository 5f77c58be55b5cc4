package dev.yamlnet.runtime.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.CheckpointException;
import dev.yamlnet.checkpoint.CheckpointTensor;
import dev.yamlnet.runtime.blocks.YoloBlock;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads Ultralytics state dicts saved as {@code .safetensors}, numpy {@code .npz} or in a {@code .pt}
 * checkpoint (read by {@link Checkpoint}, which runs nothing from the file) and puts them into a
 * model's parameters by name ({@code model.0.conv.weight}, {@code model.22.dfl.conv.weight}).
 *
 * <p>Files are parsed here rather than by DJL's {@code NDList.decode}: every tensor is converted to
 * float32 on the Java heap (float16 and bfloat16 included; DJL aborts the JVM on bfloat16), the file
 * is checked completely before anything is copied, and every problem is reported by name.
 * {@code num_batches_tracked} buffers are ignored (they have no effect on inference).
 */
public final class WeightLoader {
    /**
     * Largest safetensors header accepted: 16 MiB describes some 150,000 tensors, a hundred times
     * the largest model yamlnet builds (the format's own limit is 100 MB).
     */
    private static final long MAX_HEADER = 16L * 1024 * 1024;

    private WeightLoader() {}

    /**
     * Reads a weight file, choosing the format by its name ({@code .pt}) or first bytes; names in file order. Only regular
     * files are read (a FIFO would block, a device such as {@code /dev/zero} never ends), every read
     * is bounded by the sizes the file declares and checks, and nothing is read when the values
     * would not fit the Java heap.
     */
    public static Map<String, Tensor> read(Path file) throws WeightLoadException {
        if (!Files.isRegularFile(file)) {
            throw new WeightLoadException("cannot read " + file + ": "
                    + (!Files.exists(file)
                            ? "no such file"
                            : Files.isDirectory(file)
                                    ? "it is a directory, expected a file"
                                    : "not a regular file (a device, pipe or socket); save the weights to a file"));
        }
        if (Checkpoint.isCheckpoint(file)) {
            try {
                return fromCheckpoint(Checkpoint.read(file));
            } catch (CheckpointException e) {
                throw new WeightLoadException(file + ": " + e.getMessage(), e);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(8);
            int n = Math.max(ch.read(head, 0), 0);
            byte[] b = head.array();
            if (n >= 2 && b[0] == 'P' && b[1] == 'K') {
                return readNpz(file);
            }
            if (n >= 6 && (b[0] & 0xff) == 0x93 && b[1] == 'N' && b[2] == 'U') {
                InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16);
                Tensor t = readNpy("array", in, ch.size(), file.toString());
                Map<String, Tensor> one = new LinkedHashMap<>();
                one.put(t.name(), t);
                return one;
            }
            return readSafetensors(ch, file.toString());
        } catch (IOException e) {
            throw new WeightLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint's state dict as tensors, in state-dict order ({@code num_batches_tracked} is never in it). */
    public static Map<String, Tensor> fromCheckpoint(Checkpoint checkpoint) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (CheckpointTensor t : checkpoint.stateDict().values()) {
            out.put(t.name(), new Tensor(t.name(), t.dtype(), t.shape(), t.data()));
        }
        return out;
    }

    /**
     * Loads a file into a block's parameters (the block must be initialised). Nothing is copied
     * unless every tensor fits.
     *
     * @throws WeightMismatchException listing every missing, unexpected or wrongly shaped tensor
     */
    public static void load(YoloBlock block, Path file) throws WeightLoadException {
        load(block, read(file), file.toString());
    }

    /**
     * As {@link #load(YoloBlock, Path)} for tensors already read with {@link #read}; {@code source}
     * names them in messages. The blocks' hints for missing tensors (such as BoT3's about a
     * checkpoint without position tables) are part of the exception.
     */
    public static void load(YoloBlock block, Map<String, Tensor> tensors, String source)
            throws WeightMismatchException {
        Map<String, Parameter> expected = block.ultralyticsParameters();
        try {
            apply(expected, tensors, source);
        } catch (WeightMismatchException e) {
            List<String> hints = hints(block, expected, e.problems());
            if (hints.isEmpty()) {
                throw e;
            }
            throw new WeightMismatchException(source, e.problems(), hints);
        }
    }

    /** Hints of every {@link WeightHints} block in the tree for the missing tensors, without repeats. */
    private static List<String> hints(
            Block root, Map<String, Parameter> expected, List<WeightMismatchException.Problem> problems) {
        Set<Parameter> missing = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WeightMismatchException.Problem p : problems) {
            if (p.kind() == WeightMismatchException.Kind.MISSING && expected.containsKey(p.name())) {
                missing.add(expected.get(p.name()));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        if (!missing.isEmpty()) {
            collectHints(root, missing, out);
        }
        return List.copyOf(out);
    }

    private static void collectHints(Block block, Set<Parameter> missing, Set<String> out) {
        if (block instanceof WeightHints w) {
            w.missingTensorsHint(missing).ifPresent(out::add);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collectHints(child.getValue(), missing, out);
        }
    }

    /** Checks {@code tensors} against {@code expected} by name and shape, then copies them in. */
    public static void apply(Map<String, Parameter> expected, Map<String, Tensor> tensors, String source)
            throws WeightMismatchException {
        List<WeightMismatchException.Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            long[] want = e.getValue().getShape().getShape();
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                problems.add(new WeightMismatchException.Problem(
                        WeightMismatchException.Kind.MISSING, e.getKey(), ShapeText.of(want), null));
            } else if (!Arrays.equals(want, t.shape())) {
                problems.add(new WeightMismatchException.Problem(
                        WeightMismatchException.Kind.SHAPE, e.getKey(), ShapeText.of(want), t.shapeText()));
            }
        }
        for (Tensor t : tensors.values()) {
            if (!expected.containsKey(t.name()) && !t.name().endsWith("num_batches_tracked")) {
                problems.add(new WeightMismatchException.Problem(
                        WeightMismatchException.Kind.UNEXPECTED, t.name(), null, t.shapeText()));
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightMismatchException(source, problems);
        }
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            NDArray dst = e.getValue().getArray();
            replace(dst, tensors.get(e.getKey()).data());
        }
    }

    /**
     * Puts {@code values} into {@code dst} as a tensor of its own: a native copy swapped in with
     * {@code intern}. Not {@code NDArray.set}, whose native guard makes libtorch print an alarming
     * "AutoNonVariableTypeMode is deprecated" warning on every run, and not the created array itself,
     * which may alias a Java buffer that does not outlive this call.
     */
    public static void replace(NDArray dst, float[] values) {
        try (NDArray staged = dst.getManager().create(values, dst.getShape())) {
            dst.intern(staged.duplicate());
        }
    }

    // ---- safetensors ------------------------------------------------------------------------------

    /**
     * Reads a safetensors file as the format's reference implementation checks it: an 8-byte header
     * length, a JSON header whose every shape and offset is a non-negative whole number that fits
     * 64 bits, and tensors that tile the data that follows exactly (no gap, no overlap, nothing
     * after the last one). Only then is anything read, sequentially, a chunk at a time.
     */
    private static Map<String, Tensor> readSafetensors(FileChannel ch, String name)
            throws IOException, WeightLoadException {
        long size = ch.size();
        if (size < 8) {
            throw new WeightLoadException(
                    name + " is not a weight file: " + size + " bytes, too short for a safetensors header");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
            throw new WeightLoadException(
                    name + " is neither a safetensors nor an npz file (header length " + headerLength
                            + " does not fit a file of " + size + " bytes"
                            + (headerLength > MAX_HEADER && headerLength < size
                                    ? ", or is more than yamlnet's limit of " + MAX_HEADER
                                    : "")
                            + ")");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(ch, headerBytes, 8);
        JsonObject header;
        try {
            JsonReader reader =
                    new JsonReader(new StringReader(new String(headerBytes.array(), StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = JsonParser.parseReader(reader);
            if (!parsed.isJsonObject()) {
                throw new WeightLoadException(name + ": safetensors header is not a JSON object");
            }
            header = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new WeightLoadException(name + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (!e.getKey().equals("__metadata__")) {
                entries.add(entry(e.getKey(), e.getValue(), dataLength, name));
            }
        }
        // the tensors must tile the data exactly, as safetensors' own validation demands
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(java.util.Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        long floats = 0;
        for (Entry t : byOffset) {
            if (t.begin() != expected) {
                throw new WeightLoadException(name + ": tensor " + t.name() + " starts at data offset " + t.begin()
                        + ", but the "
                        + (t.begin() < expected ? "previous tensor ends at " : "data before it ends at ") + expected
                        + " (safetensors tensors follow each other without gaps or overlaps)");
            }
            expected = t.end();
            floats += t.count();
        }
        if (expected != dataLength) {
            throw new WeightLoadException(
                    name + ": " + (dataLength - expected) + " bytes follow the last tensor's data "
                            + "(the header's offsets end at " + expected + " of " + dataLength + ")");
        }
        requireHeap(floats, name);
        Map<String, float[]> data = new java.util.HashMap<>();
        ch.position(dataStart);
        InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
        for (Entry t : byOffset) {
            data.put(
                    t.name(),
                    readFloats(in, t.dtype(), (int) t.count(), ByteOrder.LITTLE_ENDIAN, name + ": tensor " + t.name()));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry t : entries) {
            out.put(t.name(), new Tensor(t.name(), t.dtype(), t.shape(), data.get(t.name())));
        }
        return out;
    }

    /** One tensor of a safetensors header, checked: offsets relative to the data, in bytes. */
    private record Entry(String name, String dtype, long[] shape, long count, long begin, long end) {}

    private static Entry entry(String tensor, JsonElement value, long dataLength, String file)
            throws WeightLoadException {
        String what = file + ": tensor " + tensor;
        if (!value.isJsonObject()) {
            throw new WeightLoadException(
                    what + " is not described by a JSON object with dtype, shape and data_offsets");
        }
        JsonObject info = value.getAsJsonObject();
        JsonElement dtypeValue = info.get("dtype");
        if (dtypeValue == null
                || !dtypeValue.isJsonPrimitive()
                || !dtypeValue.getAsJsonPrimitive().isString()) {
            throw new WeightLoadException(what + " has no dtype string");
        }
        String dtype = dtypeValue.getAsString();
        int item = itemSize(dtype, tensor, file);
        long[] shape = wholeNumbers(info.get("shape"), -1, what, "shape");
        long[] offsets = wholeNumbers(info.get("data_offsets"), 2, what, "data_offsets");
        long count = count(shape, tensor, file);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin || end > dataLength || end - begin != count * item) {
            throw new WeightLoadException(what + " " + dtype + ShapeText.of(shape) + " has data offsets [" + begin
                    + ", " + end + "] that do not fit its shape (" + count * item + " bytes) or the file's "
                    + dataLength + " bytes of data");
        }
        return new Entry(tensor, dtype, shape, count, begin, end);
    }

    /** A JSON array of non-negative whole numbers that fit 64 bits ({@code length} of them, unless negative). */
    private static long[] wholeNumbers(JsonElement value, int length, String what, String key)
            throws WeightLoadException {
        String expected = "a list of " + (length >= 0 ? length + " " : "") + "non-negative whole numbers";
        if (value == null
                || !value.isJsonArray()
                || (length >= 0 && value.getAsJsonArray().size() != length)) {
            throw new WeightLoadException(what + " has a " + key + " that is not " + expected);
        }
        JsonArray array = value.getAsJsonArray();
        if (array.size() > MAX_DIMS) {
            throw new WeightLoadException(what + " has " + array.size() + " dimensions, more than " + MAX_DIMS);
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = array.get(i);
            String text = v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsString() : null;
            if (text == null || !WHOLE.matcher(text).matches()) {
                throw new WeightLoadException(what + " has a " + key + " that is not " + expected + ": " + v);
            }
            try {
                out[i] = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new WeightLoadException(what + " has a " + key + " entry " + text + " that does not fit 64 bits");
            }
        }
        return out;
    }

    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,25}");

    /** More dimensions than any tensor has (PyTorch allows 64). */
    private static final int MAX_DIMS = 64;

    private static int itemSize(String dtype, String tensor, String file) throws WeightLoadException {
        switch (dtype) {
            case "F64":
            case "I64":
            case "U64":
                return 8;
            case "F32":
            case "I32":
            case "U32":
                return 4;
            case "F16":
            case "BF16":
            case "I16":
            case "U16":
                return 2;
            case "I8":
            case "U8":
            case "BOOL":
                return 1;
            default:
                throw new WeightLoadException(file + ": tensor " + tensor + " has data type " + shorten(dtype)
                        + ", which yamlnet cannot read (expected F32, F16, BF16, F64 or an integer type)");
        }
    }

    /** The number of elements of {@code shape}, refused when it overflows or exceeds what a Java array holds. */
    private static long count(long[] shape, String tensor, String file) throws WeightLoadException {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new WeightLoadException(
                        file + ": tensor " + tensor + " has a negative dimension " + ShapeText.of(shape));
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                n = Long.MAX_VALUE; // keep multiplying: a later 0 dimension still makes it empty
            } else {
                n *= d;
            }
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new WeightLoadException(file + ": tensor " + tensor + " " + ShapeText.of(shape) + " has "
                    + (n == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(n))
                    + " elements, more than Java arrays hold");
        }
        return n;
    }

    /**
     * Refuses to read {@code floats} values (4 bytes each on the heap) when the heap cannot hold
     * them, before anything is read: a short message instead of an OutOfMemoryError.
     */
    private static void requireHeap(long floats, String file) throws WeightLoadException {
        long bytes = 4 * floats;
        if (bytes <= freeHeap() * 9 / 10) {
            return;
        }
        System.gc(); // what is in use may be garbage; ask once before refusing
        long free = freeHeap();
        if (bytes > free * 9 / 10) {
            throw new WeightLoadException(file + " holds " + String.format(Locale.ROOT, "%,d", floats) + " values ("
                    + mib(bytes) + " as float32), more than the Java heap has free (" + mib(free) + " of "
                    + mib(Runtime.getRuntime().maxMemory())
                    + "); give Java more memory (e.g. YAMLNET_JAVA_OPTS=-Xmx8g)");
        }
    }

    private static long freeHeap() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    /**
     * Reads {@code n} values of {@code dtype} from {@code in}, a chunk at a time, and converts them to
     * float32; data that ends early is an error naming {@code what}.
     */
    private static float[] readFloats(InputStream in, String dtype, int n, ByteOrder order, String what)
            throws IOException, WeightLoadException {
        int item = itemSize(dtype, what, "");
        float[] f = new float[n];
        byte[] chunk = new byte[(int) Math.min(1 << 16, (long) n * item)];
        int done = 0;
        while (done < n) {
            int values = Math.min(chunk.length / item, n - done);
            int got = in.readNBytes(chunk, 0, values * item);
            if (got < values * item) {
                throw new WeightLoadException(
                        what + ": the data ends after " + (done + got / item) + " of " + n + " values");
            }
            ByteBuffer buf = ByteBuffer.wrap(chunk, 0, got).order(order);
            for (int i = 0; i < values; i++) {
                f[done + i] = value(buf, dtype);
            }
            done += values;
        }
        return f;
    }

    /** One value of {@code dtype} from {@code buf} (in its byte order), as float32. */
    private static float value(ByteBuffer buf, String dtype) {
        switch (dtype) {
            case "F32":
                return buf.getFloat();
            case "F64":
                return (float) buf.getDouble();
            case "F16":
                return halfToFloat(buf.getShort());
            case "BF16":
                return Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
            case "I64":
            case "U64":
                return buf.getLong();
            case "I32":
                return buf.getInt();
            case "U32":
                return buf.getInt() & 0xffffffffL;
            case "I16":
                return buf.getShort();
            case "U16":
                return buf.getShort() & 0xffff;
            case "I8":
                return buf.get();
            case "U8":
            case "BOOL":
                return buf.get() & 0xff;
            default:
                throw new IllegalStateException("unreachable dtype " + dtype);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of file");
            }
            at += n;
        }
    }

    /** A quoted file text, cut to a length that fits a message. */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** IEEE 754 binary16 to binary32 (exact; Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    // ---- npz / npy --------------------------------------------------------------------------------

    private static Map<String, Tensor> readNpz(Path file) throws IOException, WeightLoadException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String key = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4)
                        : entry.getName();
                String where = file + "!" + shorten(entry.getName());
                try (InputStream in = new java.io.BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
                    out.put(key, readNpy(key, in, entry.getSize(), where));
                }
            }
        } catch (IllegalArgumentException e) {
            // java.util.zip's answer to an entry name that is not valid in the archive's encoding
            throw new WeightLoadException(file + " is not a readable npz archive: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Parses one {@code .npy} array from {@code in} (versions 1 to 3, C order, any byte order), as
     * numpy's own reader checks it: the magic string, a header that is a Python dict of exactly
     * {@code descr}, {@code fortran_order} and {@code shape} followed only by padding, a known data
     * type, and then exactly the data the shape declares. {@code size} is how many bytes the array
     * takes in all (the file's or the zip entry's declared size), or -1 when unknown; either way
     * more data than declared is refused, so a zip entry cannot inflate past its tensor's size.
     */
    static Tensor readNpy(String name, InputStream in, long size, String where)
            throws IOException, WeightLoadException {
        byte[] preamble = in.readNBytes(8);
        if (preamble.length < 8
                || (preamble[0] & 0xff) != 0x93
                || preamble[1] != 'N'
                || preamble[2] != 'U'
                || preamble[3] != 'M'
                || preamble[4] != 'P'
                || preamble[5] != 'Y') {
            throw new WeightLoadException(where + " is not a .npy array (no \\x93NUMPY magic)");
        }
        int major = preamble[6];
        if (major < 1 || major > 3) {
            throw new WeightLoadException(where + ": .npy format version " + major + "." + preamble[7]
                    + " is not supported (numpy writes 1.0, 2.0 and 3.0)");
        }
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (lengthBytes.length < (major == 1 ? 2 : 4)) {
            throw new WeightLoadException(where + ": .npy header is cut short");
        }
        ByteBuffer lb = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
        int offset = 8 + lengthBytes.length;
        if (headerLen > MAX_NPY_HEADER || (size >= 0 && offset + headerLen > size)) {
            throw new WeightLoadException(where + ": .npy header length " + headerLen + " exceeds "
                    + (headerLen > MAX_NPY_HEADER ? "yamlnet's limit of " + MAX_NPY_HEADER : "the data"));
        }
        byte[] headerBytes = in.readNBytes((int) headerLen);
        if (headerBytes.length < headerLen) {
            throw new WeightLoadException(where + ": .npy header length " + headerLen + " exceeds the data");
        }
        String header = new String(headerBytes, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, where);
        if (h.fortranOrder()) {
            throw new WeightLoadException(
                    where + ": Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
        }
        String dtype = h.dtype(where);
        long n = count(h.shape(), name, where);
        int item = itemSize(dtype, name, where);
        long dataBytes = n * item;
        if (size >= 0 && offset + headerLen + dataBytes != size) {
            long have = size - offset - headerLen;
            throw new WeightLoadException(where + ": .npy data is "
                    + (have < dataBytes
                            ? "shorter than its shape " + ShapeText.of(h.shape()) + " needs (" + have + " of "
                                    + dataBytes + " bytes)"
                            : (have - dataBytes) + " bytes longer than its shape " + ShapeText.of(h.shape())
                                    + " needs"));
        }
        requireHeap(n, where);
        float[] values =
                readFloats(in, dtype, (int) n, h.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, where);
        if (in.read() >= 0) {
            throw new WeightLoadException(where + ": more data follows the " + dataBytes + " bytes its shape "
                    + ShapeText.of(h.shape()) + " declares (an archive entry that inflates past its tensor)");
        }
        return new Tensor(name, dtype, h.shape(), values);
    }

    /** Largest {@code .npy} header read; numpy itself refuses headers over 10,000 bytes by default. */
    private static final int MAX_NPY_HEADER = 65_536;

    /**
     * The header of a {@code .npy} array: a Python dict literal with exactly the keys
     * {@code 'descr'} (a string such as {@code '<f4'}), {@code 'fortran_order'} (True or False) and
     * {@code 'shape'} (a tuple of non-negative whole numbers), then only spaces and a newline. It is
     * parsed strictly rather than searched with patterns, so junk around or inside it is refused.
     */
    record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        static NpyHeader parse(String text, String where) throws WeightLoadException {
            Parser p = new Parser(text, where);
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            p.expect('{');
            while (!p.accept('}')) {
                String key = p.string();
                p.expect(':');
                switch (key) {
                    case "descr" -> descr = p.once(descr, key, p.string());
                    case "fortran_order" -> fortran = p.once(fortran, key, p.bool());
                    case "shape" -> shape = p.once(shape, key, p.tuple());
                    default -> throw p.error("unexpected key '" + shorten(key) + "'");
                }
                if (!p.accept(',')) {
                    p.expect('}');
                    break;
                }
            }
            p.end();
            if (descr == null || fortran == null || shape == null) {
                throw p.error("the keys 'descr', 'fortran_order' and 'shape' are required");
            }
            return new NpyHeader(descr, fortran, shape);
        }

        boolean bigEndian() {
            return descr.startsWith(">");
        }

        /** The safetensors name of the data type ({@code F32}), or an error for one yamlnet cannot read. */
        String dtype(String where) throws WeightLoadException {
            Matcher m = DESCR.matcher(descr);
            String type = m.matches() ? safetensorsType(m.group(2), Integer.parseInt(m.group(3))) : null;
            if (type == null) {
                throw new WeightLoadException(where + ": .npy data type " + shorten(descr)
                        + " is not supported (expected float16/32/64 or an integer type)");
            }
            return type;
        }

        private static final Pattern DESCR = Pattern.compile("([<>|=])([a-zA-Z])([0-9]{1,2})");

        /** A cursor over the header text. */
        private static final class Parser {
            private final String text;
            private final String where;
            private int pos;

            Parser(String text, String where) {
                this.text = text;
                this.where = where;
            }

            WeightLoadException error(String why) {
                return new WeightLoadException(
                        where + ": unreadable .npy header " + shorten(text.strip()) + ": " + why);
            }

            void space() {
                while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                    pos++;
                }
            }

            boolean accept(char c) {
                space();
                if (pos < text.length() && text.charAt(pos) == c) {
                    pos++;
                    return true;
                }
                return false;
            }

            void expect(char c) throws WeightLoadException {
                if (!accept(c)) {
                    throw error("expected '" + c + "' at character " + (pos + 1));
                }
            }

            /** After the dict: only the padding numpy writes (spaces, then a newline). */
            void end() throws WeightLoadException {
                while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
                if (pos < text.length()) {
                    throw error("unexpected text after the dict at character " + (pos + 1));
                }
            }

            <T> T once(T previous, String key, T value) throws WeightLoadException {
                if (previous != null) {
                    throw error("key '" + key + "' given twice");
                }
                return value;
            }

            String string() throws WeightLoadException {
                space();
                char q = pos < text.length() ? text.charAt(pos) : 0;
                if (q != '\'' && q != '"') {
                    throw error("expected a quoted string at character " + (pos + 1));
                }
                int close = text.indexOf(q, pos + 1);
                if (close < 0) {
                    throw error("unterminated string");
                }
                String s = text.substring(pos + 1, close);
                pos = close + 1;
                return s;
            }

            Boolean bool() throws WeightLoadException {
                space();
                if (text.startsWith("True", pos)) {
                    pos += 4;
                    return Boolean.TRUE;
                }
                if (text.startsWith("False", pos)) {
                    pos += 5;
                    return Boolean.FALSE;
                }
                throw error("expected True or False at character " + (pos + 1));
            }

            long[] tuple() throws WeightLoadException {
                expect('(');
                List<Long> dims = new ArrayList<>();
                boolean comma = false;
                while (!accept(')')) {
                    space();
                    int start = pos;
                    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                        pos++;
                    }
                    if (pos == start) {
                        throw error("expected a non-negative whole number in the shape at character " + (pos + 1));
                    }
                    if (dims.size() == MAX_DIMS) {
                        throw error("more than " + MAX_DIMS + " dimensions");
                    }
                    try {
                        dims.add(Long.parseLong(text.substring(start, pos)));
                    } catch (NumberFormatException e) {
                        throw error("dimension " + shorten(text.substring(start, pos)) + " does not fit 64 bits");
                    }
                    comma = accept(',');
                    if (!comma) {
                        expect(')');
                        break;
                    }
                }
                if (dims.size() == 1 && !comma) {
                    throw error("a shape of one dimension is written (n,)"); // (n) is a number in Python, not a tuple
                }
                return dims.stream().mapToLong(Long::longValue).toArray();
            }
        }
    }

    private static String safetensorsType(String kind, int bytes) {
        String k = kind.toLowerCase(Locale.ROOT);
        return switch (k + bytes) {
            case "f2" -> "F16";
            case "f4" -> "F32";
            case "f8" -> "F64";
            case "i1" -> "I8";
            case "i2" -> "I16";
            case "i4" -> "I32";
            case "i8" -> "I64";
            case "u1" -> "U8";
            case "u2" -> "U16";
            case "u4" -> "U32";
            case "u8" -> "U64";
            case "b1" -> "BOOL";
            default -> null;
        };
    }
}
