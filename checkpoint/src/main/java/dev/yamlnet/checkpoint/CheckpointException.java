package dev.yamlnet.checkpoint;

/**
 * A checkpoint yamlnet refuses or cannot read. The message says what is wrong for a user (it does
 * not repeat the file name: callers put it in front) and never quotes more than a short excerpt of
 * what the file holds.
 */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
