package dev.yamlnet.benchmarks;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.summary.SummaryText;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What a user waits for on the command line, minus picocli: a fresh JVM that compiles one model
 * once and prints its summary. {@code benchmarks/run.sh} times whole processes of this class; the
 * class itself reports on stderr how long the compile and render took inside the process
 * ({@code compile_ms=...}), which separates JVM start-up from the first, unwarmed compile.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.yamlnet.benchmarks.ColdCompile MODEL.yaml [IMGSZ]},
 * or {@code --noop} to measure the JVM's start and exit alone. Exit code 0 when the model
 * compiles, 1 when it has errors, 2 for a usage error.
 */
public final class ColdCompile {
    private ColdCompile() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--noop")) {
            return;
        }
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ColdCompile MODEL.yaml [IMGSZ] | --noop");
            System.exit(2);
        }
        long start = System.nanoTime();
        Path path = Paths.get(args[0]);
        CompileOptions options = CompileOptions.defaults(args[0]);
        if (args.length == 2) {
            options = options.withImgsz(Integer.parseInt(args[1]));
        }
        Compilation c = Compiler.compile(path, options);
        String text = c.model().map(SummaryText::render).orElse("");
        long elapsed = System.nanoTime() - start;
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(text);
        out.flush();
        if (!c.isSuccessful()) {
            System.err.print(new DiagnosticPrinter(c.source()).render(c.errors()));
        }
        System.err.printf("compile_ms=%.1f%n", elapsed / 1e6);
        System.exit(c.isSuccessful() ? 0 : 1);
    }
}
