package dev.yamlnet.compiler.backend.java;

import com.palantir.javapoet.JavaFile;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.backend.java.JavaBackend.InvalidNameException;
import dev.yamlnet.compiler.ir.ModelIr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The steps {@code yamlnet generate} and the Maven plugin's {@code yamlnet:generate} share, for
 * one model at a time: compile it, name its class after the file and scale, generate the source
 * (E0901 when a layer has no runtime block), claim the class name once per run (a second model
 * that would get the same class is refused), and write the file only when its bytes change. One
 * instance is one run: it remembers the names claimed so far. Nothing is printed; each model's
 * {@link Outcome} says what happened, and each caller reports it in its own way and decides what
 * a failure means for the other models.
 */
public final class GenerationRun {
    /** Which scale goes into a class's name. */
    public enum ScaleInName {
        /**
         * The scale the model was compiled at: {@code yolov8.yaml}, built at its first scale, gives
         * {@code Yolov8nModel} (the CLI).
         */
        COMPILED,
        /**
         * Only a scale the options ask for: {@code yolov8.yaml} without one is {@code Yolov8Model}, at
         * {@code --scale s} {@code Yolov8sModel} (the Maven plugin).
         */
        REQUESTED
    }

    /**
     * One model to generate.
     *
     * @param model the model file as the user named it (a scale letter in the name may select the
     *     file without it, see {@link dev.yamlnet.compiler.ModelFile#locate})
     * @param options how to compile it; its {@code requestedName} also names the class
     */
    public record Job(Path model, CompileOptions options) {
        /**
         * Checks that both are given.
         *
         * @param model the model file
         * @param options how to compile it
         */
        public Job {
            Objects.requireNonNull(model);
            Objects.requireNonNull(options);
        }
    }

    /** What happened to one {@link Job}; every outcome but {@link Generated} is a failure of that model. */
    public sealed interface Outcome permits Generated, ModelErrors, NoRuntimeBlock, BadClassName, NameTaken {
        /**
         * The model this is the outcome of.
         *
         * @return the job as given to {@link #generate}
         */
        Job job();

        /**
         * The model's compilation.
         *
         * @return the compilation, with every diagnostic (warnings too) to print
         */
        Compilation compilation();
    }

    /**
     * The source was generated and its class name claimed; {@link #write} writes it.
     *
     * @param job the model
     * @param compilation its compilation, without errors
     * @param className the simple name of the class
     * @param source the generated file
     */
    public record Generated(Job job, Compilation compilation, String className, JavaFile source) implements Outcome {
        /**
         * The compiled model the class builds.
         *
         * @return the compilation's model
         */
        public ModelIr model() {
            return compilation.model().orElseThrow();
        }
    }

    /**
     * The model has errors; nothing was generated.
     *
     * @param job the model
     * @param compilation its compilation, whose errors say what is wrong (E0001 for a missing file)
     */
    public record ModelErrors(Job job, Compilation compilation) implements Outcome {}

    /**
     * A layer has no runtime block; nothing was generated.
     *
     * @param job the model
     * @param compilation its compilation, without errors
     * @param cause whose diagnostics (E0901) name the rows
     */
    public record NoRuntimeBlock(Job job, Compilation compilation, ModelLoadException cause) implements Outcome {}

    /**
     * The file name gives no usable class name; nothing was generated.
     *
     * @param job the model
     * @param compilation its compilation, without errors
     * @param cause why (E0903)
     */
    public record BadClassName(Job job, Compilation compilation, InvalidNameException cause) implements Outcome {}

    /**
     * Another model of this run already generated the class this one would; this one is refused.
     *
     * @param job the model
     * @param compilation its compilation, without errors
     * @param className the class both would be
     * @param earlier the model that generated it first
     */
    public record NameTaken(Job job, Compilation compilation, String className, Generated earlier) implements Outcome {}

    /**
     * A written file.
     *
     * @param file the file, under the output directory as the caller gave it
     * @param changed whether it was written; false when it already held exactly these bytes
     */
    public record Written(Path file, boolean changed) {}

    /** A file that could not be written, with a message naming the file and why ({@code permission denied}). */
    public static final class WriteException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteException(String message) {
            super(message);
        }
    }

    private final String packageName;
    private final ScaleInName scaleInName;
    private final Map<String, Generated> claimed = new HashMap<>();

    /**
     * A run that generates classes into {@code packageName}.
     *
     * @param packageName the package of every class, e.g. {@code com.example.models}
     * @param scaleInName which scale goes into a class's name
     * @throws InvalidNameException (E0902) when {@code packageName} is not a lowercase dotted Java package
     */
    public GenerationRun(String packageName, ScaleInName scaleInName) throws InvalidNameException {
        JavaNames.checkPackage(packageName);
        this.packageName = packageName;
        this.scaleInName = Objects.requireNonNull(scaleInName);
    }

    /**
     * The package every class of this run is generated in.
     *
     * @return the package, as given
     */
    public String packageName() {
        return packageName;
    }

    /**
     * Compiles the job's model and, when it has no errors, names and generates its class and claims
     * the name for this run. Nothing is written.
     *
     * @param job the model and how to compile it
     * @return what happened: {@link Generated}, or why not
     */
    public Outcome generate(Job job) {
        Compilation c = Compiler.compile(job.model(), job.options());
        if (!c.isSuccessful()) {
            return new ModelErrors(job, c);
        }
        ModelIr ir = c.model().orElseThrow();
        String scale = scaleInName == ScaleInName.COMPILED
                ? ir.scale()
                : job.options().scale().orElse(null);
        String className;
        JavaFile source;
        try {
            className = ClassNames.of(job.options().requestedName(), scale, ir.scales());
            source = JavaBackend.generate(ir, packageName, className);
        } catch (InvalidNameException e) {
            return new BadClassName(job, c, e);
        } catch (ModelLoadException e) {
            return new NoRuntimeBlock(job, c, e);
        }
        Generated generated = new Generated(job, c, className, source);
        Generated earlier = claimed.putIfAbsent(className, generated);
        return earlier == null ? generated : new NameTaken(job, c, className, earlier);
    }

    /**
     * Where a class's source goes below the output directory.
     *
     * @param className the simple name of the class
     * @return e.g. {@code com/example/models/Yolov8nModel.java}
     */
    public Path relativeFile(String className) {
        return Path.of(packageName.replace('.', '/')).resolve(className + ".java");
    }

    /**
     * Writes a generated source below {@code outputDirectory} unless the file already holds exactly
     * its bytes, so an unchanged source keeps its timestamp and build tools do not recompile it.
     *
     * @param outputDirectory the source root (package directories are created below it)
     * @param generated the source
     * @return the file and whether it was written
     * @throws WriteException when the file or a directory cannot be written, naming which and why
     */
    public Written write(Path outputDirectory, Generated generated) throws WriteException {
        Path file = outputDirectory.resolve(relativeFile(generated.className()));
        return new Written(
                file, writeIfChanged(file, generated.source().toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code bytes} to {@code file} unless it already holds exactly them; returns whether it
     * wrote. The new content goes to a temporary file beside the target and is then moved over it, so
     * a build reading the directory never sees half a class.
     */
    static boolean writeIfChanged(Path file, byte[] bytes) throws WriteException {
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
                    throw new WriteException(
                            "cannot create directory " + file.getParent() + ": " + p + " is a file, not a directory");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WriteException("cannot create directory " + file.getParent() + ": " + reason(e));
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
            throw new WriteException("cannot write " + file + ": " + reason(e));
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
