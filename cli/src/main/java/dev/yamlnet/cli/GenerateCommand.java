package dev.yamlnet.cli;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.backend.java.JavaBackend;
import dev.yamlnet.compiler.backend.java.JavaBackend.InvalidNameException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yamlnet generate}: writes one plain Java class per model that builds the same network as
 * {@code run} (through {@link JavaBackend}), so an application can ship models without parsing YAML at
 * run time. Model problems are reported exactly as {@code validate} reports them; a package or class
 * name that cannot be used is a usage error with its own code; a file that cannot be written is an
 * I/O error. A file whose content would not change is left alone, so build tools that compare
 * timestamps do not recompile it.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Generate a Java class per model that builds its network on DJL (the same blocks and parameter "
                + "names as 'run'), with no YAML parsing at run time. Writes DIR/<package path>/<ClassName>.java, the class "
                + "named after the file and scale (yolov8n-bot3.yaml: Yolov8nBot3Model), and prints one line per file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":every class was written (or was already up to date)",
            ExitCodes.MODEL_ERRORS + ":a model has errors, or a layer has no runtime block (printed as validate prints them)",
            ExitCodes.USAGE + ":usage error, an invalid --package, or a file name that gives no class name",
            ExitCodes.IO + ":a model file is missing or unreadable, or the output cannot be written",
            ExitCodes.INTERNAL + ":internal error"},
        footerHeading = "%nWith several models, each is generated on its own and the exit code is the largest of theirs."
                + "%n%nExamples:%n",
        footer = {
            "  yamlnet generate yolov8n-bot3.yaml --package com.example.models --out gen",
            "  yamlnet generate yolov8.yaml yolo11.yaml --scale s --imgsz 320 \\",
            "      --package com.example.models --out src/generated/java"})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "1..*",
            description = "Model YAML files. As in Ultralytics, a scale letter in the name (yolov8n) means that scale of "
                    + "the file without it (yolov8) when no file of the exact name exists.")
    List<Path> models;

    String scale;

    @Option(names = "--scale", paramLabel = "S",
            description = "Scale to use from each file's scales table (n, s, m, l, x...); overrides the letter in the file "
                    + "name and goes into the class name.")
    void scale(String value) {
        scale = CompileMixin.checkScale(spec.commandLine(), value);
    }

    private int imgsz = CompileOptions.DEFAULT_IMGSZ;
    private Integer nc;

    @Option(names = "--imgsz", paramLabel = "N", defaultValue = "640",
            description = "Square input size in pixels the shapes (and the class's IMGSZ) are computed for "
                    + "(1..16384, default: ${DEFAULT-VALUE}).")
    void imgsz(int value) {
        imgsz = CompileMixin.checkImgsz(spec.commandLine(), value);
    }

    @Option(names = "--nc", paramLabel = "N", description = "Number of classes, overriding each file's nc.")
    void nc(int value) {
        nc = CompileMixin.checkNc(spec.commandLine(), value);
    }

    @Option(names = "--package", paramLabel = "P", required = true,
            description = "Java package of the generated classes, e.g. com.example.models (lowercase ASCII segments).")
    String pkg;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "Source root to write into, e.g. src/generated/java; the package's directories are created.")
    Path out;

    /** A file that could not be written: one message, exit 3. */
    static final class WriteProblem extends Exception {
        private static final long serialVersionUID = 1L;

        WriteProblem(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JavaBackend.checkPackage(pkg);
        } catch (InvalidNameException e) {
            printDiagnostic(new SourceFile("yamlnet generate", ""), Diagnostic.builder(e.code(), Span.NONE, e.getMessage())
                    .hint("use lowercase ASCII segments separated by dots, none a Java keyword, e.g. com.example.models")
                    .build(), err);
            err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
        int worst = ExitCodes.OK;
        Map<String, String> classes = new LinkedHashMap<>();
        for (Path model : models) {
            worst = Math.max(worst, generate(model, classes, stdout, err));
        }
        return worst;
    }

    private int generate(Path model, Map<String, String> classes, PrintWriter stdout, PrintWriter err) {
        Compilation c = Compiler.compile(model, CompileOptions.defaults(model.toString()).withScale(scale).withImgsz(imgsz)
                .withNc(nc));
        int code = Reports.report(c, err);
        if (code != ExitCodes.OK) {
            return code;
        }
        ModelIr ir = c.model().orElseThrow();
        String className;
        try {
            className = JavaBackend.className(model.toString(), ir.scale());
        } catch (InvalidNameException e) {
            return nameProblem(c, e.getMessage(), "rename the file so that its name has letters or digits, e.g. my-model.yaml",
                    err);
        }
        String source;
        try {
            source = JavaBackend.generate(ir, pkg, className).toString();
        } catch (ModelLoadException e) {
            List<Diagnostic> why = e.diagnostics();
            if (why.isEmpty()) {
                err.println("yamlnet: cannot generate " + c.source().name() + ": " + e.getMessage());
            } else {
                Reports.printText(c, why, 0, err);
            }
            err.println("FAILED " + c.source().name() + ": " + Reports.count(Math.max(1, why.size()), "error"));
            err.flush();
            return ExitCodes.MODEL_ERRORS;
        } catch (InvalidNameException e) {
            return nameProblem(c, e.getMessage(), null, err);
        }
        String earlier = classes.putIfAbsent(className, c.source().name());
        if (earlier != null) {
            return nameProblem(c, "class name " + className + " is already generated from " + earlier + " in this run",
                    "generate the two models in separate runs into different packages, or rename one file", err);
        }
        Path file = out.resolve(pkg.replace('.', '/')).resolve(className + ".java");
        try {
            boolean written = write(file, source.getBytes(StandardCharsets.UTF_8));
            stdout.printf(Locale.ROOT, "%-9s %s (%s.%s, %d layers, %,d parameters)%n", written ? "wrote" : "unchanged", file,
                    pkg, className, ir.layers().size(), ir.params());
            stdout.flush();
            return ExitCodes.OK;
        } catch (WriteProblem e) {
            err.println("yamlnet: " + e.getMessage());
            err.flush();
            return ExitCodes.IO;
        }
    }

    private int nameProblem(Compilation c, String message, String hint, PrintWriter err) {
        printDiagnostic(c.source(), Diagnostic.builder(DiagCode.E0903, Span.NONE, message)
                .hint(hint).build(), err);
        err.println("FAILED " + c.source().name() + ": no class generated");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void printDiagnostic(SourceFile source, Diagnostic d, PrintWriter err) {
        err.print(new DiagnosticPrinter(source).render(d));
        err.println();
        err.flush();
    }

    /**
     * Writes {@code bytes} to {@code file} unless it already holds exactly them; returns whether it
     * wrote. The new content goes to a temporary file beside the target and is then moved over it, so
     * a build reading the directory never sees half a class.
     */
    static boolean write(Path file, byte[] bytes) throws WriteProblem {
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return false;
            }
        } catch (IOException e) {
            // unreadable: try to replace it, which reports the real problem if there is one
        }
        Path dir = file.toAbsolutePath().getParent();
        // the first existing directory above, as the user wrote the path, to name a file in the way
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new WriteProblem("cannot create directory " + file.getParent() + ": " + p
                            + " is a file, not a directory");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WriteProblem("cannot create directory " + file.getParent() + ": " + reason(e));
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return true;
        } catch (IOException e) {
            throw new WriteProblem("cannot write " + file + ": " + reason(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the class
                }
            }
        }
    }

    /** Why an I/O operation failed, in words ({@code permission denied}). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
