package dev.yamlnet.runtime.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Multi-head {@code Attention} on the engine against a plain-Java evaluation of Ultralytics' forward
 * (the parity fixtures only have one head): {@code qkv} viewed as {@code [heads, 2 kd + hd, N]},
 * {@code softmax(q^T k kd^-0.5)} over keys, {@code v attn^T + pe(v)}, then {@code proj}.
 */
@Tag("engine")
class AttentionForwardTest {
    private static final double EPS = 1e-3;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void twoHeadsMatchTheFormula() throws Exception {
        int dim = 4;
        int heads = 2;
        int hd = 2;
        int kd = 1;
        int hh = 2;
        int ww = 3;
        int n = hh * ww;
        AttentionBlock block = new AttentionBlock(dim, heads, 0.5);
        Random rnd = new Random(7);
        Map<String, float[]> w = new HashMap<>();
        for (Map.Entry<String, Parameter> e : block.ultralyticsParameters().entrySet()) {
            float[] v = new float[(int) e.getValue().getShape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.getKey().endsWith("running_var") || e.getKey().endsWith("bn.weight")
                        ? 0.5f + rnd.nextFloat()
                        : (float) rnd.nextGaussian() * 0.5f;
            }
            w.put(e.getKey(), v);
        }
        float[] x = new float[dim * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        NDArray in = manager.create(x, new Shape(1, dim, hh, ww));
        block.initialize(manager, DataType.FLOAT32, in.getShape());
        BlockForwardTest.set(block, w);
        float[] y;
        try (NDManager call = manager.newSubManager()) {
            y = block.forward(new ParameterStore(call, false), new NDList(in), false)
                    .head()
                    .toFloatArray();
        }

        double[][] qkv = conv1x1(w, "qkv", toChannels(x, dim, n), dim + 2 * kd * heads);
        double[][] att = new double[dim][n];
        double[][] v = new double[dim][n];
        for (int h = 0; h < heads; h++) {
            int base = h * (2 * kd + hd);
            for (int i = 0; i < n; i++) {
                double[] logits = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    for (int d = 0; d < kd; d++) {
                        logits[j] += qkv[base + d][i] * qkv[base + kd + d][j];
                    }
                    logits[j] *= Math.pow(kd, -0.5);
                    max = Math.max(max, logits[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    logits[j] = Math.exp(logits[j] - max);
                    sum += logits[j];
                }
                for (int d = 0; d < hd; d++) {
                    double acc = 0;
                    for (int j = 0; j < n; j++) {
                        acc += qkv[base + 2 * kd + d][j] * logits[j] / sum;
                    }
                    att[h * hd + d][i] = acc;
                    v[h * hd + d][i] = qkv[base + 2 * kd + d][i];
                }
            }
        }
        double[][] pe = depthwise3x3(w, "pe", v, hh, ww);
        for (int c = 0; c < dim; c++) {
            for (int i = 0; i < n; i++) {
                att[c][i] += pe[c][i];
            }
        }
        double[][] out = conv1x1(w, "proj", att, dim);
        for (int c = 0; c < dim; c++) {
            for (int i = 0; i < n; i++) {
                assertThat((double) y[c * n + i])
                        .as("channel %d position %d", c, i)
                        .isCloseTo(out[c][i], within(1e-5));
            }
        }
    }

    private static double[][] toChannels(float[] x, int c, int n) {
        double[][] out = new double[c][n];
        for (int i = 0; i < c; i++) {
            for (int p = 0; p < n; p++) {
                out[i][p] = x[i * n + p];
            }
        }
        return out;
    }

    private static double bn(Map<String, float[]> w, String conv, int c, double y) {
        return (y - w.get(conv + ".bn.running_mean")[c])
                        / Math.sqrt(w.get(conv + ".bn.running_var")[c] + EPS)
                        * w.get(conv + ".bn.weight")[c]
                + w.get(conv + ".bn.bias")[c];
    }

    private static double[][] conv1x1(Map<String, float[]> w, String conv, double[][] x, int out) {
        float[] k = w.get(conv + ".conv.weight");
        int in = x.length;
        double[][] y = new double[out][x[0].length];
        for (int o = 0; o < out; o++) {
            for (int p = 0; p < x[0].length; p++) {
                double acc = 0;
                for (int i = 0; i < in; i++) {
                    acc += k[o * in + i] * x[i][p];
                }
                y[o][p] = bn(w, conv, o, acc);
            }
        }
        return y;
    }

    private static double[][] depthwise3x3(Map<String, float[]> w, String conv, double[][] x, int hh, int ww) {
        float[] k = w.get(conv + ".conv.weight");
        double[][] y = new double[x.length][hh * ww];
        for (int c = 0; c < x.length; c++) {
            for (int r = 0; r < hh; r++) {
                for (int s = 0; s < ww; s++) {
                    double acc = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int rr = r + dy;
                            int ss = s + dx;
                            if (rr >= 0 && rr < hh && ss >= 0 && ss < ww) {
                                acc += k[c * 9 + (dy + 1) * 3 + dx + 1] * x[c][rr * ww + ss];
                            }
                        }
                    }
                    y[c][r * ww + s] = bn(w, conv, c, acc);
                }
            }
        }
        return y;
    }
}
