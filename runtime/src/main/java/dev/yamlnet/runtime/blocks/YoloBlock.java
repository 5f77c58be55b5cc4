package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import dev.yamlnet.core.Activation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every yamlnet runtime block. Two things set these blocks apart from plain DJL blocks:
 * their parameters have fixed shapes declared in the constructor (so shapes and parameter counts
 * never need an engine or an initialisation pass), and each block knows the names Ultralytics gives
 * its tensors in a state dict ({@code conv.weight}, {@code bn.running_mean}, {@code m.0.cv1.conv.weight}),
 * which is how weights are loaded by name.
 */
public abstract class YoloBlock extends AbstractBlock {
    /** Version byte written by {@code saveParameters}. */
    protected static final byte VERSION = 1;

    protected YoloBlock() {
        super(VERSION);
    }

    /**
     * Adds this block's tensors to {@code out} under their Ultralytics names, each prefixed with
     * {@code prefix} (e.g. {@code "model.2."}). BatchNorm running statistics are included (they are in
     * every state dict); {@code num_batches_tracked} is not (it has no runtime meaning).
     */
    public abstract void collectParameters(String prefix, Map<String, Parameter> out);

    /** This block's tensors by Ultralytics name, without a prefix, in state-dict order. */
    public final Map<String, Parameter> ultralyticsParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    /**
     * Sets the BatchNorm epsilon of every Conv in this block. Ultralytics uses 1e-3 in detection
     * family models ({@code initialize_weights}) and PyTorch's default 1e-5 in classification models.
     */
    public void setBatchNormEpsilon(float eps) {
        for (Pair<String, Block> child : getChildren()) {
            if (child.getValue() instanceof YoloBlock y) {
                y.setBatchNormEpsilon(eps);
            }
        }
    }

    /**
     * Replaces the default activation of every Conv in this block that uses it ({@code act=True}),
     * as Ultralytics' YAML {@code activation:} key replaces {@code Conv.default_act} for the whole
     * model. Convs without activation ({@code act=False}) keep none.
     */
    public void setDefaultActivation(Activation activation) {
        for (Pair<String, Block> child : getChildren()) {
            if (child.getValue() instanceof YoloBlock y) {
                y.setDefaultActivation(activation);
            }
        }
    }

    /**
     * Folds every BatchNorm into the convolution before it, as Ultralytics' {@code model.fuse()} does
     * for inference: fewer operations per forward pass, the same outputs up to float rounding. The
     * default visits the children; blocks that hold a convolution and a BatchNorm themselves
     * ({@link ConvBlock}) override it. Call it after loading weights: a fused block lists its tensors
     * under the fused names ({@code conv.weight}, {@code conv.bias}). Calling it twice changes nothing.
     */
    public void fuse() {
        for (Pair<String, Block> child : getChildren()) {
            if (child.getValue() instanceof YoloBlock y) {
                y.fuse();
            }
        }
    }

    /**
     * Children are initialised with this block's input shapes: yamlnet blocks declare their parameter
     * shapes in the constructor, so the shapes passed here are only recorded, never used for sizing.
     */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Pair<String, Block> child : getChildren()) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }

    /** A learnable parameter of fixed shape. */
    protected final Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(init)
                .build());
    }

    /** A convolution weight {@code (out, in / groups, kh, kw)}. */
    protected final Parameter convWeight(String name, int out, int inPerGroup, int kh, int kw) {
        return param(name, Parameter.Type.WEIGHT, new Shape(out, inPerGroup, kh, kw), TorchInit.weight());
    }

    /** A buffer (no gradient) such as a BatchNorm running statistic. */
    protected final Parameter buffer(String name, Parameter.Type type, Shape shape, float value) {
        return addParameter(Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(new ConstantInitializer(value))
                .optRequiresGrad(false)
                .build());
    }

    /**
     * SiLU as {@code x * sigmoid(x)}, computed in place: DJL has no SiLU operator. Bit-identical to
     * PyTorch's, with one temporary (the sigmoid, freed at once) instead of two new arrays per call.
     * Only for an array the caller owns and no one else reads (a convolution's fresh output).
     */
    static NDArray siluInPlace(NDArray x) {
        try (NDArray s = x.getNDArrayInternal().sigmoid()) {
            return x.muli(s);
        }
    }

    /** The output shape of a block that keeps its input's batch, height and width and has {@code channels} channels. */
    protected static Shape[] sameSize(Shape[] inputShapes, long channels) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), channels, in.get(2), in.get(3))};
    }

    /** Puts a child's parameters under {@code prefix + name + "."}. */
    static void collectChild(YoloBlock child, String prefix, String name, Map<String, Parameter> out) {
        child.collectParameters(prefix + name + ".", out);
    }
}
