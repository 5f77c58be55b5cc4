package dev.yamlnet.cli;

import dev.yamlnet.compiler.modules.ModuleRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet modules}: lists the module types the compiler knows (built-ins and plug-ins on
 * the class path); {@code --markdown} writes the reference page kept at {@code docs/modules.md}.
 */
@Command(
        name = "modules",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List the module types yamlnet knows: YAML name, Python type, arguments with types and defaults, "
                + "description.")
public final class ModulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--markdown", description = "Print the Markdown reference (the content of docs/modules.md).")
    boolean markdown;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ModuleRegistry registry = ModuleRegistry.standard();
        return output.write(spec, markdown ? ModuleReference.markdown(registry) : ModuleReference.text(registry));
    }
}
