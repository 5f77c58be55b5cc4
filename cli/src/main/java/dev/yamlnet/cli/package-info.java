/**
 * The {@code yamlnet} command line: one picocli command class per subcommand, shared compile
 * options in {@link dev.yamlnet.cli.CompileMixin}, exit codes in {@link dev.yamlnet.cli.ExitCodes}.
 * Commands are thin: flags become {@code CompileOptions}, the compiler does the work, printers
 * render the result to the writers picocli injects.
 */
package dev.yamlnet.cli;
