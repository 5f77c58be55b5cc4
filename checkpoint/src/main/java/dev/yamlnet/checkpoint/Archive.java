package dev.yamlnet.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip {@code torch.save} writes: {@code <root>/data.pkl}, {@code <root>/data/<key>} per storage,
 * optionally {@code <root>/byteorder}. The root is named after the file torch wrote ({@code best/},
 * {@code archive/}, ...), so it is found, not assumed. Entries are looked up by exact name only (no
 * path is ever resolved or extracted), every read is bounded by the size it must have, and all reads
 * together by {@link CheckpointLimits#maxExpansion} times the file's size.
 */
final class Archive implements Closeable {
    private final ZipFile zip;
    private final String root;
    private final CheckpointLimits limits;
    private final ByteOrder order;
    private final Map<String, Py.Storage> storages = new HashMap<>();
    private long budget;

    private Archive(ZipFile zip, String root, CheckpointLimits limits, long budget) throws CheckpointException {
        this.zip = zip;
        this.root = root;
        this.limits = limits;
        this.budget = budget;
        this.order = readByteOrder();
    }

    static Archive open(Path file, CheckpointLimits limits) throws CheckpointException {
        long size;
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            n = in.readNBytes(head, 0, 4);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("no such file");
        } catch (IOException e) {
            throw new CheckpointException("cannot read the file: " + e.getMessage(), e);
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            if (n >= 1 && (head[0] & 0xff) == 0x80) {
                throw new CheckpointException(
                        "not a zip archive but a bare pickle: the file format torch.save used before "
                                + "PyTorch 1.6 (or pickle.dump); yamlnet reads only the zip format. Re-save it with a current PyTorch");
            }
            throw new CheckpointException("not a PyTorch checkpoint: torch.save writes a zip archive, and this file "
                    + (n == 0 ? "is empty" : "does not start with a zip signature"));
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException(
                    "truncated or damaged zip archive (" + e.getMessage() + "); was the download or copy complete?", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the file: " + e.getMessage(), e);
        }
        try {
            if (zip.size() > limits.maxEntries()) {
                throw new CheckpointException(
                        "the archive has " + zip.size() + " entries, more than the limit of " + limits.maxEntries());
            }
            String root = findRoot(zip);
            long budget = Math.max(size, 1L << 20) * limits.maxExpansion();
            return new Archive(zip, root, limits, budget);
        } catch (CheckpointException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** The folder holding {@code data.pkl}; exactly one, directly under the archive's top. */
    private static String findRoot(ZipFile zip) throws CheckpointException {
        List<String> roots = new ArrayList<>();
        boolean torchScript = false;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash).equals("/data.pkl")) {
                roots.add(name.substring(0, slash));
            }
            torchScript |= name.endsWith("/constants.pkl") || (slash > 0 && name.startsWith("code/", slash + 1));
        }
        if (roots.isEmpty()) {
            throw new CheckpointException(
                    torchScript
                            ? "a TorchScript archive (torch.jit.save, or Ultralytics' export format=torchscript), not a checkpoint; "
                                    + "give the .pt that training writes (weights/best.pt)"
                            : "a zip archive without <root>/data.pkl: not a file torch.save wrote");
        }
        if (roots.size() > 1) {
            throw new CheckpointException("the archive has " + roots.size() + " data.pkl entries (under "
                    + Allowlist.printable(roots.get(0)) + "/ and " + Allowlist.printable(roots.get(1))
                    + "/): which one torch "
                    + "would read is ambiguous");
        }
        return roots.get(0);
    }

    /** The archive's root folder ({@code best}, {@code archive}, ...). */
    String root() {
        return root;
    }

    ByteOrder order() {
        return order;
    }

    /** The pickle, at most {@link CheckpointLimits#maxPickleBytes} bytes. */
    byte[] pickle() throws CheckpointException {
        String name = root + "/data.pkl";
        ZipEntry e = zip.getEntry(name);
        if (e.getSize() > limits.maxPickleBytes()) {
            throw new CheckpointException(Allowlist.printable(name) + " is " + e.getSize()
                    + " bytes, more than the limit of " + limits.maxPickleBytes());
        }
        byte[] b = read(e, limits.maxPickleBytes());
        if (b.length > limits.maxPickleBytes()) {
            throw new CheckpointException(Allowlist.printable(name) + " expands to more than the limit of "
                    + limits.maxPickleBytes() + " bytes");
        }
        return b;
    }

    private ByteOrder readByteOrder() throws CheckpointException {
        ZipEntry e = zip.getEntry(root + "/byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN; // torch before 2.1 wrote none: always little-endian
        }
        String text = new String(read(e, 16), StandardCharsets.US_ASCII).trim();
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default ->
                throw new CheckpointException(Allowlist.printable(root) + "/byteorder says '"
                        + Allowlist.printable(text) + "', not 'little' or 'big'");
        };
    }

    /**
     * The storage a persistent id names, checked now: its entry exists and holds exactly
     * {@code numel} elements of {@code dtype}. Its bytes are read only if a tensor needs them.
     */
    Py.Storage storage(String key, String dtype, long numel) throws CheckpointException {
        Py.Storage known = storages.get(key);
        if (known != null) {
            if (!known.dtype().equals(dtype) || known.numel() != numel) {
                throw new CheckpointException(
                        "storage " + Allowlist.printable(key) + " is named twice with different types or " + "sizes ("
                                + known.dtype() + " x " + known.numel() + ", then " + dtype + " x " + numel + ")");
            }
            return known;
        }
        String entry = root + "/data/" + key;
        ZipEntry e = zip.getEntry(entry);
        if (e == null || e.isDirectory()) {
            throw new CheckpointException("the pickle refers to storage " + Allowlist.printable(key)
                    + ", but the archive has no " + "entry " + Allowlist.printable(entry));
        }
        long bytes = byteCount(numel, dtype, key);
        if (e.getSize() >= 0 && e.getSize() != bytes) {
            throw new CheckpointException(
                    "storage " + Allowlist.printable(entry) + " holds " + e.getSize() + " bytes, but its "
                            + "persistent id says " + numel + " " + dtype + " elements (" + bytes + " bytes)");
        }
        Py.Storage s = new Py.Storage(key, dtype, numel, entry);
        storages.put(key, s);
        return s;
    }

    private long byteCount(long numel, String dtype, String key) throws CheckpointException {
        if (numel < 0 || numel > limits.maxTensorElements()) {
            throw new CheckpointException("storage " + Allowlist.printable(key) + " claims " + numel + " elements"
                    + (numel < 0 ? "" : ", more than the limit of " + limits.maxTensorElements()));
        }
        long bytes = numel * Tensors.itemSize(dtype);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(
                    "storage " + Allowlist.printable(key) + " is " + bytes + " bytes, more than one Java array holds");
        }
        return bytes;
    }

    /** A storage's bytes, exactly as many as it must have. */
    byte[] bytes(Py.Storage s) throws CheckpointException {
        long expected = s.numel() * Tensors.itemSize(s.dtype());
        byte[] b = read(zip.getEntry(s.entry()), expected);
        if (b.length != expected) {
            throw new CheckpointException("storage " + Allowlist.printable(s.entry()) + " holds "
                    + (b.length > expected ? "more than " : "only ") + (b.length > expected ? expected : b.length)
                    + " bytes, but its persistent id "
                    + "says " + s.numel() + " " + s.dtype() + " elements (" + expected + " bytes)");
        }
        return b;
    }

    /**
     * Up to {@code max} bytes of an entry, and one more if the entry is longer (so the caller sees
     * that it is); charged to the read budget.
     */
    private byte[] read(ZipEntry e, long max) throws CheckpointException {
        long want = Math.min(max + 1, Integer.MAX_VALUE - 8);
        try (InputStream in = zip.getInputStream(e)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(want, 1 << 16));
            byte[] chunk = new byte[1 << 16];
            while (out.size() < want) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, want - out.size()));
                if (n < 0) {
                    break;
                }
                budget -= n;
                if (budget < 0) {
                    throw new CheckpointException("the archive's entries expand to more than " + limits.maxExpansion()
                            + " times the file's size: refused as a zip bomb");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException ex) {
            throw new CheckpointException(
                    "cannot read " + Allowlist.printable(e.getName()) + " from the archive: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written; closing a read-only zip cannot lose data
        }
    }
}
