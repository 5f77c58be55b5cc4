/**
 * Performance probes for yamlnet: JMH benchmarks of the compiler ({@link dev.yamlnet.benchmarks.CompileBenchmark}),
 * a cold-start main ({@link dev.yamlnet.benchmarks.ColdCompile}), and the DJL TorchScript line of the runtime's
 * speed comparison ({@link dev.yamlnet.benchmarks.TorchScriptLatency}). Built only with {@code -Pbench};
 * {@code benchmarks/run.sh} runs the compiler probes, {@code benchmarks/speed.sh} the runtime comparison, and
 * {@code docs/benchmarks.md} explains both.
 */
package dev.yamlnet.benchmarks;
