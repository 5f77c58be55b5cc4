package dev.yamlnet.cli;

import dev.yamlnet.compiler.modules.PluginException;
import dev.yamlnet.compiler.modules.PluginPath;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How yamlnet fails when something other than the model is wrong. A usage mistake gets one line
 * saying what was wrong and where to find help (exit 2). An exception escaping a command is a bug
 * in yamlnet: one line asking for a report (exit 4), and the stack trace only with {@code --verbose};
 * unless it came from a plug-in module, which is named with its jar (exit 3).
 * A user's mistake in the model never reaches here: it is a diagnostic.
 */
final class ErrorHandlers {
    private ErrorHandlers() {}

    /** Command-line errors: the message, any "did you mean" suggestions, and a pointer to --help. */
    static final class UsageErrorHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("yamlnet: " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /**
     * Anything thrown by a command: a plug-in's failure ({@link PluginException}, exit 3: the plug-in
     * is part of the user's environment), else an internal error.
     */
    static final class ExecutionErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            if (ex instanceof PluginException p) {
                return plugin(p, err, verbose(parseResult));
            }
            err.println("internal error: " + describe(ex) + " (please report)");
            if (verbose(parseResult)) {
                ex.printStackTrace(err);
            } else {
                err.println("run again with --verbose to see the stack trace");
            }
            err.flush();
            return ExitCodes.INTERNAL;
        }

        private static int plugin(PluginException p, PrintWriter err, boolean verbose) {
            err.println("yamlnet: " + p.getMessage());
            if (p.pluginClass().isPresent()) {
                err.println("hint: the fault is in the plug-in, not in yamlnet: report it to the plug-in's authors, "
                        + "or leave its jar out of --plugins and " + PluginPath.ENVIRONMENT);
            }
            if (p.getCause() != null) {
                if (verbose) {
                    p.getCause().printStackTrace(err);
                } else {
                    err.println("run again with --verbose to see the stack trace");
                }
            }
            err.flush();
            return ExitCodes.IO;
        }

        private static String describe(Throwable t) {
            String message = t.getMessage();
            return message == null || message.isBlank()
                    ? t.getClass().getName()
                    : t.getClass().getSimpleName() + ": " + message;
        }

        /** Whether --verbose was given at any level ({@code yamlnet --verbose summary} or {@code yamlnet summary --verbose}). */
        private static boolean verbose(ParseResult parseResult) {
            for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
            return false;
        }
    }
}
