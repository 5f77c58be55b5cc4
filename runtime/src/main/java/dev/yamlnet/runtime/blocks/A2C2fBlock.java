package dev.yamlnet.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ultralytics' {@code A2C2f(c1, c2, n, a2, area, residual, mlp_ratio, e, g, shortcut)} (YOLO12):
 * {@code cv1} (1x1, {@code c1 -> c_}, {@code c_ = int(c2 * e)}), {@code n} inner blocks chained on
 * it ({@code m.0} ...; each two {@link ABlock}s with {@code c_ / 32} heads when {@code a2}, else a
 * {@code C3k(c_, c_, 2, shortcut, g)}), and {@code cv2} (1x1) over {@code cv1}'s output and every
 * inner block's ({@code (1 + n) c_ -> c2}). With {@code a2} and {@code residual}: {@code x + gamma y}
 * with a learnable per-channel {@code gamma} (state-dict name {@code gamma}).
 */
public final class A2C2fBlock extends YoloBlock {
    private final int c2;
    private final Parameter gamma;
    private final ConvBlock cv1;
    private final ConvBlock cv2;
    private final List<YoloBlock> m = new ArrayList<>();

    public A2C2fBlock(
            int c1,
            int c2,
            int n,
            boolean a2,
            int area,
            boolean residual,
            double mlpRatio,
            double e,
            int g,
            boolean shortcut) {
        int c = (int) (c2 * e);
        Blocks.requirePositive("input channels", c1);
        Blocks.requirePositive("hidden width int(c2 * e)", c);
        Blocks.requirePositive("repeats", n);
        if (c % 32 != 0) {
            throw new IllegalArgumentException("A2C2f's hidden width " + c + " is not a multiple of 32");
        }
        this.c2 = c2;
        gamma = a2 && residual
                ? param("gamma", Parameter.Type.WEIGHT, new Shape(c2), new ConstantInitializer(0.01f))
                : null;
        cv1 = addChildBlock("cv1", ConvBlock.builder().setChannels(c1, c).build());
        cv2 = addChildBlock(
                "cv2", ConvBlock.builder().setChannels((1 + n) * c, c2).build());
        for (int i = 0; i < n; i++) {
            YoloBlock inner = a2
                    ? ChainBlock.of(new ABlock(c, c / 32, mlpRatio, area), new ABlock(c, c / 32, mlpRatio, area))
                    : new C3Block(c, c, 2, shortcut, g, 0.5, 3, 3);
            m.add(addChildBlock("m" + i, inner));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        List<NDArray> ys = new ArrayList<>();
        NDArray last = cv1.forward(ps, inputs, training, params).singletonOrThrow();
        ys.add(last);
        for (YoloBlock b : m) {
            last = b.forward(ps, new NDList(last), training, params).singletonOrThrow();
            ys.add(last);
        }
        NDArray y = cv2.forward(ps, new NDList(NDArrays.concat(new NDList(ys), 1)), training, params)
                .singletonOrThrow();
        if (gamma == null) {
            return new NDList(y);
        }
        NDArray gm = ps.getValue(gamma, x.getDevice(), training).reshape(1, c2, 1, 1);
        return new NDList(x.add(gm.mul(y)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return sameSize(inputShapes, c2);
    }

    @Override
    public void collectParameters(String prefix, Map<String, Parameter> out) {
        if (gamma != null) {
            out.put(prefix + "gamma", gamma);
        }
        collectChild(cv1, prefix, "cv1", out);
        collectChild(cv2, prefix, "cv2", out);
        for (int i = 0; i < m.size(); i++) {
            collectChild(m.get(i), prefix, "m." + i, out);
        }
    }
}
