package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.compare.ModelComparison;
import dev.yamlnet.compiler.graph.CompareSvgRenderer;
import dev.yamlnet.compiler.graph.DotRenderer;
import dev.yamlnet.compiler.graph.GraphLayout;
import dev.yamlnet.compiler.graph.GraphModel;
import dev.yamlnet.compiler.graph.MermaidRenderer;
import dev.yamlnet.compiler.graph.SvgRenderer;
import dev.yamlnet.compiler.ir.ModelIr;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet graph}: a picture of the compiled model. SVG is laid out and written by yamlnet
 * itself, so it works without Graphviz; DOT and Mermaid are for people with their own tools. A model
 * with errors is still drawn as far as it resolved (the broken layers in red with their message):
 * seeing where the mistake sits is the point of the picture. The exit code still says whether the
 * model has errors.
 */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Draw the model: one box per layer (index, module, output shape, parameters), arrows from every "
                + "'from' input, backbone and head apart, detection outputs with their strides, attention blocks and "
                + "layers with errors highlighted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.MODEL_ERRORS + ":the model has errors (printed to stderr; the picture is still written when "
                    + "the rows could be read)",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.IO + ":the model file is missing or unreadable, or the output cannot be written",
            ExitCodes.INTERNAL + ":internal error"
        })
public final class GraphCommand implements Callable<Integer> {
    /** The drawing formats. */
    public enum Format {
        svg,
        dot,
        mermaid
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CompileMixin compile;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "svg",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the picture to FILE instead of stdout.")
    Path output;

    @Option(
            names = "--compare",
            paramLabel = "CHANGED",
            description =
                    "Draw MODEL and CHANGED side by side (SVG), the rows that differ outlined: changed on both sides, "
                            + "inserted on the right, removed on the left.")
    Path compare;

    @Option(
            names = "--scale-changed",
            paramLabel = "S",
            description = "With --compare: the scale of CHANGED (default: as --scale).")
    String scaleChanged;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (compare != null) {
            return drawComparison(err);
        }
        Compilation c = compile.compile();
        Reports.printText(c, c.diagnostics(), 0, err);
        int code = Reports.exitCode(c, false);
        Optional<GraphModel> graph = GraphModel.from(c);
        if (graph.isEmpty()) {
            err.println("FAILED " + c.source().name() + ": " + Reports.tally(c) + "; nothing to draw");
            err.flush();
            return code == ExitCodes.OK ? ExitCodes.MODEL_ERRORS : code;
        }
        String text;
        switch (format) {
            case dot:
                text = DotRenderer.render(graph.get());
                break;
            case mermaid:
                text = MermaidRenderer.render(graph.get());
                break;
            default:
                text = SvgRenderer.render(GraphLayout.of(graph.get()));
        }
        int written = write(text, out, err);
        if (written != ExitCodes.OK) {
            return written;
        }
        if (code != ExitCodes.OK) {
            err.println(
                    "FAILED " + c.source().name() + ": " + Reports.tally(c) + " (drawn with the broken layers marked)");
            err.flush();
        }
        return code;
    }

    private int write(String text, PrintWriter out, PrintWriter err) {
        if (output != null) {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("yamlnet: cannot write " + output + ": " + e.getMessage());
                err.flush();
                return ExitCodes.IO;
            }
        } else {
            out.print(text);
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** {@code --compare}: both models must compile, since only compiled models can be aligned. */
    private int drawComparison(PrintWriter err) {
        if (format != Format.svg) {
            throw new ParameterException(spec.commandLine(), "--compare draws SVG only, not --format " + format);
        }
        Compilation base = compile.compile();
        CompileOptions options = compile.options();
        Compilation changed = Compiler.compile(
                compare,
                CompileOptions.defaults(compare.toString())
                        .withScale(
                                scaleChanged != null
                                        ? scaleChanged
                                        : options.scale().orElse(null))
                        .withImgsz(options.imgsz())
                        .withNc(options.nc().orElse(null)));
        int code = Math.max(Reports.report(base, err), Reports.report(changed, err));
        if (code != ExitCodes.OK) {
            return code;
        }
        List<ModelIr> models = CompareCommand.distinctNames(
                List.of(base.model().orElseThrow(), changed.model().orElseThrow()));
        ModelComparison comparison = ModelComparison.of(models.get(0), models.get(1));
        String text = CompareSvgRenderer.render(
                GraphLayout.of(GraphModel.from(base).orElseThrow()),
                GraphLayout.of(GraphModel.from(changed).orElseThrow()),
                comparison);
        return write(text, spec.commandLine().getOut(), err);
    }
}
