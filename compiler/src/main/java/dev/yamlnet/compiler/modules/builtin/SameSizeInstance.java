package dev.yamlnet.compiler.modules.builtin;

import static dev.yamlnet.compiler.modules.ShapeChecks.featureMap;

import dev.yamlnet.compiler.modules.AttentionMemory;
import dev.yamlnet.compiler.modules.FlopTraits;
import dev.yamlnet.compiler.modules.ModuleFacts;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.parts.AttentionPart;
import dev.yamlnet.compiler.modules.parts.ConvPart;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A block of Conv parts that all run at the input's spatial size and outputs {@code c2} channels
 * (C2f, C3, C3k2, SPPF and their kind), which may also own parameter-free leaves (private
 * Identities, max-pools) and {@code Attention} modules. Parameters, leaves and MACs are the parts'
 * sums; attention makes thop count the model at full size and adds the matrix products
 * (thop 2.1.6 as Ultralytics 8.4.117 calls it). The runtime block is the spec's: specs override
 * {@link #block} with their factory call.
 */
public class SameSizeInstance implements ModuleInstance {
    private final List<Value> args;
    private final int c2;
    private final List<ConvPart> convs;
    private final String module;
    private final int extraLeaves;
    private final List<AttentionPart> attentions;

    /** A block of {@code convs} only. */
    public SameSizeInstance(List<Value> args, int c2, List<ConvPart> convs, String module) {
        this(args, c2, convs, module, 0, List.of());
    }

    /**
     * A block of {@code convs}, {@code extraLeaves} parameter-free leaves and {@code attentions}.
     *
     * @param args the constructor arguments as Ultralytics prints them
     * @param module the module name, for messages
     */
    public SameSizeInstance(
            List<Value> args,
            int c2,
            List<ConvPart> convs,
            String module,
            int extraLeaves,
            List<AttentionPart> attentions) {
        this.args = List.copyOf(args);
        this.c2 = c2;
        this.convs = List.copyOf(convs);
        this.module = module;
        this.extraLeaves = extraLeaves;
        this.attentions = List.copyOf(attentions);
    }

    /** The Conv parts, in construction order. */
    public List<ConvPart> convs() {
        return convs;
    }

    /** The attention modules, in execution order. */
    public List<AttentionPart> attentions() {
        return attentions;
    }

    @Override
    public List<Value> args() {
        return args;
    }

    @Override
    public OptionalInt recordedChannels() {
        return OptionalInt.of(c2);
    }

    @Override
    public Shape infer(List<Shape> inputs, ShapeContext ctx) {
        Shape.FeatureMap in = featureMap(inputs, ctx, module);
        if (in == null) {
            return Shape.UNKNOWN;
        }
        return new Shape.FeatureMap(c2, in.height(), in.width(), in.stride());
    }

    @Override
    public long params() {
        return convs.stream().mapToLong(ConvPart::params).sum();
    }

    @Override
    public int leaves() {
        return convs.stream().mapToInt(ConvPart::leaves).sum() + extraLeaves;
    }

    @Override
    public Set<String> sharedLeaves() {
        return convs.stream().anyMatch(ConvPart::act) ? Set.of(Builtins.CONV_DEFAULT_ACT) : Set.of();
    }

    @Override
    public int norms() {
        return convs.size();
    }

    @Override
    public long macs(List<Shape> inputs, Shape output) {
        Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
        long total =
                convs.stream().mapToLong(cv -> cv.macs(in.height(), in.width())).sum();
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
    public ModuleFacts facts(List<Shape> inputs, Shape output) {
        if (attentions.isEmpty() || !(inputs.get(0) instanceof Shape.FeatureMap in)) {
            return ModuleFacts.NONE;
        }
        int heads = attentions.stream().mapToInt(AttentionPart::heads).max().orElse(1);
        return ModuleFacts.attention(new AttentionMemory(heads, in.height() * in.width()));
    }

    @Override
    public FlopTraits flopTraits() {
        return attentions.isEmpty() ? FlopTraits.PLAIN : FlopTraits.ATTENTION;
    }
}
