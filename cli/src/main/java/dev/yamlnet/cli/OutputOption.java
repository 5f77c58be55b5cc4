package dev.yamlnet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code -o/--output FILE}, the one spelling every command uses for where its result goes: the
 * text it would print on stdout is written to FILE instead. Diagnostics and notes stay on stderr.
 */
final class OutputOption {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the result to FILE instead of stdout.")
    Path file;

    /**
     * Writes {@code text} to the file, or prints it on the command's stdout. Returns
     * {@link ExitCodes#OK}, or {@link ExitCodes#IO} after saying on stderr why the file could not be
     * written.
     */
    int write(CommandSpec spec, String text) {
        if (file == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return ExitCodes.OK;
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("yamlnet: cannot write " + file + ": " + reason(e));
            err.flush();
            return ExitCodes.IO;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
