package dev.yamlnet.benchmarks;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.yamlnet.djl.YoloModel;
import dev.yamlnet.runtime.weights.NpyWriter;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoadException;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The "DJL running a TorchScript trace" line of {@code benchmarks/speed.sh}: loads a {@code .pt} file
 * traced by PyTorch in Python ({@code benchmarks/python/yamlnet_torch.py prepare}) into DJL's PyTorch
 * engine as a {@code PtSymbolBlock} and times it exactly as {@code yamlnet run --repeat} times
 * yamlnet's own blocks: same engine build, same input file, one short-lived sub-manager per call,
 * warm-up passes, then the median of K. The difference between this line and yamlnet's fused line is
 * therefore what yamlnet's eager block graph costs over libtorch's TorchScript interpreter, with no
 * Python in either.
 *
 * <p>Usage: {@code java -cp benchmarks/target/classes:cli/target/lib/* dev.yamlnet.benchmarks.TorchScriptLatency
 * MODEL.pt INPUT.npy [--repeat K] [--warmup W] [--threads T] [--output Y.npy]}. Prints
 * {@code timing ...} and {@code median 12.34 ms}; {@code --output} writes the first output as float32
 * {@code .npy} so that the script can check it against PyTorch eager before timing anything.
 */
public final class TorchScriptLatency {
    private TorchScriptLatency() {}

    public static void main(String[] args) throws IOException, MalformedModelException, WeightLoadException {
        if (args.length < 2) {
            System.err.println("usage: TorchScriptLatency MODEL.pt INPUT.npy [--repeat K] [--warmup W] [--threads T] [--output Y.npy]");
            System.exit(2);
        }
        Path pt = Path.of(args[0]);
        Path input = Path.of(args[1]);
        int repeat = 20;
        int warmup = 5;
        Integer threads = null;
        Path output = null;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--output" -> output = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        YoloModel.configureEngine(threads); // read once, when the engine starts: same settings as `yamlnet run`

        Map<String, Tensor> arrays = WeightLoader.read(input);
        Tensor x = arrays.values().iterator().next();
        // the engine starts on this thread, so grad mode (thread-local in libtorch) is off here
        try (Model model = Model.newInstance("torchscript", Device.cpu(), "PyTorch")) {
            model.load(pt);
            Block block = model.getBlock();
            NDManager root = model.getNDManager();
            if (output != null) {
                try (NDManager call = root.newSubManager()) {
                    NDArray y = forward(block, call, x).head();
                    NpyWriter.write(output, y.getShape().getShape(), y.toFloatArray());
                    System.out.println("wrote   " + output + " " + y.getShape());
                }
            }
            double[] ms = new double[repeat];
            for (int i = -warmup; i < repeat; i++) {
                try (NDManager call = root.newSubManager()) {
                    NDArray in = YoloModel.input(call, x.data(), x.shape()); // as yamlnet run stages its input
                    long t0 = System.nanoTime();
                    block.forward(new ParameterStore(call, false), new NDList(in), false);
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        ms[i] = (t1 - t0) / 1e6;
                    }
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "timing  %d forward passes after %d warm-up, %s: min %.2f ms, max %.2f ms%n", repeat,
                    warmup, threads == null ? "PyTorch's default threads" : threads + " threads", ms[0], ms[ms.length - 1]);
            int n = ms.length;
            System.out.printf(Locale.ROOT, "median %.2f ms%n", n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2);
        }
    }

    private static NDList forward(Block block, NDManager call, Tensor x) {
        NDArray in = YoloModel.input(call, x.data(), x.shape()); // as yamlnet run stages its input
        return block.forward(new ParameterStore(call, false), new NDList(in), false);
    }
}
