package dev.yamlnet.cli;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ModelLimits;
import java.nio.file.Path;
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
 */
public final class CompileMixin {
    /** The largest image size accepted, the compiler's own limit. */
    static final int MAX_IMGSZ = ModelLimits.DEFAULT.maxImgsz();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "The model YAML file. As in Ultralytics, a scale letter in the name (yolov8n) means that scale of "
                    + "the file without it (yolov8) when no file of the exact name exists.")
    Path model;

    String scale;

    @Option(names = "--scale", paramLabel = "S",
            description = "Scale to use from the file's scales table (n, s, m, l, x...); overrides the letter in the file name.")
    void scale(String value) {
        scale = checkScale(mixee.commandLine(), value);
    }

    /** A {@code --scale} value, or a usage error when it is empty or blank (no scales table has such a key). */
    static String checkScale(CommandLine cli, String value) {
        if (value.isBlank()) {
            throw new ParameterException(cli, "invalid value for option '--scale': '" + value
                    + "' is empty; give a key of the model's scales table, e.g. n");
        }
        return value;
    }

    private int imgsz = CompileOptions.DEFAULT_IMGSZ;
    private Integer nc;

    @Option(names = "--imgsz", paramLabel = "N", defaultValue = "640",
            description = "Square input size in pixels that shapes are checked at (1..16384, default: ${DEFAULT-VALUE}). "
                    + "It must be a multiple of the model's largest stride.")
    void imgsz(int value) {
        imgsz = checkImgsz(mixee.commandLine(), value);
    }

    /** An {@code --imgsz} value, or a usage error when it is outside 1..{@link #MAX_IMGSZ}. */
    static int checkImgsz(CommandLine cli, int value) {
        if (value < 1 || value > MAX_IMGSZ) {
            throw new ParameterException(cli, "invalid value for option '--imgsz': " + value + " is outside 1.." + MAX_IMGSZ);
        }
        return value;
    }

    /** An {@code --nc} value, or a usage error when it is not positive. */
    static int checkNc(CommandLine cli, int value) {
        if (value < 1) {
            throw new ParameterException(cli, "invalid value for option '--nc': " + value + " is not a positive class count");
        }
        return value;
    }

    @Option(names = "--nc", paramLabel = "N",
            description = "Number of classes, overriding the file's nc (as a dataset does in Ultralytics).")
    void nc(int value) {
        nc = checkNc(mixee.commandLine(), value);
    }

    /** The compiler options these flags describe. */
    CompileOptions options() {
        return CompileOptions.defaults(model.toString()).withScale(scale).withImgsz(imgsz).withNc(nc);
    }

    /** Compiles the model; never throws for a user's mistake (those are diagnostics). */
    Compilation compile() {
        return Compiler.compile(model, options());
    }
}
