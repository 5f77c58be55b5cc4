package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgValues.toInt;

import dev.yamlnet.core.blocks.BlockFactory;
import java.util.Optional;

/**
 * {@code OBB26}: YOLO26's oriented-box head, OBB with the angle branch's raw output as the angle (no
 * sigmoid and no shift into {@code [-pi/4, 3pi/4)}). Same parameters and shapes as OBB. End-to-end in
 * YOLO26: the top 300 rotated boxes {@code [cx, cy, w, h, score, class, angle]}.
 */
public final class Obb26Spec extends ObbSpec {
    /** The spec. */
    public Obb26Spec() {
        super(
                "OBB26",
                "ultralytics.nn.modules.head.OBB26",
                "YOLO26 oriented bounding box head: OBB's branches, the angle taken raw from its branch. End-to-end: "
                        + "the top 300 rotated boxes with score, class and angle.");
    }

    /** {@code obb26(nc, ne, regMax, legacy, end2end, ch, strides)}; only for {@code ne = 1}. */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        int ne = toInt(head.arg("ne"));
        if (ne != 1) {
            return Optional.empty();
        }
        return Optional.of(
                blocks.obb26(head.nc(), ne, head.regMax(), head.legacy(), head.end2end(), head.ch(), head.strides()));
    }
}
