package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgSpec.required;

import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.parts.Branch;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.yamlnet.core.recipe.BlockRecipe;

/** {@code OBB}: Detect plus {@code ne} extra values (the rotation angle) per anchor. */
public final class ObbSpec extends DetectionHeadSpec {
    public ObbSpec() {
        super("OBB", "ultralytics.nn.modules.head.OBB", List.of(
                required("nc", ArgType.INT, "number of classes (usually the symbol nc)"),
                optional("ne", ArgType.INT, integer(1), "extra parameters per box (1: the angle)")),
                "Oriented bounding box head: Detect's branches plus an angle branch per level.");
    }

    @Override
    protected TaskParts taskParts(BindContext ctx, List<Integer> channels, List<Value> yamlArgs) {
        if (!requirePositive(ctx, 1, "ne")) {
            return null;
        }
        int ne = intArg(ctx, 1);
        int x0 = channels.get(0);
        int c4 = Math.max(x0 / 4, ne);
        List<Branch> branches = new ArrayList<>();
        for (int x : channels) {
            branches.add(new Branch(List.of(ConvPart.of(x, c4, 3, 1), ConvPart.of(c4, c4, 3, 1)), c4, ne));
        }
        return new TaskParts("angle", ne, branches, Optional.empty());
    }

    /**
     * {@code Layers.obb(nc, ne, regMax, legacy, channels, strides)}; only for {@code ne = 1}, the one angle
     * Ultralytics' box decoding ({@code dist2rbox}) can use.
     */
    @Override
    protected Optional<BlockRecipe> recipe(RuntimeHead head) {
        int ne = toInt(head.args().get(1));
        if (ne != 1) {
            return Optional.empty();
        }
        return Optional.of(BlockRecipe.layers("obb", head.nc(), ne, head.regMax(), head.legacy(), head.channels(), head.strides()));
    }
}
