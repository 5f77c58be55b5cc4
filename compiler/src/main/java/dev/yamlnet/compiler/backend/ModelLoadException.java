package dev.yamlnet.compiler.backend;

import dev.yamlnet.compiler.diag.Diagnostic;
import java.util.List;

/**
 * A model could not be made ready to run: the YAML has errors (see {@link #diagnostics()}, printable
 * with the compiler's diagnostic printers), or a layer's module has no runtime block yet. The message
 * is meant for users; callers print it without a stack trace.
 */
public final class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public ModelLoadException(String message) {
        this(message, List.of());
    }

    public ModelLoadException(String message, List<Diagnostic> diagnostics) {
        super(message);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /**
     * The compiler's errors when the YAML did not compile, or one E0901 per layer without a runtime
     * block; printable with the compiler's diagnostic printers against the model's source.
     */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
