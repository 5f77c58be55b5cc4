package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Ultralytics' {@code C3x}: a {@link C3Block} whose {@code n} bottlenecks use cross kernels,
 * {@code Bottleneck(c_, c_, shortcut, g, k=((1, 3), (3, 1)), e=1.0)}; state-dict names as C3's
 * ({@code cv1}, {@code cv2}, {@code cv3}, {@code m.0.cv1} with a (1, 3) kernel, {@code m.0.cv2} with (3, 1)).
 */
public final class C3xBlock extends CspBlock {
    public C3xBlock(int c1, int c2, int n, boolean shortcut, int g, double e) {
        super(c1, c2, hiddenWidth(c1, c2, n, e), bottlenecks((int) (c2 * e), n, shortcut, g));
    }

    private static List<YoloBlock> bottlenecks(int c, int n, boolean shortcut, int g) {
        List<YoloBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BottleneckBlock(c, c, shortcut, g, new int[] {1, 3}, new int[] {3, 1}, 1.0));
        }
        return out;
    }
}
