package dev.yamlnet.checkpoint;

/**
 * The pickle names a global (a Python class or function, e.g. {@code posix.system}) that is not on
 * the allowlist. It is refused where it is named, before anything could use it: nothing from the
 * file has run.
 */
public final class ForbiddenGlobalException extends CheckpointException {
    private static final long serialVersionUID = 1L;

    private final String global;

    ForbiddenGlobalException(String global, String message) {
        super(message);
        this.global = global;
    }

    /** The refused global as {@code module.name}, e.g. {@code builtins.eval}. */
    public String global() {
        return global;
    }
}
