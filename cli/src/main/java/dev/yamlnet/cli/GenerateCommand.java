package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.backend.java.GenerationRun;
import dev.yamlnet.compiler.backend.java.GenerationRun.BadClassName;
import dev.yamlnet.compiler.backend.java.GenerationRun.Generated;
import dev.yamlnet.compiler.backend.java.GenerationRun.Job;
import dev.yamlnet.compiler.backend.java.GenerationRun.NameTaken;
import dev.yamlnet.compiler.backend.java.GenerationRun.NoRuntimeBlock;
import dev.yamlnet.compiler.backend.java.GenerationRun.Outcome;
import dev.yamlnet.compiler.backend.java.GenerationRun.ScaleInName;
import dev.yamlnet.compiler.backend.java.GenerationRun.WriteException;
import dev.yamlnet.compiler.backend.java.GenerationRun.Written;
import dev.yamlnet.compiler.backend.java.JavaBackend;
import dev.yamlnet.compiler.backend.java.JavaBackend.InvalidNameException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet generate}: writes one plain Java class per model that builds the same network as
 * {@code run} (through {@link JavaBackend}, by the steps {@link GenerationRun} shares with the
 * Maven plugin), so an application can ship models without parsing YAML at run time. Model problems
 * are reported exactly as {@code validate} reports them; a package or class
 * name that cannot be used is a usage error with its own code; a file that cannot be written is an
 * I/O error. A file whose content would not change is left alone, so build tools that compare
 * timestamps do not recompile it.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate a Java class per model that builds its network on DJL (the same blocks and parameter "
                + "names as 'run'), with no YAML parsing at run time. Writes DIR/<package path>/<ClassName>.java, the class "
                + "named after the file and scale (yolov8n-bot3.yaml: Yolov8nBot3Model), and prints one line per file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":every class was written (or was already up to date)",
            ExitCodes.MODEL_ERRORS
                    + ":a model has errors, or a layer has no runtime block (printed as validate prints them)",
            ExitCodes.USAGE + ":usage error, an invalid --package, or a file name that gives no class name",
            ExitCodes.IO + ":a model file is missing or unreadable, or the output cannot be written",
            ExitCodes.INTERNAL + ":internal error"
        },
        footerHeading =
                "%nWith several models, each is generated on its own and the exit code is the largest of theirs."
                        + "%n%nExamples:%n",
        footer = {
            "  yamlnet generate examples/yaml/yolov8n-bot3.yaml \\",
            "      --package com.example.models -o gen",
            "  yamlnet generate examples/yaml/yolov8.yaml examples/yaml/yolo11.yaml \\",
            "      --scale s --imgsz 320 --package com.example.models \\",
            "      --output src/generated/java"
        })
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "MODEL",
            arity = "1..*",
            description =
                    "Model YAML files. As in Ultralytics, a scale letter in the name (yolov8n) means that scale of "
                            + "the file without it (yolov8) when no file of the exact name exists.")
    List<Path> models;

    String scale;

    @Option(
            names = "--scale",
            paramLabel = "S",
            description =
                    "Scale to use from each file's scales table (n, s, m, l, x...); overrides the letter in the file "
                            + "name and goes into the class name.")
    void scale(String value) {
        scale = CompileMixin.checkScale(spec.commandLine(), value);
    }

    private int imgsz = CompileOptions.DEFAULT_IMGSZ;
    private Integer nc;

    @Option(
            names = "--imgsz",
            paramLabel = "N",
            defaultValue = "640",
            description = "Square input size in pixels the shapes (and the class's IMGSZ) are computed for "
                    + "(1..16384, default: ${DEFAULT-VALUE}).")
    void imgsz(int value) {
        imgsz = CompileMixin.checkImgsz(spec.commandLine(), value);
    }

    @Option(names = "--nc", paramLabel = "N", description = "Number of classes, overriding each file's nc.")
    void nc(int value) {
        nc = CompileMixin.checkNc(spec.commandLine(), value);
    }

    @Option(
            names = "--package",
            paramLabel = "P",
            required = true,
            description = "Java package of the generated classes, e.g. com.example.models (lowercase ASCII segments).")
    String pkg;

    /** The source root: {@code -o/--output} as every command spells it, or {@code --out} as earlier versions did (hidden). */
    static final class OutputDir {
        @Option(
                names = {"-o", "--output"},
                paramLabel = "DIR",
                required = true,
                description =
                        "Source root to write into, e.g. src/generated/java; the package's directories are created.")
        Path dir;

        @Option(names = "--out", paramLabel = "DIR", required = true, hidden = true)
        Path earlierSpelling;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    OutputDir outputDir;

    private Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GenerationRun generation;
        try {
            generation = new GenerationRun(pkg, ScaleInName.COMPILED);
        } catch (InvalidNameException e) {
            printDiagnostic(
                    new SourceFile("yamlnet generate", ""),
                    Diagnostic.builder(e.code(), Span.NONE, e.getMessage())
                            .hint(
                                    "use lowercase ASCII segments separated by dots, none a Java keyword, e.g. com.example.models")
                            .build(),
                    err);
            err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
        out = outputDir.dir != null ? outputDir.dir : outputDir.earlierSpelling;
        int worst = ExitCodes.OK;
        for (Path model : models) {
            worst = Math.max(worst, generate(generation, model, stdout, err));
        }
        return worst;
    }

    /** Generates one model and reports it: one line on stdout, or its problems on stderr; returns its exit code. */
    private int generate(GenerationRun generation, Path model, PrintWriter stdout, PrintWriter err) {
        Outcome outcome = generation.generate(new Job(
                model,
                CompileOptions.defaults(model.toString())
                        .withScale(scale)
                        .withImgsz(imgsz)
                        .withNc(nc)));
        Compilation c = outcome.compilation();
        int code = Reports.report(c, err);
        if (code != ExitCodes.OK) {
            return code;
        }
        if (outcome instanceof BadClassName bad) {
            return nameProblem(
                    c,
                    bad.cause().getMessage(),
                    "rename the file so that its name has letters or digits, e.g. my-model.yaml",
                    err);
        }
        if (outcome instanceof NoRuntimeBlock noBlock) {
            List<Diagnostic> why = noBlock.cause().diagnostics();
            if (why.isEmpty()) {
                err.println("yamlnet: cannot generate " + c.source().name() + ": "
                        + noBlock.cause().getMessage());
            } else {
                Reports.printText(c, why, 0, err);
            }
            err.println("FAILED " + c.source().name() + ": " + Reports.count(Math.max(1, why.size()), "error"));
            err.flush();
            return ExitCodes.MODEL_ERRORS;
        }
        if (outcome instanceof NameTaken taken) {
            return nameProblem(
                    c,
                    "class name " + taken.className() + " is already generated from "
                            + taken.earlier().compilation().source().name() + " in this run",
                    "generate the two models in separate runs into different packages, or rename one file",
                    err);
        }
        Generated generated = (Generated) outcome;
        try {
            Written file = generation.write(out, generated);
            ModelIr ir = generated.model();
            stdout.printf(
                    Locale.ROOT,
                    "%-9s %s (%s.%s, %d layers, %,d parameters)%n",
                    file.changed() ? "wrote" : "unchanged",
                    file.file(),
                    pkg,
                    generated.className(),
                    ir.layers().size(),
                    ir.params());
            stdout.flush();
            return ExitCodes.OK;
        } catch (WriteException e) {
            err.println("yamlnet: " + e.getMessage());
            err.flush();
            return ExitCodes.IO;
        }
    }

    private int nameProblem(Compilation c, String message, String hint, PrintWriter err) {
        printDiagnostic(
                c.source(),
                Diagnostic.builder(DiagCode.E0903, Span.NONE, message)
                        .hint(hint)
                        .build(),
                err);
        err.println("FAILED " + c.source().name() + ": no class generated");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void printDiagnostic(SourceFile source, Diagnostic d, PrintWriter err) {
        err.print(new DiagnosticPrinter(source).render(d));
        err.println();
        err.flush();
    }
}
