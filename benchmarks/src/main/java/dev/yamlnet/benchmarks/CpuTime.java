package dev.yamlnet.benchmarks;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryJson;
import dev.yamlnet.compiler.summary.SummaryText;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A cross-check of the JMH figures for a machine that other processes may be using: the
 * same two operations as {@link CompileBenchmark}, timed per call in the calling thread's CPU time
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}) next to wall time, after a warm-up. On an idle
 * machine the two agree; on a busy one the wall times grow with the load and the CPU times much
 * less (on a virtual machine they grow somewhat too), so a large gap shows that a run was disturbed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.yamlnet.benchmarks.CpuTime MODEL.yaml [SECONDS]}
 * (the model is resolved in examples/yaml; SECONDS of warm-up and of measurement each, default 10).
 */
public final class CpuTime {
    private CpuTime() {}

    public static void main(String[] args) throws IOException {
        String model = args.length > 0 ? args[0] : "yolov8x.yaml";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Path requested = ExampleModels.directory().resolve(model);
        CompileOptions options = CompileOptions.defaults(requested.toString()).withImgsz(640);
        Path actual = ModelFile.locate(requested).orElseThrow(() -> new IllegalStateException("no file for " + requested)).actual();
        SourceFile text = new SourceFile(requested.toString(), Files.readString(actual, StandardCharsets.UTF_8));
        ExampleModels.requireSuccess(Compiler.compile(requested, options), model);

        Runnable summarize = () -> {
            ModelIr ir = Compiler.compile(requested, options).model().orElseThrow();
            sink(SummaryText.render(ir).length() + SummaryJson.render(ir).length());
        };
        Runnable inMemory = () -> sink(Compiler.compile(text, options).diagnostics().size());
        report(model, "compileAndSummarize", summarize, seconds);
        report(model, "compileInMemory", inMemory, seconds);
    }

    private static long sinkValue;

    private static void sink(long v) {
        sinkValue += v;
    }

    private static void report(String model, String name, Runnable op, long seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        // ten measurement rounds of seconds/10 each; per round: wall and CPU time per call
        double[] wall = new double[10];
        double[] cpu = new double[10];
        for (int r = 0; r < 10; r++) {
            long calls = 0;
            long w0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            long end = w0 + seconds * 100_000_000L;
            while (System.nanoTime() < end) {
                op.run();
                calls++;
            }
            wall[r] = (System.nanoTime() - w0) / 1e6 / calls;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / calls;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%-20s %-20s wall ms/op median %.3f (min %.3f)   thread CPU ms/op median %.3f (min %.3f)%n",
                name, model, (wall[4] + wall[5]) / 2, wall[0], (cpu[4] + cpu[5]) / 2, cpu[0]);
        System.out.flush();
    }
}
