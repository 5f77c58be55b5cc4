package dev.yamlnet.cli;

import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.compiler.CheckpointCompilation;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ModelLimits;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The model file and the options every compiling command shares ({@code --scale}, {@code --imgsz},
 * {@code --nc}). It turns them into {@link CompileOptions}; values that can never be right are
 * refused here as usage errors, everything that depends on the model is left to the compiler.
 *
 * <p>The model may be a checkpoint ({@code best.pt}): then the YAML it embeds is compiled, at the
 * image size it was trained at unless {@code --imgsz} is given, and the checkpoint is kept for the
 * commands that need its weights.
 */
public final class CompileMixin {
    /** The largest image size accepted, the compiler's own limit. */
    static final int MAX_IMGSZ = ModelLimits.DEFAULT.maxImgsz();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description =
                    "The model YAML file, or an Ultralytics checkpoint (best.pt, last.pt) whose embedded model YAML is "
                            + "used. As in Ultralytics, a scale letter in the name (yolov8n) means that scale of the file without it "
                            + "(yolov8) when no file of the exact name exists.")
    Path model;

    /** The checkpoint MODEL names, once {@link #compile()} has read it. */
    private Checkpoint checkpoint;

    String scale;

    @Option(
            names = "--scale",
            paramLabel = "S",
            description =
                    "Scale to use from the file's scales table (n, s, m, l, x...); overrides the letter in the file name.")
    void scale(String value) {
        scale = checkScale(mixee.commandLine(), value);
    }

    /** A {@code --scale} value, or a usage error when it is empty or blank (no scales table has such a key). */
    static String checkScale(CommandLine cli, String value) {
        if (value.isBlank()) {
            throw new ParameterException(
                    cli,
                    "invalid value for option '--scale': '" + value
                            + "' is empty; give a key of the model's scales table, e.g. n");
        }
        return value;
    }

    private int imgsz = CompileOptions.DEFAULT_IMGSZ;
    private Integer nc;

    @Option(
            names = "--imgsz",
            paramLabel = "N",
            defaultValue = "640",
            description =
                    "Square input size in pixels that shapes are checked at (1..16384, default: ${DEFAULT-VALUE}; for a "
                            + "checkpoint, the size it was trained at). It must be a multiple of the model's largest stride.")
    void imgsz(int value) {
        imgsz = checkImgsz(mixee.commandLine(), value);
    }

    /** An {@code --imgsz} value, or a usage error when it is outside 1..{@link #MAX_IMGSZ}. */
    static int checkImgsz(CommandLine cli, int value) {
        if (value < 1 || value > MAX_IMGSZ) {
            throw new ParameterException(
                    cli, "invalid value for option '--imgsz': " + value + " is outside 1.." + MAX_IMGSZ);
        }
        return value;
    }

    /** An {@code --nc} value, or a usage error when it is not positive. */
    static int checkNc(CommandLine cli, int value) {
        if (value < 1) {
            throw new ParameterException(
                    cli, "invalid value for option '--nc': " + value + " is not a positive class count");
        }
        return value;
    }

    @Option(
            names = "--nc",
            paramLabel = "N",
            description = "Number of classes, overriding the file's nc (as a dataset does in Ultralytics).")
    void nc(int value) {
        nc = checkNc(mixee.commandLine(), value);
    }

    /** The compiler options these flags describe. */
    CompileOptions options() {
        return CompileOptions.defaults(model.toString())
                .withScale(scale)
                .withImgsz(imgsz)
                .withNc(nc);
    }

    /** Compiles the model; never throws for a user's mistake (those are diagnostics). */
    Compilation compile() {
        if (!Checkpoint.isCheckpoint(model)) {
            return Compiler.compile(model, options());
        }
        CheckpointCompilation c = Compiler.compileCheckpoint(model, options());
        checkpoint = c.checkpoint().orElse(null);
        List<Integer> trained = checkpoint == null ? List.of() : checkpoint.imgsz();
        boolean imgszGiven = mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--imgsz");
        if (!imgszGiven
                && !trained.isEmpty()
                && Collections.max(trained) != imgsz
                && Collections.max(trained) <= MAX_IMGSZ) {
            return Compiler.compile(checkpoint, model.toString(), options().withImgsz(Collections.max(trained)));
        }
        return c.compilation();
    }

    /** The checkpoint MODEL names, when it is one and {@link #compile()} could read it. */
    Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }
}
