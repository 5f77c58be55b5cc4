package dev.yamlnet.runtime.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.yamlnet.runtime.blocks.YoloBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads Ultralytics state dicts saved as {@code .safetensors} or numpy {@code .npz} and puts them
 * into a model's parameters by name ({@code model.0.conv.weight}, {@code model.22.dfl.conv.weight}).
 *
 * <p>Files are parsed here rather than by DJL's {@code NDList.decode}: every tensor is converted to
 * float32 on the Java heap (float16 and bfloat16 included; DJL aborts the JVM on bfloat16), the file
 * is checked completely before anything is copied, and every problem is reported by name.
 * {@code num_batches_tracked} buffers are ignored (they have no effect on inference).
 */
public final class WeightLoader {
    /** Largest safetensors header accepted (the format's own limit is 100 MB). */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private WeightLoader() {}

    /** Reads a weight file, choosing the format by its first bytes; names in file order. */
    public static Map<String, Tensor> read(Path file) throws WeightLoadException {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 8);
            if (n >= 2 && head[0] == 'P' && head[1] == 'K') {
                return readNpz(file);
            }
            if (n >= 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N' && head[2] == 'U') {
                Tensor t = readNpy("array", Files.readAllBytes(file), file.toString());
                Map<String, Tensor> one = new LinkedHashMap<>();
                one.put(t.name(), t);
                return one;
            }
            return readSafetensors(file);
        } catch (IOException e) {
            throw new WeightLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
    public static void load(YoloBlock block, Map<String, Tensor> tensors, String source) throws WeightMismatchException {
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
    private static List<String> hints(Block root, Map<String, Parameter> expected, List<WeightMismatchException.Problem> problems) {
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
                problems.add(new WeightMismatchException.Problem(WeightMismatchException.Kind.MISSING, e.getKey(),
                        ShapeText.of(want), null));
            } else if (!Arrays.equals(want, t.shape())) {
                problems.add(new WeightMismatchException.Problem(WeightMismatchException.Kind.SHAPE, e.getKey(),
                        ShapeText.of(want), t.shapeText()));
            }
        }
        for (Tensor t : tensors.values()) {
            if (!expected.containsKey(t.name()) && !t.name().endsWith("num_batches_tracked")) {
                problems.add(new WeightMismatchException.Problem(WeightMismatchException.Kind.UNEXPECTED, t.name(), null,
                        t.shapeText()));
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

    private static Map<String, Tensor> readSafetensors(Path file) throws IOException, WeightLoadException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.toString();
        if (bytes.length < 8) {
            throw new WeightLoadException(name + " is not a weight file: " + bytes.length
                    + " bytes, too short for a safetensors header");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw new WeightLoadException(name + " is neither a safetensors nor an npz file (header length " + headerLength
                    + " does not fit a file of " + bytes.length + " bytes)");
        }
        JsonObject header;
        try {
            JsonElement parsed = JsonParser.parseString(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new WeightLoadException(name + ": safetensors header is not a JSON object");
            }
            header = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new WeightLoadException(name + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            try {
                JsonObject info = e.getValue().getAsJsonObject();
                String dtype = info.get("dtype").getAsString();
                long[] shape = new long[info.getAsJsonArray("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = info.getAsJsonArray("shape").get(i).getAsLong();
                }
                long begin = info.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = info.getAsJsonArray("data_offsets").get(1).getAsLong();
                int item = itemSize(dtype, e.getKey(), name);
                long count = count(shape, e.getKey(), name);
                if (begin < 0 || end < begin || dataStart + end > bytes.length || end - begin != count * item) {
                    throw new WeightLoadException(name + ": tensor " + e.getKey() + " " + dtype + ShapeText.of(shape)
                            + " has data offsets [" + begin + ", " + end + "] that do not fit its shape or the file");
                }
                ByteBuffer buf = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin)).slice()
                        .order(ByteOrder.LITTLE_ENDIAN);
                out.put(e.getKey(), new Tensor(e.getKey(), dtype, shape, toFloats(buf, dtype, (int) count)));
            } catch (IllegalStateException | NullPointerException | UnsupportedOperationException | IndexOutOfBoundsException ex) {
                throw new WeightLoadException(name + ": malformed safetensors entry for " + e.getKey(), ex);
            }
        }
        return out;
    }

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
                throw new WeightLoadException(file + ": tensor " + tensor + " has data type " + dtype
                        + ", which yamlnet cannot read (expected F32, F16, BF16, F64 or an integer type)");
        }
    }

    private static long count(long[] shape, String tensor, String file) throws WeightLoadException {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new WeightLoadException(file + ": tensor " + tensor + " has a negative dimension " + ShapeText.of(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new WeightLoadException(file + ": tensor " + tensor + " has " + n + " elements, more than Java arrays hold");
        }
        return n;
    }

    /** Converts {@code n} little- or big-endian values (per the buffer's order) to float32. */
    private static float[] toFloats(ByteBuffer buf, String dtype, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case "F32" -> f[i] = buf.getFloat();
                case "F64" -> f[i] = (float) buf.getDouble();
                case "F16" -> f[i] = halfToFloat(buf.getShort());
                case "BF16" -> f[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                case "I64", "U64" -> f[i] = buf.getLong();
                case "I32" -> f[i] = buf.getInt();
                case "U32" -> f[i] = buf.getInt() & 0xffffffffL;
                case "I16" -> f[i] = buf.getShort();
                case "U16" -> f[i] = buf.getShort() & 0xffff;
                case "I8" -> f[i] = buf.get();
                case "U8", "BOOL" -> f[i] = buf.get() & 0xff;
                default -> throw new IllegalStateException("unreachable dtype " + dtype);
            }
        }
        return f;
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
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                try (InputStream in = zip.getInputStream(entry)) {
                    out.put(key, readNpy(key, in.readAllBytes(), file + "!" + entry.getName()));
                }
            }
        }
        return out;
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Parses one {@code .npy} array (versions 1 to 3, C order, any byte order). */
    static Tensor readNpy(String name, byte[] bytes, String where) throws WeightLoadException {
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U' || bytes[3] != 'M'
                || bytes[4] != 'P' || bytes[5] != 'Y') {
            throw new WeightLoadException(where + " is not a .npy array (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            offset = 10;
        } else {
            headerLen = b.getInt(8);
            offset = 12;
        }
        if (headerLen < 0 || offset + headerLen > bytes.length) {
            throw new WeightLoadException(where + ": .npy header length " + headerLen + " exceeds the data");
        }
        String header = new String(bytes, offset, headerLen, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new WeightLoadException(where + ": unreadable .npy header " + header.trim());
        }
        if (f.group(1).equals("True")) {
            throw new WeightLoadException(where + ": Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
        }
        String dtype = safetensorsType(d.group(2), Integer.parseInt(d.group(3)));
        if (dtype == null) {
            throw new WeightLoadException(where + ": .npy data type " + d.group(1) + d.group(2) + d.group(3)
                    + " is not supported (expected float16/32/64 or an integer type)");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.trim()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        int n = (int) count(shape, name, where);
        int item = itemSize(dtype, name, where);
        int start = offset + headerLen;
        if ((long) n * item > bytes.length - start) {
            throw new WeightLoadException(where + ": .npy data is shorter than its shape " + ShapeText.of(shape) + " needs");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, start, n * item).slice()
                .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return new Tensor(name, dtype, shape, toFloats(data, dtype, n));
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
