package dev.yamlnet.cli;

import picocli.CommandLine;

/**
 * Entry point of the {@code yamlnet} command. It only wires picocli and exits: every command
 * returns its exit code, so this is the one place that calls {@link System#exit}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
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
            return new ErrorHandlers.UsageError().handleParseException(e, args);
        } catch (RuntimeException e) {
            return new ErrorHandlers.InternalError().handleExecutionException(e, cli, null);
        }
        return cli.execute(translated);
    }

    /**
     * The fully configured command line (handlers and exit codes), shared by {@link #main} and the
     * tests so that both run exactly the same thing.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new YamlnetCommand());
        cli.setExecutionExceptionHandler(new ErrorHandlers.InternalError());
        cli.setParameterExceptionHandler(new ErrorHandlers.UsageError());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
        HelpFormat.install(cli);
        return cli;
    }
}
