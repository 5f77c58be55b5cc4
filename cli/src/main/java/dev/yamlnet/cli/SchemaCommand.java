package dev.yamlnet.cli;

import dev.yamlnet.compiler.modules.ModuleRegistry;
import dev.yamlnet.compiler.schema.ModelSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet schema}: the JSON Schema (draft 2020-12) for model YAML, generated from the module
 * registry (plug-ins on the class path included), for editors' YAML support; see
 * {@code docs/editor-support.md}.
 */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print a JSON Schema (draft 2020-12) for model YAML: top-level keys, row shape, module names and "
                + "each module's arguments, for editor completion and checking (see docs/editor-support.md).")
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        return output.write(spec, ModelSchema.render(ModuleRegistry.standard()));
    }
}
