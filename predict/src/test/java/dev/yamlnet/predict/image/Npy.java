package dev.yamlnet.predict.image;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** A minimal reader of NumPy {@code .npy} files (version 1 or 2, C order, {@code |u1}) for the tests. */
record Npy(long[] shape, byte[] data) {

    static Npy readResource(String resource) throws IOException {
        InputStream raw = Npy.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new IOException("no test resource " + resource);
        }
        try (DataInputStream in = new DataInputStream(resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (magic[0] != (byte) 0x93 || magic[1] != 'N') {
                throw new IOException(resource + " is not a .npy file");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int headerLen;
            if (major == 1) {
                headerLen = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
            } else {
                headerLen = in.readUnsignedByte()
                        | (in.readUnsignedByte() << 8)
                        | (in.readUnsignedByte() << 16)
                        | (in.readUnsignedByte() << 24);
            }
            byte[] header = new byte[headerLen];
            in.readFully(header);
            String h = new String(header, StandardCharsets.ISO_8859_1);
            if (!h.contains("'descr': '|u1'") || h.contains("'fortran_order': True")) {
                throw new IOException(resource + ": only C-order uint8 arrays are read here: " + h.trim());
            }
            Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(h);
            if (!m.find()) {
                throw new IOException(resource + ": no shape in " + h.trim());
            }
            List<Long> dims = new ArrayList<>();
            for (String part : m.group(1).split(",")) {
                if (!part.isBlank()) {
                    dims.add(Long.parseLong(part.trim()));
                }
            }
            long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            byte[] data = new byte[Math.toIntExact(n)];
            in.readFully(data);
            return new Npy(shape, data);
        }
    }
}
