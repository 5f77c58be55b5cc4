package dev.yamlnet.compiler;

import dev.yamlnet.compiler.modules.ModuleRegistry;
import dev.yamlnet.compiler.syntax.SourceLoader;
import java.util.Objects;
import java.util.Optional;

/**
 * How to compile a model file.
 *
 * @param requestedName the file name the user asked for ({@code yolov8n.yaml}): the scale is
 *     guessed from it when {@code scale} is empty, and the summary's model name comes from it
 * @param scale an explicit scale letter ({@code --scale}), overriding the guess
 * @param imgsz the square image size shapes are checked at
 * @param nc a class count overriding the file's {@code nc} (as a dataset does in Ultralytics)
 * @param limits resource limits on the model (layers, repeats, channels, parameters)
 * @param registry the module types available
 */
public record CompileOptions(
        String requestedName,
        Optional<String> scale,
        int imgsz,
        Optional<Integer> nc,
        ModelLimits limits,
        SourceLoader.Limits yamlLimits,
        ModuleRegistry registry) {

    public static final int DEFAULT_IMGSZ = 640;

    public CompileOptions {
        Objects.requireNonNull(requestedName);
        Objects.requireNonNull(scale);
        Objects.requireNonNull(nc);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(yamlLimits);
        Objects.requireNonNull(registry);
    }

    /** Defaults: scale from the file name, 640 pixels, the file's nc, built-in and plug-in modules. */
    public static CompileOptions defaults(String requestedName) {
        return new CompileOptions(
                requestedName,
                Optional.empty(),
                DEFAULT_IMGSZ,
                Optional.empty(),
                ModelLimits.DEFAULT,
                SourceLoader.Limits.DEFAULT,
                ModuleRegistry.standard());
    }

    public CompileOptions withRequestedName(String name) {
        return new CompileOptions(name, scale, imgsz, nc, limits, yamlLimits, registry);
    }

    public CompileOptions withScale(String s) {
        return new CompileOptions(requestedName, Optional.ofNullable(s), imgsz, nc, limits, yamlLimits, registry);
    }

    public CompileOptions withImgsz(int size) {
        return new CompileOptions(requestedName, scale, size, nc, limits, yamlLimits, registry);
    }

    public CompileOptions withNc(Integer classes) {
        return new CompileOptions(
                requestedName, scale, imgsz, Optional.ofNullable(classes), limits, yamlLimits, registry);
    }

    public CompileOptions withRegistry(ModuleRegistry r) {
        return new CompileOptions(requestedName, scale, imgsz, nc, limits, yamlLimits, r);
    }

    public CompileOptions withLimits(ModelLimits l) {
        return new CompileOptions(requestedName, scale, imgsz, nc, l, yamlLimits, registry);
    }
}
