package dev.yamlnet.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The range checks of integer options, one message for every command (exit 2 through picocli). */
final class OptionChecks {
    private OptionChecks() {}

    /** {@code value} when it is at least 1; otherwise a usage error naming {@code option}. */
    static int positive(CommandSpec spec, String option, int value) {
        if (value < 1) {
            throw new ParameterException(
                    spec.commandLine(), "invalid value for option '" + option + "': " + value + " is not positive");
        }
        return value;
    }

    /** {@code value} when it is at least 0; otherwise a usage error naming {@code option}. */
    static int nonNegative(CommandSpec spec, String option, int value) {
        if (value < 0) {
            throw new ParameterException(
                    spec.commandLine(), "invalid value for option '" + option + "': " + value + " is negative");
        }
        return value;
    }
}
