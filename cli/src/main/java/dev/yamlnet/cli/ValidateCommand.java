package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.diag.JsonDiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet validate}: compiles a model and reports every problem, for people (compiler-style
 * text on stderr) or for CI and editors ({@code --diagnostics json} on stdout). The exit code is the
 * verdict.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check a model file: YAML, names, arguments, channels and spatial sizes. "
                + "Prints every problem and a one-line verdict.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the model is valid",
            ExitCodes.MODEL_ERRORS + ":the model has errors (or warnings, with --Werror)",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.IO + ":the model file is missing or unreadable, or a checkpoint yamlnet refuses",
            ExitCodes.INTERNAL + ":internal error"
        })
public final class ValidateCommand implements Callable<Integer> {
    /** How diagnostics are printed. */
    enum Format {
        text,
        json
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CompileMixin compile;

    @Mixin
    OutputOption output;

    @Option(
            names = "--diagnostics",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "text (compiler-style, on stderr) or json (one document on stdout). Default: ${DEFAULT-VALUE}.")
    Format format;

    private int maxErrors;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "In text mode, stop printing after N errors (0: no limit, the default). JSON always lists all.")
    void maxErrors(int value) {
        maxErrors = OptionChecks.nonNegative(spec, "--max-errors", value);
    }

    @Option(names = "--Werror", description = "Treat warnings as errors: any warning makes the exit code 1.")
    boolean warningsAreErrors;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Compilation c = compile.compile();
        int code = Reports.exitCode(c, warningsAreErrors);
        int written;
        // the verdict is the result in text mode; in JSON mode stdout (or -o) carries only the document
        if (format == Format.json) {
            written = output.write(
                    spec,
                    JsonDiagnosticPrinter.render(c.source(), c.diagnostics(), c.hiddenErrors(), c.hiddenWarnings()));
            err.println(verdict(c, code));
            err.flush();
        } else {
            Reports.printText(c, c.diagnostics(), maxErrors, err);
            written = output.write(spec, verdict(c, code) + System.lineSeparator());
        }
        return Math.max(code, written);
    }

    private String verdict(Compilation c, int code) {
        String name = c.source().name();
        if (code == ExitCodes.OK) {
            ModelIr m = c.model().orElseThrow();
            String warnings = c.warningCount() == 0 ? "" : ", " + Reports.count(c.warningCount(), "warning");
            return String.format(
                    Locale.US,
                    "OK %s: %s, %,d parameters, checked at %dx%d%s",
                    name,
                    m.name(),
                    m.params(),
                    m.imgsz(),
                    m.imgsz(),
                    warnings);
        }
        String why = code == ExitCodes.MODEL_ERRORS && c.errorCount() == 0 ? " (--Werror)" : "";
        return "FAILED " + name + ": " + Reports.tally(c) + why;
    }
}
