package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static dev.yamlnet.compiler.modules.ArgValues.toInt;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.parts.Branch;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code OBB}: Detect plus {@code ne} extra values (the rotation angle) per anchor. */
public class ObbSpec extends DetectionHeadSpec {
    /** The spec. */
    public ObbSpec() {
        this(
                "OBB",
                "ultralytics.nn.modules.head.OBB",
                "Oriented bounding box head: Detect's branches plus an angle branch per level.");
    }

    /** An OBB head of OBB's signature under another name. */
    protected ObbSpec(String name, String pythonType, String description) {
        super(
                name,
                pythonType,
                List.of(
                        required("nc", ArgType.INT, "number of classes (usually the symbol nc)"),
                        optional("ne", ArgType.INT, integer(1), "extra parameters per box (1: the angle)")),
                description);
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        if (!requirePositive(ctx, "ne", "ne")) {
            return null;
        }
        int ne = ctx.intArg("ne");
        int x0 = channels.get(0);
        int c4 = Math.max(x0 / 4, ne);
        List<Branch> branches = new ArrayList<>();
        for (int x : channels) {
            branches.add(new Branch(List.of(ConvPart.of(x, c4, 3, 1), ConvPart.of(c4, c4, 3, 1)), c4, ne));
        }
        return new TaskParts("angle", ne, branches, Optional.empty());
    }

    /**
     * {@code obb(nc, ne, regMax, legacy, ch, strides)}; only for {@code ne = 1}, the one angle
     * Ultralytics' box decoding ({@code dist2rbox}) can use.
     */
    @Override
    protected <B> Optional<B> block(BlockFactory<B> blocks, RuntimeHead head) {
        int ne = toInt(head.arg("ne"));
        if (ne != 1 || head.end2end()) {
            return Optional.empty();
        }
        return Optional.of(blocks.obb(head.nc(), ne, head.regMax(), head.legacy(), head.ch(), head.strides()));
    }
}
