package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One bound layer: a module with its constructor arguments fixed. Everything a summary needs is
 * computed here from those arguments and the input shapes, statically.
 */
public interface ModuleInstance {

    /** The constructor arguments, as Ultralytics prints them in the {@code arguments} column. */
    List<Value> args();

    /**
     * The output channel count Ultralytics records for this layer ({@code c2} appended to its
     * {@code ch} list), or empty when Ultralytics keeps the previous row's value (heads, AIFI, ...).
     */
    OptionalInt recordedChannels();

    /**
     * The output for the given inputs. Problems are reported to {@code ctx}; the result is then
     * {@link Shape#UNKNOWN}. Inputs are never unknown (the checker skips such layers).
     */
    Shape infer(List<Shape> inputs, ShapeContext ctx);

    /** Learnable parameter elements (PyTorch's count: BN running statistics excluded). */
    long params();

    /** Parameters that do not require gradients (e.g. the DFL convolution's 16 fixed weights). */
    default long frozenParams() {
        return 0;
    }

    /** Modules without children that belong to this layer alone (Ultralytics' layer count). */
    int leaves();

    /**
     * Leaf modules shared across the model that this layer uses (e.g. Conv's default SiLU): each
     * distinct key is counted once per model.
     */
    default Set<String> sharedLeaves() {
        return Set.of();
    }

    /** Normalisation modules (BatchNorm, LayerNorm) in this layer; the "(fused)" label needs them. */
    int norms();

    /**
     * Multiply-accumulates under thop 2.1.6's rules for one forward with these inputs and output
     * (both as {@link #infer} computed them). Functional operations count nothing.
     */
    long macs(List<Shape> inputs, Shape output);

    /**
     * What thop 2.1.6 would add for this layer's {@code nn.MultiheadAttention} calls on torch 2 or newer,
     * where it has a rule for them (on torch 1.13, which the reference data used, they cost nothing and
     * {@link #macs} leaves them out); 0 for layers without one.
     */
    default long multiheadAttentionMacs(List<Shape> inputs, Shape output) {
        return 0;
    }

    /** How the GFLOPs counter must treat a model containing this layer. */
    default FlopTraits flopTraits() {
        return FlopTraits.PLAIN;
    }

    /** For a head: the strides of the levels it predicts on. */
    default Optional<List<Double>> strides(List<Shape> inputs) {
        return Optional.empty();
    }

    /**
     * This layer's runtime block, made by {@code blocks} (one of its methods, e.g.
     * {@code blocks.c2f(c1, c2, n, shortcut, g, e)}, or a {@link BlockFactory#repeat} or
     * {@link BlockFactory#withActivation} of such calls), or empty when the runtime has no block for
     * the module with these arguments. Every back end hands its own factory (the DJL back end builds
     * blocks, the Java back end prints the calls), so a module's instantiation is written once and
     * the back ends agree by construction; none of them needs to know modules by name. Whether the
     * result is empty must not depend on the factory.
     *
     * @param <B> what the factory makes of a block
     * @param blocks the back end's factory
     * @param inputs the input shapes, as {@link #infer} saw them (a detection head needs its levels' strides)
     */
    default <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
        return Optional.empty();
    }

    /**
     * For a model's last layer: the names (without {@code .npy}) of the outputs its runtime block
     * returns in eval, in the block's order, as {@code yamlnet run --output-all} writes them and the
     * reference fixtures name them ({@code output}, {@code output_proto}, {@code output_pre_topk},
     * ...). Empty (the default) means {@code output}, then {@code output_1}, {@code output_2}, ...
     */
    default List<String> outputNames() {
        return List.of();
    }

    /** Typed facts for the summaries and the graph (e.g. BoT3's attention memory) at these shapes. */
    default ModuleFacts facts(List<Shape> inputs, Shape output) {
        return ModuleFacts.NONE;
    }

    /**
     * The summary's extra entries, keyed by a stable name: by default {@link #facts} as
     * {@link ModuleFacts#summaryEntries()} renders them.
     */
    default Map<String, Object> extras(List<Shape> inputs, Shape output) {
        return facts(inputs, output).summaryEntries();
    }
}
