package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.diag.Diagnostics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What the commands share about reporting a compilation: printing diagnostics, counting them for
 * the verdict, and mapping the outcome to an exit code. Diagnostics are rendered by the compiler's
 * printers; this class only decides where they go and what they mean for the process.
 */
final class Reports {
    private Reports() {}

    /**
     * The exit code of a compilation: {@link ExitCodes#IO} when the file could not be read (E0001) or
     * is a checkpoint yamlnet refuses (E0010),
     * {@link ExitCodes#MODEL_ERRORS} for any other error, or for warnings when {@code warningsAreErrors},
     * else {@link ExitCodes#OK}.
     */
    static int exitCode(Compilation c, boolean warningsAreErrors) {
        if (c.errors().stream().anyMatch(d -> d.code() == DiagCode.E0001 || d.code() == DiagCode.E0010)) {
            return ExitCodes.IO;
        }
        if (!c.isSuccessful() || (warningsAreErrors && c.warningCount() > 0)) {
            return ExitCodes.MODEL_ERRORS;
        }
        return ExitCodes.OK;
    }

    /**
     * What every command that needs a compiled model does first: prints the compilation's diagnostics
     * (warnings included) to {@code err} and, when the model cannot be used, a
     * {@code FAILED file: 2 errors} line. Returns the exit code; {@link ExitCodes#OK} means go on.
     */
    static int report(Compilation c, PrintWriter err) {
        printText(c, c.diagnostics(), 0, err);
        int code = exitCode(c, false);
        if (code != ExitCodes.OK) {
            err.println("FAILED " + c.source().name() + ": " + tally(c));
            err.flush();
        }
        return code;
    }

    /**
     * Prints diagnostics in source order, stopping after {@code maxErrors} errors (0: no limit) with a
     * line saying how many were left out.
     */
    static void printText(Compilation c, List<Diagnostic> diagnostics, int maxErrors, PrintWriter err) {
        DiagnosticPrinter printer = new DiagnosticPrinter(c.source());
        int shownErrors = 0;
        int hiddenErrors = 0;
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                if (maxErrors > 0 && shownErrors >= maxErrors) {
                    hiddenErrors++;
                    continue;
                }
                shownErrors++;
            }
            err.print(printer.render(d));
            err.println();
        }
        if (hiddenErrors > 0) {
            err.println("note: " + count(hiddenErrors, "more error") + " not shown (--max-errors " + maxErrors + ")");
        }
        if (diagnostics == c.diagnostics() && c.hiddenErrors() + c.hiddenWarnings() > 0) {
            err.println("note: " + kinds(c.hiddenErrors(), c.hiddenWarnings()) + " not shown: yamlnet keeps the first "
                    + Diagnostics.MAX_KEPT + " diagnostics of a file");
        }
        err.flush();
    }

    /** {@code 1 error}, {@code 2 errors}. */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** {@code 12 more errors and 3 more warnings}, leaving out a zero count. */
    private static String kinds(int errors, int warnings) {
        String e = count(errors, "more error");
        String w = count(warnings, "more warning");
        return errors == 0 ? w : warnings == 0 ? e : e + " and " + w;
    }

    /** {@code 2 errors, 1 warning}, leaving out zero counts; {@code no problems} when both are zero. */
    static String tally(Compilation c) {
        long e = c.errorCount();
        long w = c.warningCount();
        if (e == 0 && w == 0) {
            return "no problems";
        }
        if (e == 0) {
            return count(w, "warning");
        }
        return w == 0 ? count(e, "error") : count(e, "error") + ", " + count(w, "warning");
    }
}
