package dev.yamlnet.compiler.modules.parts;

import java.util.List;

/**
 * One prediction branch of a detection head at one level: a chain of Conv parts at the level's
 * size, ended by a plain 1x1 {@code Conv2d} with bias ({@code in -> out}).
 */
public record Branch(List<ConvPart> convs, int finalIn, int finalOut) {
    public Branch {
        convs = List.copyOf(convs);
    }

    public long params() {
        return convs.stream().mapToLong(ConvPart::params).sum() + (long) finalIn * finalOut + finalOut;
    }

    public int leaves() {
        return convs.stream().mapToInt(ConvPart::leaves).sum() + 1;
    }

    public int norms() {
        return convs.size();
    }

    public long macs(long h, long w) {
        long total = 0;
        long ch = h;
        long cw = w;
        for (ConvPart c : convs) {
            total += c.macs(ch, cw);
            ch = c.outHeight(ch);
            cw = c.outWidth(cw);
        }
        return total + Thop.conv2d(finalIn, finalOut, 1, 1, 1, ch, cw);
    }
}
