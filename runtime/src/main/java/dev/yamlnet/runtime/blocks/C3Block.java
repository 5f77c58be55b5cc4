package dev.yamlnet.runtime.blocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Ultralytics' {@code C3} (YOLOv5's CSP block) and {@code C3k} (its YOLO11 form with k x k
 * bottlenecks): {@code cv1} and {@code cv2} (1x1, {@code c1 -> c_}, {@code c_ = int(c2 * e)}),
 * {@code m} ({@code n} bottlenecks {@code Bottleneck(c_, c_, shortcut, g, k=(k1, k2), e=1.0)} in an
 * {@code nn.Sequential}, state-dict names {@code m.0.cv1...}) on {@code cv1}'s output, and {@code cv3}
 * (1x1) over {@code [m(cv1(x)), cv2(x)]}. C3 uses kernels (1, 3), C3k (k, k).
 */
public final class C3Block extends CspBlock {
    /**
     * @param k1 kernel of each bottleneck's first convolution (1 in C3)
     * @param k2 kernel of each bottleneck's second convolution (3 in C3)
     */
    public C3Block(int c1, int c2, int n, boolean shortcut, int g, double e, int k1, int k2) {
        super(c1, c2, hiddenWidth(c1, c2, n, e), bottlenecks((int) (c2 * e), n, shortcut, g, k1, k2));
    }

    private static List<YoloBlock> bottlenecks(int c, int n, boolean shortcut, int g, int k1, int k2) {
        List<YoloBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BottleneckBlock(c, c, shortcut, g, k1, k2, 1.0));
        }
        return out;
    }
}
