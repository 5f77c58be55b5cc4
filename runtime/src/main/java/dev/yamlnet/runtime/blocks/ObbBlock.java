package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Ultralytics' {@code OBB} head (YOLOv8/YOLO11): {@link DetectBlock} plus one angle per anchor
 * ({@code cv4.i}), {@code angle = (sigmoid(v) - 0.25) * pi} in {@code [-pi/4, 3pi/4)} (in training mode
 * too, as Ultralytics' {@code forward_head}).
 *
 * <p>Eval output {@code [B, 4 + nc + 1, A]}: rotated boxes (centre x, centre y, width, height in input
 * pixels; the centre offset {@code (rb - lt) / 2} rotated by the angle, Ultralytics' {@code dist2rbox}),
 * class scores, then the angle in radians.
 */
public final class ObbBlock extends DetectBlock {
    private final boolean rawAngle;

    private ObbBlock(Builder head, boolean rawAngle) {
        super(head, 1);
        this.rawAngle = rawAngle;
    }

    /**
     * YOLO26's {@code OBB26(nc, ne, ...)}: the angle is the branch's raw output (no sigmoid, no
     * shift); only {@code ne = 1}. End-to-end when {@code head} says so: eval output
     * {@code [B, k, 7]} rows of centre x, centre y, width, height, score, class, angle, then the
     * pre-top-k {@code [B, 4 + nc + 1, A]}.
     */
    public static ObbBlock of26(Builder head, int extras) {
        if (extras != 1) {
            throw new IllegalArgumentException(
                    "OBB26 decodes boxes with exactly one angle per anchor, got ne=" + extras);
        }
        return new ObbBlock(head, true);
    }

    /** {@code OBB(nc, ne, ...)} over the levels {@code head} describes; only {@code ne = 1} (one angle) decodes boxes. */
    public static ObbBlock of(Builder head, int extras) {
        if (extras != 1) {
            throw new IllegalArgumentException("OBB decodes boxes with exactly one angle per anchor, got ne=" + extras);
        }
        return new ObbBlock(head, false);
    }

    @Override
    protected NDArray taskValues(NDArray raw) {
        if (rawAngle) {
            return raw;
        }
        return raw.getNDArrayInternal().sigmoid().sub(0.25).mul(Math.PI);
    }

    @Override
    protected NDArray decodeBoxes(NDArray dist, NDArray anchorPoints, NDArray angle) {
        NDArray lt = dist.get(":, 0:2, :");
        NDArray rb = dist.get(":, 2:4, :");
        NDArray cos = angle.cos();
        NDArray sin = angle.sin();
        NDArray half = rb.sub(lt).div(2);
        NDArray xf = half.get(":, 0:1, :");
        NDArray yf = half.get(":, 1:2, :");
        NDArray x = xf.mul(cos).sub(yf.mul(sin));
        NDArray y = xf.mul(sin).add(yf.mul(cos));
        NDArray xy = NDArrays.concat(new NDList(x, y), 1).add(anchorPoints);
        return NDArrays.concat(new NDList(xy, lt.add(rb)), 1);
    }
}
