package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.yamlnet.core.Activation;
import dev.yamlnet.core.ShapeMath;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Ultralytics' {@code Conv}: a bias-free 2-D convolution, BatchNorm and the model's default activation
 * (SiLU unless the YAML {@code activation:} key replaces it, see {@link Activation}) or no activation.
 * State-dict names: {@code conv.weight}, {@code bn.weight} (gamma), {@code bn.bias} (beta),
 * {@code bn.running_mean}, {@code bn.running_var}.
 *
 * <p>BatchNorm follows PyTorch: momentum 0.03 (DJL's convention writes it as 0.97), epsilon 1e-3 as
 * Ultralytics sets it for detection models (see {@link #setBatchNormEpsilon}). In inference
 * ({@code training == false}) the running statistics are used.
 *
 * <p>{@link #fuse()} folds the BatchNorm into the convolution (Ultralytics' {@code fuse_conv_and_bn}):
 * {@code w' = w * gamma / sqrt(var + eps)} per output channel and {@code b' = beta - mean * gamma / sqrt(var + eps)};
 * the block then runs a convolution with bias and its activation, and its state-dict names become
 * {@code conv.weight} and {@code conv.bias}, as in a fused Ultralytics model.
 */
public final class ConvBlock extends YoloBlock {
    private final int c1;
    private final int c2;
    private final int kh;
    private final int kw;
    private final int stride;
    private final int ph;
    private final int pw;
    private final int groups;
    private final int dilation;
    /** The activation; replaced by {@link #setDefaultActivation} when {@link #usesDefaultActivation}. */
    private Activation act;

    private final boolean defaultAct;
    private float eps;
    private final float momentum;
    private final Parameter weight;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    /** The folded bias once {@link #fuse()} has run; null before. */
    private Parameter fusedBias;

    private ConvBlock(Builder b) {
        this.c1 = b.c1;
        this.c2 = b.c2;
        this.kh = b.kh;
        this.kw = b.kw;
        this.stride = b.stride;
        this.ph = b.ph < 0 ? ShapeMath.autopad(b.kh, b.dilation) : b.ph;
        this.pw = b.pw < 0 ? ShapeMath.autopad(b.kw, b.dilation) : b.pw;
        this.groups = b.groups;
        this.dilation = b.dilation;
        this.act = b.act;
        this.defaultAct = b.defaultAct;
        this.eps = b.eps;
        this.momentum = b.momentum;
        weight = convWeight("conv_weight", c2, c1 / groups, kh, kw);
        gamma = param("bn_gamma", Parameter.Type.GAMMA, new Shape(c2), new ConstantInitializer(1));
        beta = param("bn_beta", Parameter.Type.BETA, new Shape(c2), new ConstantInitializer(0));
        runningMean = buffer("bn_runningMean", Parameter.Type.RUNNING_MEAN, new Shape(c2), 0);
        runningVar = buffer("bn_runningVar", Parameter.Type.RUNNING_VAR, new Shape(c2), 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inChannels() {
        return c1;
    }

    public int outChannels() {
        return c2;
    }

    @Override
    public void setBatchNormEpsilon(float eps) {
        this.eps = eps;
    }

    public float batchNormEpsilon() {
        return eps;
    }

    /**
     * Replaces the activation of this Conv if it uses the model's default ({@code act=True} in
     * Ultralytics), as the YAML {@code activation:} key does for every such Conv of a model; a Conv
     * built without activation ({@code act=False}) or with an explicit one keeps it.
     */
    @Override
    public void setDefaultActivation(Activation activation) {
        if (defaultAct) {
            this.act = java.util.Objects.requireNonNull(activation);
        }
    }

    /** This Conv's activation ({@link Activation#IDENTITY} when it has none). */
    public Activation activation() {
        return act;
    }

    /** Whether this Conv follows the model's default activation ({@code act=True}). */
    public boolean usesDefaultActivation() {
        return defaultAct;
    }

    /** Whether {@link #fuse()} has folded the BatchNorm into the convolution. */
    public boolean isFused() {
        return fusedBias != null;
    }

    /**
     * Folds the BatchNorm into the convolution weight and a new bias, computed in double precision
     * from the current (loaded) values. The block must be initialised.
     */
    @Override
    public void fuse() {
        if (fusedBias != null) {
            return;
        }
        NDArray w = weight.getArray();
        float[] wv = w.toFloatArray();
        float[] g = gamma.getArray().toFloatArray();
        float[] b = beta.getArray().toFloatArray();
        float[] mean = runningMean.getArray().toFloatArray();
        float[] var = runningVar.getArray().toFloatArray();
        int perChannel = wv.length / c2;
        float[] bias = new float[c2];
        for (int o = 0; o < c2; o++) {
            double scale = g[o] / Math.sqrt((double) var[o] + eps);
            for (int j = o * perChannel; j < (o + 1) * perChannel; j++) {
                wv[j] = (float) (wv[j] * scale);
            }
            bias[o] = (float) (b[o] - mean[o] * scale);
        }
        WeightLoader.replace(w, wv);
        Parameter p = Parameter.builder()
                .setName("conv_bias")
                .setType(Parameter.Type.BIAS)
                .optRequiresGrad(false)
                .build();
        p.setArray(w.getManager().create(bias));
        fusedBias = p;
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        if (fusedBias != null) {
            throw new IllegalStateException("a fused Conv cannot be saved in DJL's format (it would reload unfused); "
                    + "save the model before calling fuse()");
        }
        super.saveParameters(os);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        if (fusedBias != null) {
            NDArray y = Conv2d.conv2d(
                            x,
                            w,
                            fusedBias.getArray(),
                            new Shape(stride, stride),
                            new Shape(ph, pw),
                            new Shape(dilation, dilation),
                            groups)
                    .singletonOrThrow();
            return new NDList(Activations.apply(act, y));
        }
        NDArray y = Conv2d.conv2d(
                        x, w, null, new Shape(stride, stride), new Shape(ph, pw), new Shape(dilation, dilation), groups)
                .singletonOrThrow();
        y = BatchNorm.batchNorm(
                        y,
                        ps.getValue(runningMean, x.getDevice(), training),
                        ps.getValue(runningVar, x.getDevice(), training),
                        ps.getValue(gamma, x.getDevice(), training),
                        ps.getValue(beta, x.getDevice(), training),
                        1,
                        momentum,
                        eps,
                        training)
                .singletonOrThrow();
        return new NDList(Activations.apply(act, y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(
                    in.get(0),
                    c2,
                    ShapeMath.convOut(in.get(2), kh, stride, ph, dilation),
                    ShapeMath.convOut(in.get(3), kw, stride, pw, dilation))
        };
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "conv.weight", weight);
        if (fusedBias != null) {
            out.put(prefix + "conv.bias", fusedBias);
            return;
        }
        out.put(prefix + "bn.weight", gamma);
        out.put(prefix + "bn.bias", beta);
        out.put(prefix + "bn.running_mean", runningMean);
        out.put(prefix + "bn.running_var", runningVar);
    }

    @Override
    public String toString() {
        return "Conv(" + c1 + ", " + c2 + ", k=" + kh + (kh == kw ? "" : "x" + kw) + ", s=" + stride + ", p=" + ph
                + (ph == pw ? "" : "x" + pw) + ", g=" + groups + ", d=" + dilation + ", act=" + act
                + (defaultAct ? "" : " (own)") + (fusedBias != null ? ", fused" : "") + ")";
    }

    /** Builds a {@link ConvBlock}; {@code setChannels} is required, everything else has Ultralytics' default. */
    public static final class Builder {
        private int c1;
        private int c2;
        private int kh = 1;
        private int kw = 1;
        private int stride = 1;
        private int ph = -1;
        private int pw = -1;
        private int groups = 1;
        private int dilation = 1;
        private Activation act = Activation.SILU;
        private boolean defaultAct = true;
        private float eps = 1e-3f;
        private float momentum = 0.97f;

        private Builder() {}

        /** Input and output channels. */
        public Builder setChannels(int in, int out) {
            this.c1 = in;
            this.c2 = out;
            return this;
        }

        /** Square kernel (default 1). */
        public Builder optKernel(int k) {
            return optKernel(k, k);
        }

        public Builder optKernel(int h, int w) {
            this.kh = h;
            this.kw = w;
            return this;
        }

        public Builder optStride(int s) {
            this.stride = s;
            return this;
        }

        /** Explicit padding; by default Ultralytics' "same" padding ({@code autopad}). */
        public Builder optPadding(int p) {
            return optPadding(p, p);
        }

        public Builder optPadding(int h, int w) {
            this.ph = h;
            this.pw = w;
            return this;
        }

        public Builder optGroups(int g) {
            this.groups = g;
            return this;
        }

        public Builder optDilation(int d) {
            this.dilation = d;
            return this;
        }

        /**
         * {@code act=True} (default): the model's default activation, SiLU unless
         * {@link YoloBlock#setDefaultActivation} replaces it; {@code act=False}: no activation.
         */
        public Builder optActivation(boolean silu) {
            this.act = silu ? Activation.SILU : Activation.IDENTITY;
            this.defaultAct = silu;
            return this;
        }

        /** A fixed activation of this Conv (an Ultralytics {@code act} module), not replaced by the model's default. */
        public Builder optActivation(Activation activation) {
            this.act = java.util.Objects.requireNonNull(activation);
            this.defaultAct = false;
            return this;
        }

        /** BatchNorm epsilon; default 1e-3 (Ultralytics detection models). */
        public Builder optEpsilon(float e) {
            this.eps = e;
            return this;
        }

        /** BatchNorm momentum in DJL's convention ({@code 1 - torch momentum}); default 0.97. */
        public Builder optMomentum(float m) {
            this.momentum = m;
            return this;
        }

        public ConvBlock build() {
            validate();
            return new ConvBlock(this);
        }

        private void validate() {
            Blocks.requirePositive("input channels", c1);
            Blocks.requirePositive("output channels", c2);
            Blocks.requirePositive("kernel height", kh);
            Blocks.requirePositive("kernel width", kw);
            Blocks.requirePositive("stride", stride);
            Blocks.requirePositive("groups", groups);
            Blocks.requirePositive("dilation", dilation);
            if (c1 % groups != 0 || c2 % groups != 0) {
                throw new IllegalArgumentException(
                        "groups " + groups + " must divide input channels " + c1 + " and output channels " + c2);
            }
        }
    }
}
