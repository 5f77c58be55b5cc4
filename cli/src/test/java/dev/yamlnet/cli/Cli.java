package dev.yamlnet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command line (as {@link Main} configures it) with captured stdout and stderr. */
final class Cli {
    private Cli() {}

    /** What one run produced. */
    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return run(Main.commandLine(), args);
    }

    static Result run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = Main.execute(cli, args);
        return new Result(code, out.toString(), err.toString());
    }
}
