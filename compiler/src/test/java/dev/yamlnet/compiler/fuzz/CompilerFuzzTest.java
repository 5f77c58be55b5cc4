package dev.yamlnet.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.backend.java.JavaBackend;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.diag.JsonDiagnosticPrinter;
import dev.yamlnet.compiler.graph.DotRenderer;
import dev.yamlnet.compiler.graph.GraphLayout;
import dev.yamlnet.compiler.graph.GraphModel;
import dev.yamlnet.compiler.graph.MermaidRenderer;
import dev.yamlnet.compiler.graph.SvgRenderer;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.memory.MemoryEstimate;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryJson;
import dev.yamlnet.compiler.summary.SummaryText;
import dev.yamlnet.compiler.syntax.SourceLoader;
import dev.yamlnet.compiler.value.PyLiteral;
import java.util.Optional;

/**
 * Fuzz targets for everything a model file reaches. Without {@code JAZZER_FUZZ} (every
 * {@code mvn verify}) each replays its committed inputs in
 * {@code src/test/resources/dev/yamlnet/compiler/fuzz/CompilerFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them, guided by coverage (docs/security.md says how to run
 * it). The invariants each target checks, for any input:
 *
 * <ul>
 *   <li>no exception or error escapes (Jazzer reports any as a finding; a StackOverflowError too);
 *   <li>at most {@link Diagnostics#MAX_KEPT} diagnostics are kept, each rendered in bounded text;
 *   <li>every output (diagnostics, summary, JSON, pictures, Java source) is at most a fixed
 *       multiple of the input's size plus a constant, so nothing grows quadratically;
 *   <li>one input takes less than {@link #MAX_MILLIS_PER_INPUT} milliseconds.
 * </ul>
 */
class CompilerFuzzTest {
    /** Text of a rendered diagnostic, at most: message, label, notes and hints are 1,000 characters each, the excerpt 300. */
    private static final int DIAGNOSTIC_TEXT = 12_000;

    /** Time one input may take, far above what any does (the slowest corpus input takes well under a second). */
    static final long MAX_MILLIS_PER_INPUT = 10_000;

    private static void timed(Runnable target) {
        long t0 = System.nanoTime();
        target.run();
        assertThat((System.nanoTime() - t0) / 1_000_000)
                .as("milliseconds for one input")
                .isLessThan(MAX_MILLIS_PER_INPUT);
    }

    @FuzzTest(maxDuration = "10m")
    void yamlFrontEnd(byte[] data) {
        timed(() -> frontEnd(data));
    }

    @FuzzTest(maxDuration = "10m")
    void compileAndRenderEverything(byte[] data) {
        timed(() -> everything(data));
    }

    /** The YAML front end alone: bytes to values, as a model file is read. */
    private static void frontEnd(byte[] data) {
        Diagnostics diags = new Diagnostics();
        SourceLoader loader = new SourceLoader();
        Optional<SourceFile> source = loader.decode("fuzz.yaml", data, diags);
        source.ifPresent(s -> loader.load(s, diags));
        assertThat(diags.sorted().size()).isLessThanOrEqualTo(Diagnostics.MAX_KEPT);
    }

    /** The whole pipeline, then every consumer of its result: diagnostics, summary, JSON, graph, memory estimate, Java source. */
    private static void everything(byte[] data) {
        Compilation c = Compiler.compile("fuzz.yaml", data, CompileOptions.defaults("fuzz.yaml"));
        assertThat(c.diagnostics().size()).isLessThanOrEqualTo(Diagnostics.MAX_KEPT);
        DiagnosticPrinter printer = new DiagnosticPrinter(c.source());
        long printed = 0;
        for (Diagnostic d : c.diagnostics()) {
            String text = printer.render(d);
            assertThat(text.length()).isLessThanOrEqualTo(DIAGNOSTIC_TEXT);
            printed += text.length();
        }
        assertThat(printed).isLessThanOrEqualTo((long) Diagnostics.MAX_KEPT * DIAGNOSTIC_TEXT);
        JsonDiagnosticPrinter.render(c.source(), c.diagnostics(), c.hiddenErrors(), c.hiddenWarnings());
        long bound = 1_000_000L + 200L * data.length;
        GraphModel.from(c).ifPresent(g -> {
            assertThat((long) SvgRenderer.render(GraphLayout.of(g)).length()).isLessThanOrEqualTo(bound);
            assertThat((long) DotRenderer.render(g).length()).isLessThanOrEqualTo(bound);
            assertThat((long) MermaidRenderer.render(g).length()).isLessThanOrEqualTo(bound);
        });
        if (c.model().isPresent()) {
            ModelIr m = c.model().get();
            assertThat((long) SummaryText.render(m).length()).isLessThanOrEqualTo(bound);
            assertThat((long) SummaryJson.render(m).length()).isLessThanOrEqualTo(bound);
            assertThat(MemoryEstimate.of(m).total()).isPositive();
            try {
                assertThat((long) JavaBackend.generate(m, "fuzz.models", "FuzzModel")
                                .toString()
                                .length())
                        .isLessThanOrEqualTo(bound);
            } catch (ModelLoadException | JavaBackend.InvalidNameException e) {
                // a layer without a runtime block: a diagnostic for generate, not a failure
            }
        }
    }

    /** Python's literal_eval on a string argument: exactly one of the three outcomes, for any text. */
    @FuzzTest(maxDuration = "10m")
    void pythonLiteral(byte[] data) {
        timed(() -> {
            String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
            PyLiteral.Outcome o = PyLiteral.evaluate(text, dev.yamlnet.compiler.source.Span.NONE);
            int outcomes = (o.literal() ? 1 : 0) + (o.notLiteral() ? 1 : 0) + (o.syntaxError() ? 1 : 0);
            assertThat(outcomes).isEqualTo(1);
        });
    }
}
