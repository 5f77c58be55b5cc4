package dev.yamlnet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Runs a command, then checks that what it printed on stdout really got there. Java's
 * {@link PrintWriter} and {@link java.io.PrintStream} never throw: a full disk ({@code > /dev/full}),
 * a closed pipe or a failing device only set an error flag, so without this check {@code summary
 * --json > out.json} on a full disk would report success with a truncated file. When output was
 * lost, the command fails with {@link ExitCodes#IO} and says so on stderr, whatever it returned.
 * Files written with {@code -o}/{@code --output}/{@code --out} report their own write errors.
 *
 * <p>It also turns a {@link StackOverflowError} or {@link OutOfMemoryError} into an internal error
 * (exit 4, the stack trace only with {@code --verbose}) instead of the JVM's own report.
 */
final class CheckedOutput implements IExecutionStrategy {
    private final CommandLine cli;
    private final IExecutionStrategy command;

    CheckedOutput(CommandLine cli, IExecutionStrategy command) {
        this.cli = cli;
        this.command = command;
    }

    @Override
    public int execute(ParseResult parseResult) throws ExecutionException {
        int code;
        try {
            code = command.execute(parseResult);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli handles exceptions only: without this, the JVM would print the whole stack and
            // exit with 1, as if the model had errors. Every input is bounded, so this is a bug (exit 4).
            throw new ExecutionException(
                    parseResult.commandSpec().commandLine(),
                    e.getClass().getSimpleName() + " (an input yamlnet failed to bound)",
                    e);
        }
        PrintWriter out = cli.getOut();
        // checkError flushes first; System.out holds its own flag when picocli's writer wraps it
        if (out.checkError() | System.out.checkError()) {
            PrintWriter err = cli.getErr();
            err.println(
                    "yamlnet: cannot write to standard output (is the disk full, or the pipe closed?); the output is incomplete");
            err.flush();
            return ExitCodes.IO;
        }
        return code;
    }
}
