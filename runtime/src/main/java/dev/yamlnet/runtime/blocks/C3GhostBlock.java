package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Ultralytics' {@code C3Ghost}: a C3 layout ({@code cv1}, {@code cv2}, {@code cv3}) whose {@code m}
 * holds {@code n} {@code GhostBottleneck(c_, c_)} (k 3, stride 1; state-dict names
 * {@code m.0.conv.0.cv1...}, {@code m.0.conv.2.cv2...}). Its {@code shortcut} and {@code g} are
 * accepted and unused, as in Ultralytics.
 */
public final class C3GhostBlock extends CspBlock {
    public C3GhostBlock(int c1, int c2, int n, double e) {
        super(c1, c2, hiddenWidth(c1, c2, n, e), ghosts((int) (c2 * e), n));
    }

    private static List<YoloBlock> ghosts(int c, int n) {
        List<YoloBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new GhostBottleneckBlock(c, c, 3, 1));
        }
        return out;
    }
}
