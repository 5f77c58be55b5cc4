package dev.yamlnet.predict.post;

import dev.yamlnet.predict.RawOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32 C-order {@code .npy} files numpy writes (test helper). */
final class Npy {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    static RawOutput read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length < 10 || all[0] != (byte) 0x93 || all[1] != 'N') {
            throw new IOException("not a .npy file");
        }
        int major = all[6];
        int headerLen;
        int start;
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            start = 10;
        } else {
            headerLen = bb.getInt(8);
            start = 12;
        }
        String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException("only little-endian float32 C-order arrays are read: " + header);
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException("no shape in " + header);
        }
        long[] shape = Arrays.stream(m.group(1).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        int data = start + headerLen;
        float[] values = new float[(all.length - data) / 4];
        bb.position(data);
        bb.asFloatBuffer().get(values);
        return new RawOutput(shape, values);
    }
}
