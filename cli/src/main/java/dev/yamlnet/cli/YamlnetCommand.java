package dev.yamlnet.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code yamlnet} command: it only groups the subcommands, documents the exit codes
 * and holds {@code --verbose} and {@code --plugins}. Run without a subcommand it prints its usage to stderr and exits
 * with the usage code, like {@code git}.
 */
@Command(
        name = "yamlnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Compile Ultralytics-style model YAML: check it, print its layers, parameters and GFLOPs, draw it, "
                        + "run it on DJL, and generate Java classes that build it.",
        subcommands = {
            ValidateCommand.class,
            SummaryCommand.class,
            CompareCommand.class,
            RunCommand.class,
            PredictCommand.class,
            GenerateCommand.class,
            GraphCommand.class,
            SchemaCommand.class,
            ModulesCommand.class,
            CompletionCommand.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.MODEL_ERRORS + ":the model has errors (or warnings, with --Werror)",
            ExitCodes.USAGE + ":usage error (unknown option, bad value, missing file argument)",
            ExitCodes.IO
                    + ":I/O or environment problem (a file missing, unreadable or not fitting the model; engine unavailable; "
                    + "a plug-in failed)",
            ExitCodes.INTERNAL + ":internal error in yamlnet (please report; --verbose shows the stack trace)"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  yamlnet summary examples/yaml/yolov8n.yaml",
            "  yamlnet validate examples/yaml/yolo11n.yaml --imgsz 320 --diagnostics json",
            "  yamlnet compare examples/yaml/yolov8n.yaml examples/yaml/yolov8n-bot3.yaml",
            "  yamlnet graph examples/yaml/yolov8n-bot3.yaml -o yolov8n-bot3.svg",
            "  yamlnet schema > yamlnet-model.schema.json",
            "  yamlnet run examples/yaml/yolov8n.yaml --random -o y.npy --repeat 10",
            "  yamlnet predict checkpoint/src/test/resources/checkpoints/yolov8t-shapes.pt \\",
            "      --source djl/src/test/resources/predict/images/shapes-a.jpg",
            "  yamlnet generate examples/yaml/yolov8n-bot3.yaml \\",
            "      --package com.example.models -o src/generated/java",
            "  yamlnet modules --markdown > docs/modules.md"
        })
public final class YamlnetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Show the stack trace when yamlnet fails with an internal error, or a plug-in fails; with "
                    + "./yamlnet run, also keep libtorch's 'Could not initialize NNPACK' warnings, which the launcher "
                    + "otherwise drops.")
    boolean verbose;

    /** Read by {@link PluginLoading} from the parse result, at whichever level it was given. */
    @Option(
            names = PluginLoading.OPTION,
            paramLabel = "PATH",
            scope = ScopeType.INHERIT,
            description =
                    "Plug-in jars adding module types: a jar, a directory of jars, or a list of them separated by '"
                            + "${sys:path.separator}'; repeatable, and added to the YAMLNET_PLUGINS environment variable. "
                            + "See docs/plugins.md.")
    List<String> plugins;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("yamlnet: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
