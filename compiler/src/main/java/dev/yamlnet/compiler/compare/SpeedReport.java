package dev.yamlnet.compiler.compare;

import java.util.List;

/**
 * Measured forward latencies of the compared models, as data: the measuring is done by a runtime
 * (the command line uses DJL), the comparison's printers only show it.
 *
 * @param engine the engine that ran the passes, e.g. {@code PyTorch (DJL), CPU}
 * @param timings one per model, the base first, then each changed model in order
 * @param warmup untimed passes per model before the timed ones
 * @param threads the engine's intra-op threads; null for the engine's default
 * @param loadBefore the machine's one-minute load average when measuring began; negative when unknown
 * @param loadAfter the same when it ended
 * @param cores the processors the JVM sees
 */
public record SpeedReport(
        String engine,
        List<Timing> timings,
        int warmup,
        Integer threads,
        double loadBefore,
        double loadAfter,
        int cores) {

    public SpeedReport {
        timings = List.copyOf(timings);
    }

    /**
     * One model's timed forward passes.
     *
     * @param runs how many passes were timed
     * @param minMs the fastest, in milliseconds
     * @param medianMs the median, in milliseconds (the mean of the middle two for an even count)
     */
    public record Timing(int runs, double minMs, double medianMs) {}
}
