package dev.yamlnet.cli;

/**
 * The exit codes scripts and CI rely on, defined once here and listed in {@code --help}. They
 * separate "your model is wrong" from "you called me wrong", "the file system is wrong" and "yamlnet
 * is wrong", in the spirit of the sysexits classes jlox uses.
 */
public final class ExitCodes {
    /** Success; the model is valid. */
    public static final int OK = 0;
    /** The model has errors (or warnings, with {@code --Werror}). */
    public static final int MODEL_ERRORS = 1;
    /** The command line is wrong: unknown option, missing argument, value out of range. */
    public static final int USAGE = 2;
    /** An I/O or environment problem: the model file does not exist or cannot be read. */
    public static final int IO = 3;
    /** A bug in yamlnet; the only case that may print a stack trace (with {@code --verbose}). */
    public static final int INTERNAL = 4;

    private ExitCodes() {}
}
