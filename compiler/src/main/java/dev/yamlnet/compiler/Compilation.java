package dev.yamlnet.compiler;

import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import java.util.List;
import java.util.Optional;

/**
 * The result of compiling one file: the model when it has no errors, and every diagnostic (errors
 * and warnings) in source order. Nothing is thrown for a user's mistake.
 */
public record Compilation(SourceFile source, Optional<ModelIr> model, List<Diagnostic> diagnostics) {
    public Compilation {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean isSuccessful() {
        return model.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
