package dev.yamlnet.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.yamlnet.runtime.blocks.YoloBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A whole model as Ultralytics runs it: layers in order, each reading the outputs of earlier layers
 * by index. One table (block and input indices per layer) drives everything: the forward pass,
 * output shapes, initialisation, and parameter names ({@code model.<i>.} + the layer's own names).
 *
 * <p>Inputs are absolute layer indices; {@code -1} is the image. A layer with one input receives one
 * array, a layer with several (Concat, Detect) receives them in the listed order. Only outputs some
 * later layer reads are kept during a forward pass. The model's output is the last layer's.
 */
public final class ModelGraph extends YoloBlock {
    private final List<Block> layers;
    private final List<int[]> inputs;
    /** For each layer, the last layer that reads its output (-1 when none does). */
    private final int[] lastUse;

    private ModelGraph(List<Block> layers, List<int[]> inputs) {
        this.layers = List.copyOf(layers);
        this.inputs = inputs.stream().map(int[]::clone).toList();
        this.lastUse = new int[layers.size()];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < layers.size(); i++) {
            for (int j : this.inputs.get(i)) {
                if (j >= 0) {
                    lastUse[j] = i;
                }
            }
            addChildBlock("layer" + i, this.layers.get(i));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The layers in order. */
    public List<Block> layers() {
        return layers;
    }

    /** The input indices of layer {@code i} ({@code -1} = the image). */
    public int[] inputsOf(int i) {
        return inputs.get(i).clone();
    }

    /** Whether a forward pass keeps layer {@code i}'s output beyond the next layer (Ultralytics' save list). */
    public boolean isKept(int i) {
        return lastUse[i] > i + 1;
    }

    /**
     * Runs the layers in order. Native memory is released as soon as it is dead, as PyTorch's eager
     * mode does by reference counting: each layer runs in its own short-lived manager (so its
     * temporaries are freed when it returns; only its outputs move to the caller's manager), and a
     * layer's outputs are closed right after the last layer that reads them. Without this, every
     * intermediate of a forward pass stays alive until the caller's manager closes, and each pass
     * touches fresh memory instead of reusing what the previous layer freed.
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList image, boolean training, PairList<String, Object> params) {
        NDManager caller = image.head().getManager();
        NDList[] ys = new NDList[layers.size()];
        NDList last = image;
        for (int i = 0; i < layers.size(); i++) {
            NDList in = new NDList();
            for (int j : inputs.get(i)) {
                in.addAll(j < 0 ? image : ys[j]);
            }
            try (NDManager scope = caller.newSubManager()) {
                for (NDArray x : in) {
                    if (x.getManager() != scope) { // a layer may read the same array twice
                        x.tempAttach(scope); // results of operations on x land in scope; x goes back on close
                    }
                }
                last = layers.get(i).forward(ps, in, training, params);
                for (NDArray y : last) {
                    y.attach(caller);
                }
            }
            ys[i] = last;
            for (int j : inputs.get(i)) {
                if (j >= 0 && lastUse[j] == i) {
                    release(ys, j, i, image);
                }
            }
        }
        return last;
    }

    /**
     * Closes layer {@code j}'s outputs once layer {@code i} (their last reader) has run, except an
     * array that is still reachable as another live output: a block may return its input itself
     * (an identity, a one-input concatenation). The image belongs to the caller and is never closed.
     */
    private static void release(NDList[] ys, int j, int i, NDList image) {
        NDList dead = ys[j];
        ys[j] = null;
        for (NDArray a : dead) {
            if (!isLive(ys, a, i) && image.stream().noneMatch(x -> x == a)) {
                a.close();
            }
        }
    }

    private static boolean isLive(NDList[] ys, NDArray a, int upTo) {
        for (int k = 0; k <= upTo; k++) {
            if (ys[k] != null) {
                for (NDArray b : ys[k]) {
                    if (b == a) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Runs the model and returns every layer's output (nothing is released early). Meant for
     * debugging and per-layer parity checks against a reference implementation.
     */
    public List<NDList> forwardAllLayers(ParameterStore ps, NDList image, boolean training) {
        List<NDList> ys = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            NDList in = new NDList();
            for (int j : inputs.get(i)) {
                in.addAll(j < 0 ? image : ys.get(j));
            }
            ys.add(layers.get(i).forward(ps, in, training, null));
        }
        return ys;
    }

    /** Output shapes of every layer for an image shape, from the same table the forward pass uses. */
    public List<Shape[]> layerOutputShapes(Shape... imageShapes) {
        List<Shape[]> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<Shape> in = new ArrayList<>();
            for (int j : inputs.get(i)) {
                in.addAll(Arrays.asList(j < 0 ? imageShapes : out.get(j)));
            }
            out.add(layers.get(i).getOutputShapes(in.toArray(new Shape[0])));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape[]> all = layerOutputShapes(inputShapes);
        return all.get(all.size() - 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        List<Shape[]> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<Shape> in = new ArrayList<>();
            for (int j : inputs.get(i)) {
                in.addAll(Arrays.asList(j < 0 ? inputShapes : out.get(j)));
            }
            Shape[] shapes = in.toArray(new Shape[0]);
            layers.get(i).initialize(manager, dataType, shapes);
            out.add(layers.get(i).getOutputShapes(shapes));
        }
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof YoloBlock y) {
                y.collectParameters(prefix + "model." + i + ".", out);
            } else if (!layers.get(i).getParameters().isEmpty()) {
                throw new IllegalStateException(
                        "layer " + i + " (" + layers.get(i).getClass().getSimpleName()
                                + ") has parameters but no Ultralytics names; make it a YoloBlock");
            }
        }
    }

    /**
     * Learnable parameter elements as PyTorch counts them: every tensor except BatchNorm running
     * statistics (buffers). Includes DFL's fixed weights, which PyTorch lists as a parameter.
     */
    public long parameterCount() {
        long total = 0;
        for (Parameter p : ultralyticsParameters().values()) {
            if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
                total += p.getShape() == null ? 0 : p.getShape().size();
            }
        }
        return total;
    }

    /** Runs one inference forward pass on an array in {@code image}'s manager (no gradients, BN running stats). */
    public NDArray predict(ParameterStore ps, NDArray image) {
        return forward(ps, new NDList(image), false).head();
    }

    /** Builds a {@link ModelGraph}, one {@link #add} per layer. */
    public static final class Builder {
        private final List<Block> layers = new ArrayList<>();
        private final List<int[]> inputs = new ArrayList<>();

        private Builder() {}

        /** Appends a layer reading the given earlier layers ({@code -1} = the image). */
        public Builder add(Block block, int... from) {
            int i = layers.size();
            if (from.length == 0) {
                throw new IllegalArgumentException("layer " + i + " needs at least one input");
            }
            for (int j : from) {
                if (j < -1 || j >= i) {
                    throw new IllegalArgumentException(
                            "layer " + i + " reads layer " + j + ", which does not precede it");
                }
            }
            layers.add(block);
            inputs.add(from.clone());
            return this;
        }

        public ModelGraph build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("a model needs at least one layer");
            }
            return new ModelGraph(layers, inputs);
        }
    }
}
