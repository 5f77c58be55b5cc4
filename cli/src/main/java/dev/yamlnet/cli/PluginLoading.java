package dev.yamlnet.cli;

import dev.yamlnet.compiler.modules.PluginException;
import dev.yamlnet.compiler.modules.PluginPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs a command with the plug-in jars of {@code --plugins} and {@value PluginPath#ENVIRONMENT}
 * (in that order) added: it opens them in a class loader and makes it the thread's context class
 * loader, which {@link dev.yamlnet.compiler.modules.ModuleRegistry#standard()} searches. A failure
 * whose stack passes through a plug-in's code becomes a {@link PluginException} naming the
 * plug-in's class and jar, which {@link ErrorHandlers.ExecutionErrorHandler} reports as an environment
 * problem (exit 3) rather than as a bug in yamlnet. Plug-ins on the JVM's class path
 * ({@code java -cp ... dev.yamlnet.cli.Main}) are found and blamed the same way.
 */
final class PluginLoading implements IExecutionStrategy {
    /** The option name, declared on {@link YamlnetCommand} and inherited by every command. */
    static final String OPTION = "--plugins";

    private final Function<String, String> environment;

    PluginLoading(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public int execute(ParseResult parseResult) throws ExecutionException {
        Integer help = CommandLine.executeHelpRequest(parseResult);
        if (help != null) {
            return help; // --help and --version work whatever the plug-ins
        }
        List<Path> entries = new ArrayList<>();
        ParseResult last = parseResult;
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            last = p;
            OptionSpec option = p.matchedOption(OPTION);
            if (option != null) {
                option.stringValues().forEach(v -> entries.addAll(PluginPath.split(v)));
            }
        }
        entries.addAll(PluginPath.split(environment.apply(PluginPath.ENVIRONMENT)));
        CommandLine command = last.commandSpec().commandLine();

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader parent = previous != null ? previous : PluginLoading.class.getClassLoader();
        PluginPath plugins = null;
        try {
            if (!entries.isEmpty()) {
                plugins = PluginPath.open(entries, parent);
                thread.setContextClassLoader(plugins.loader());
            }
            ClassLoader loader = thread.getContextClassLoader();
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (ExecutionException e) {
                Optional<PluginException> blamed = PluginException.blame(e.getCause(), loader);
                throw blamed.isPresent()
                        ? new ExecutionException(
                                e.getCommandLine(), blamed.get().getMessage(), blamed.get())
                        : e;
            } catch (Error e) {
                // a plug-in built for another yamlnet fails with a LinkageError, which picocli does not catch
                Optional<PluginException> blamed = PluginException.blame(e, loader);
                if (blamed.isPresent()) {
                    throw new ExecutionException(command, blamed.get().getMessage(), blamed.get());
                }
                throw e;
            }
        } catch (PluginException e) {
            throw new ExecutionException(command, e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
            if (plugins != null) {
                try {
                    plugins.close();
                } catch (IOException ignored) {
                    // the process is about to exit; a jar left open is harmless
                }
            }
        }
    }
}
