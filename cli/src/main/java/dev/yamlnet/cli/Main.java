package dev.yamlnet.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Entry point of the {@code yamlnet} command. It only wires picocli and exits: every command
 * returns its exit code, so this is the one place that calls {@link System#exit}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ownStderr();
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs a command line as {@link #main} does: Ultralytics-style {@code key=value} words are read
     * as yamlnet's options first ({@link UltralyticsArgs}), then picocli parses and runs.
     */
    public static int execute(CommandLine cli, String... args) {
        String[] translated;
        try {
            translated = UltralyticsArgs.translate(cli, args);
        } catch (CommandLine.ParameterException e) {
            return new ErrorHandlers.UsageErrorHandler().handleParseException(e, args);
        } catch (RuntimeException e) {
            return new ErrorHandlers.ExecutionErrorHandler().handleExecutionException(e, cli, null);
        }
        return cli.execute(translated);
    }

    /**
     * With {@code -Dyamlnet.stderr=FILE} (the launcher passes {@code /dev/fd/3}, its own stderr, when it
     * filters libtorch's NNPACK warnings out of file descriptor 2), yamlnet's own messages go to FILE,
     * past the filter, so that they keep their order with stdout. When FILE cannot be opened they stay
     * on descriptor 2 and pass the filter unchanged.
     */
    private static void ownStderr() {
        String target = System.getProperty("yamlnet.stderr");
        if (target == null || target.isEmpty()) {
            return;
        }
        try {
            System.setErr(new PrintStream(new FileOutputStream(target, true), true));
        } catch (IOException | SecurityException e) {
            // keep descriptor 2
        }
    }

    /**
     * The fully configured command line (handlers and exit codes), shared by {@link #main} and the
     * tests so that both run exactly the same thing.
     */
    public static CommandLine commandLine() {
        return commandLine(System::getenv);
    }

    /** As {@link #commandLine()}, reading environment variables ({@code YAMLNET_PLUGINS}) from {@code environment}. */
    static CommandLine commandLine(Function<String, String> environment) {
        CommandLine cli = new CommandLine(new YamlnetCommand());
        cli.setExecutionStrategy(new CheckedOutput(cli, new PluginLoading(environment)));
        cli.setExecutionExceptionHandler(new ErrorHandlers.ExecutionErrorHandler());
        cli.setParameterExceptionHandler(new ErrorHandlers.UsageErrorHandler());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
        HelpFormat.install(cli);
        return cli;
    }
}
