package dev.yamlnet.cli;

import java.util.function.Function;
import picocli.CommandLine;

/**
 * Entry point of the {@code yamlnet} command. It only wires picocli and exits: every command
 * returns its exit code, so this is the one place that calls {@link System#exit}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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
        cli.setExecutionExceptionHandler(new ErrorHandlers.InternalError());
        cli.setParameterExceptionHandler(new ErrorHandlers.UsageError());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
        return cli;
    }
}
