package dev.yamlnet.compiler.modules.builtin;

import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.parts.AttentionPart;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.recipe.BlockRecipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A same-size block (see {@link C2fSpec.SameSizeInstance}) that may also own parameter-free
 * leaves (private Identities, max-pools) and {@code Attention} modules. Attention makes thop count
 * the model at full size and adds the matrix products (specification errata E4.1.1).
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

    /**
     * The attention logits one image needs, as BoT3 reports them: each {@code Attention} holds a
     * {@code heads x N x N} float32 matrix for the {@code N = H W} positions of its input (the
     * block's input size: PSABlocks keep it); the blocks run one after another, so the largest counts.
     */
    @Override
    public Map<String, Object> extras(List<Shape> inputs, Shape output) {
        if (attentions.isEmpty() || !(inputs.get(0) instanceof Shape.FeatureMap in)) {
            return Map.of();
        }
        long positions = in.height() * in.width();
        int heads = attentions.stream().mapToInt(AttentionPart::heads).max().orElse(1);
        long bytes = heads * positions * positions * Float.BYTES;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attention_memory_bytes", bytes);
        out.put("attention_memory", Bot3Spec.humanBytes(bytes) + " per image and inner block (" + heads
                + (heads == 1 ? " head" : " heads") + " x " + positions + "^2 float32 logits)");
        return out;
    }

    @Override
    public FlopTraits flopTraits() {
        return attentions.isEmpty() ? FlopTraits.PLAIN : ATTENTION;
    }
}
