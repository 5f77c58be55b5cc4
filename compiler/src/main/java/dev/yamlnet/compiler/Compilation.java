package dev.yamlnet.compiler;

import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import java.util.List;
import java.util.Optional;

/**
 * The result of compiling one file: the model when it has no errors, and every diagnostic (errors
 * and warnings) in source order. Nothing is thrown for a user's mistake.
 *
 * <p>A file with more than {@code Diagnostics.MAX_KEPT} diagnostics keeps the first ones in
 * {@code diagnostics}; {@code hiddenErrors} and {@code hiddenWarnings} count the others.
 *
 * <p>{@code partial} is what the resolver and the shape checker produced, present whenever the rows
 * could be resolved at all, even with errors: tools that show a broken model (the graph) draw the
 * layers that resolved and mark the others. Summaries and back ends use only {@code model}.
 */
public record Compilation(
        SourceFile source,
        Optional<ModelIr> model,
        List<Diagnostic> diagnostics,
        Optional<PartialModel> partial,
        int hiddenErrors,
        int hiddenWarnings) {
    public Compilation {
        diagnostics = List.copyOf(diagnostics);
    }

    /** A compilation without a partial model (nothing was resolved). */
    public Compilation(SourceFile source, Optional<ModelIr> model, List<Diagnostic> diagnostics) {
        this(source, model, diagnostics, Optional.empty());
    }

    /** A compilation that kept every diagnostic it found. */
    public Compilation(
            SourceFile source, Optional<ModelIr> model, List<Diagnostic> diagnostics, Optional<PartialModel> partial) {
        this(source, model, diagnostics, partial, 0, 0);
    }

    public boolean isSuccessful() {
        return model.isPresent() && hiddenErrors == 0 && diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** Every error found, including the {@link #hiddenErrors()} that were counted but not kept (see {@code Diagnostics.MAX_KEPT}). */
    public int errorCount() {
        return errors().size() + hiddenErrors;
    }

    /** Every warning found, including the {@link #hiddenWarnings()}. */
    public int warningCount() {
        return warnings().size() + hiddenWarnings;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
