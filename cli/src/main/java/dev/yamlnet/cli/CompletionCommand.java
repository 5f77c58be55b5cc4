package dev.yamlnet.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet generate-completion}: picocli's completion script for every command and option,
 * for bash and (through {@code bashcompinit}) zsh. The build writes the same script to
 * {@code cli/target/yamlnet_completion}.
 */
@Command(
        name = "generate-completion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print a completion script for bash and zsh: commands, options and their values. "
                + "Load it with: source <(yamlnet generate-completion)",
        footerHeading = "%nExamples:%n",
        footer = {
            "  yamlnet generate-completion -o yamlnet_completion",
            "",
            "Bash: source <(yamlnet generate-completion), here or in ~/.bashrc.",
            "Zsh, in ~/.zshrc: autoload -U +X compinit && compinit, then",
            "autoload -U +X bashcompinit && bashcompinit, then the line for bash."
        })
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        return output.write(
                spec, AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    }
}
