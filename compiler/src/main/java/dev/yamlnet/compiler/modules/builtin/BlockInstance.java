package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.parts.AttentionPart;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.runtime.recipe.BlockRecipe;
import java.util.List;

/**
 * A same-size block (see {@link C2fSpec.SameSizeInstance}) that may also own parameter-free
 * leaves (private Identities, max-pools) and {@code Attention} modules. Attention makes thop count
 * the model at full size and adds the matrix products (thop 2.1.6 as Ultralytics 8.4.117 calls it).
 */
final class BlockInstance extends C2fSpec.SameSizeInstance {
    private static final FlopTraits ATTENTION = new FlopTraits(true, false, false);

    private final int extraLeaves;
    private final List<AttentionPart> attentions;

    BlockInstance(List<Value> args, int c2, List<ConvPart> convs, String module, int extraLeaves, List<AttentionPart> attentions) {
        this(args, c2, convs, module, extraLeaves, attentions, null);
    }

    /** With the recipe that builds the runtime block ({@code null} when there is none yet). */
    BlockInstance(List<Value> args, int c2, List<ConvPart> convs, String module, int extraLeaves, List<AttentionPart> attentions,
            BlockRecipe recipe) {
        super(args, c2, convs, module, recipe);
        this.extraLeaves = extraLeaves;
        this.attentions = List.copyOf(attentions);
    }

    BlockInstance(List<Value> args, int c2, List<ConvPart> convs, String module) {
        this(args, c2, convs, module, 0, List.of());
    }

    /** The attention modules, in execution order. */
    public List<AttentionPart> attentions() {
        return attentions;
    }

    @Override
    public int leaves() {
        return super.leaves() + extraLeaves;
    }

    @Override
    public long macs(List<Shape> inputs, Shape output) {
        Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
        long total = super.macs(inputs, output);
        for (AttentionPart a : attentions) {
            total += a.matmulMacs(in.height(), in.width());
        }
        return total;
    }

    @Override
    public FlopTraits flopTraits() {
        return attentions.isEmpty() ? FlopTraits.PLAIN : ATTENTION;
    }
}
