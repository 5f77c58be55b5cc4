package dev.yamlnet.benchmarks;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryJson;
import dev.yamlnet.compiler.summary.SummaryText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a {@code yamlnet summary} costs once the JVM is warm, for the largest YOLOv8 scale (x) at
 * 640 pixels: the whole pipeline from the file on disk to both summary renderings, and the
 * compiler alone on text already in memory. The model is requested by its scaled name
 * ({@code yolov8x.yaml}), so the scale-less file lookup and the scale guess are part of the work,
 * as they are for a user.
 *
 * <p>{@code model} selects the example: {@code yolov8x.yaml} is {@code examples/yaml/yolov8.yaml}
 * at scale x, {@code yolov8x-bot3.yaml} is {@code examples/yaml/yolov8-bot3.yaml} at scale x.
 * Setup fails (and JMH reports that parameter as failed) when the model does not compile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBenchmark {

    @Param({"yolov8x.yaml", "yolov8x-bot3.yaml"})
    public String model;

    private Path requested;
    private CompileOptions options;
    private SourceFile inMemory;

    @Setup
    public void setUp() throws IOException {
        requested = ExampleModels.directory().resolve(model);
        options = CompileOptions.defaults(requested.toString()).withImgsz(640);
        Path actual = ModelFile.locate(requested)
                .orElseThrow(() -> new IllegalStateException("no file for " + requested)).actual();
        inMemory = new SourceFile(requested.toString(), Files.readString(actual, StandardCharsets.UTF_8));
        ExampleModels.requireSuccess(Compiler.compile(requested, options), model);
        ExampleModels.requireSuccess(Compiler.compile(inMemory, options), model + " (in memory)");
    }

    /** (a)/(b): read the file, compile, render the text table and the JSON document. */
    @Benchmark
    public void compileAndSummarize(Blackhole bh) {
        Compilation c = Compiler.compile(requested, options);
        ModelIr ir = c.model().orElseThrow();
        bh.consume(SummaryText.render(ir));
        bh.consume(SummaryJson.render(ir));
    }

    /** (c): the compiler alone on decoded text: YAML, rows, resolution, shapes, GFLOPs; no disk, no rendering. */
    @Benchmark
    public Compilation compileInMemory() {
        return Compiler.compile(inMemory, options);
    }
}
