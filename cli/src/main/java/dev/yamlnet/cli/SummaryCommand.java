package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.summary.SummaryJson;
import dev.yamlnet.compiler.summary.SummaryText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet summary}: Ultralytics' layer table and summary line (or the JSON contract) on
 * stdout, so that {@code > file} and pipes get only the result; warnings and errors go to stderr.
 */
@Command(
        name = "summary",
        aliases = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print the model's layer table and totals as Ultralytics does (with an output shape column), "
                + "or as JSON.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.MODEL_ERRORS + ":the model has errors (printed to stderr; nothing on stdout)",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.IO + ":the model file is missing or unreadable, or a checkpoint yamlnet refuses",
            ExitCodes.INTERNAL + ":internal error"
        })
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CompileMixin compile;

    @Option(names = "--json", description = "Print one JSON document (layers, totals, strides) instead of the table.")
    boolean json;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Compilation c = compile.compile();
        int code = Reports.report(c, err);
        if (code != ExitCodes.OK) {
            return code;
        }
        ModelIr model = c.model().orElseThrow();
        return output.write(spec, json ? SummaryJson.render(model) : SummaryText.render(model));
    }
}
