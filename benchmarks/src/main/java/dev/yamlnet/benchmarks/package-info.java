/**
 * Performance probes for the yamlnet compiler: JMH benchmarks ({@link dev.yamlnet.benchmarks.CompileBenchmark})
 * and a cold-start main ({@link dev.yamlnet.benchmarks.ColdCompile}). Built only with {@code -Pbench};
 * {@code benchmarks/run.sh} builds and runs both and {@code docs/benchmarks.md} records the results.
 */
package dev.yamlnet.benchmarks;
