package dev.yamlnet.runtime.weights;

/**
 * A weight file could not be used: unreadable, malformed, an unsupported data type, or tensors that
 * do not fit the model. The message is written for users (what was found, what was expected), so a
 * command-line tool prints it as a diagnostic without a stack trace.
 */
public class WeightLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public WeightLoadException(String message) {
        super(message);
    }

    public WeightLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
