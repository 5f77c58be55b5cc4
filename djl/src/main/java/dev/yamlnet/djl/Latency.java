package dev.yamlnet.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.yamlnet.compiler.compare.SpeedReport;
import dev.yamlnet.compiler.ir.ModelIr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Forward-pass latency of several models measured fairly against each other: the models take
 * turns (one pass of each, then the next round), so a change in the machine's load during the
 * measurement affects all of them alike, and each pass runs on the same seeded random input of the
 * model's own input shape. Only {@link YoloModel#predictAll} is inside the clock; the input array
 * is made before and released after it.
 */
public final class Latency {
    private Latency() {}

    /**
     * Times {@code repeat} passes of every model after {@code warmup} untimed ones each, in turns.
     *
     * @return one timing per model, in the order given
     */
    public static List<SpeedReport.Timing> alternating(List<YoloModel> models, int repeat, int warmup) {
        if (repeat < 1 || warmup < 0) {
            throw new IllegalArgumentException(
                    "repeat must be positive and warmup not negative: " + repeat + ", " + warmup);
        }
        List<float[]> inputs = new ArrayList<>();
        for (YoloModel m : models) {
            inputs.add(randomInput(m.ir(), 0));
        }
        double[][] ms = new double[models.size()][repeat];
        for (int round = -warmup; round < repeat; round++) {
            for (int k = 0; k < models.size(); k++) {
                double t = once(models.get(k), inputs.get(k));
                if (round >= 0) {
                    ms[k][round] = t;
                }
            }
        }
        List<SpeedReport.Timing> out = new ArrayList<>();
        for (double[] m : ms) {
            double[] sorted = m.clone();
            Arrays.sort(sorted);
            out.add(new SpeedReport.Timing(repeat, sorted[0], median(sorted)));
        }
        return out;
    }

    /** One forward pass, in milliseconds. */
    private static double once(YoloModel model, float[] input) {
        ModelIr ir = model.ir();
        long[] shape = {1, ir.channels(), ir.imgsz(), ir.imgsz()};
        try (NDManager call = model.model().getNDManager().newSubManager()) {
            NDArray x = YoloModel.input(call, input, shape);
            long t0 = System.nanoTime();
            model.predictAll(x);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** {@code java.util.Random(seed).nextFloat()} in C order, as {@code yamlnet run --random} makes it. */
    static float[] randomInput(ModelIr ir, long seed) {
        float[] data = new float[Math.toIntExact(1L * ir.channels() * ir.imgsz() * ir.imgsz())];
        Random random = new Random(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return data;
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
