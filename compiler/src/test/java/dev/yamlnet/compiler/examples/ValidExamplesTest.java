package dev.yamlnet.compiler.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every example outside {@code invalid/} is a model a user may copy: it must compile without
 * errors at the scale its name implies and at every scale of its {@code scales} table.
 */
class ValidExamplesTest {
    /**
     * Module names of Ultralytics 8.4 (and BoT3) that a build may not have registered yet. An
     * example that uses one of them is skipped, not failed, until the module exists; any other
     * unknown name is a mistake in the example and fails.
     */
    private static final Set<String> MODULES_OF_OTHER_BUILDS = Set.of("AIFI", "C1", "C2", "C2PSA", "C3", "C3TR", "ELAN1",
            "OBB26", "PSA", "SPP", "SPPELAN", "A2C2f", "AConv", "ADown", "Bottleneck", "BottleneckCSP", "C2fAttn", "C2fCIB",
            "C2fPSA", "C3Ghost", "C3k2", "C3x", "CBFuse", "CBLinear", "Classify", "Conv2", "ConvTranspose", "DWConv",
            "DWConvTranspose2d", "Focus", "GhostBottleneck", "GhostConv", "HGBlock", "HGStem", "ImagePoolingAttn", "Index",
            "LRPCHead", "Pose26", "RepC3", "RepConv", "RepNCSPELAN4", "RepVGGDW", "ResNetLayer", "RTDETRDecoder", "SCDown",
            "Segment26", "TorchVision", "WorldDetect", "YOLOEDetect", "YOLOESegment", "YOLOESegment26", "v10Detect",
            "nn.MaxPool2d", "nn.ZeroPad2d", "nn.Identity", "nn.ConvTranspose2d", "BoT3");

    static Stream<Path> files() throws IOException {
        Path root = TestPaths.examples();
        Path invalid = root.resolve("invalid");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && !p.startsWith(invalid)).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void compilesAtItsDefaultScaleAndEveryScaleOfItsTable(Path file) throws IOException {
        String name = file.getFileName().toString();
        int imgsz = imgsz(file);
        check(file, CompileOptions.defaults(name).withImgsz(imgsz), "the default scale");
        for (String letter : scales(file)) {
            check(file, CompileOptions.defaults(name).withScale(letter).withImgsz(imgsz), "scale " + letter);
        }
    }

    private static void check(Path file, CompileOptions options, String what) {
        Compilation result = Compiler.compile(file, options);
        String rendered = new DiagnosticPrinter(result.source()).render(result.diagnostics());
        List<String> pending = new ArrayList<>();
        for (Diagnostic d : result.errors()) {
            String module = result.source().textOf(d.span());
            if (d.code() == DiagCode.E0201 && MODULES_OF_OTHER_BUILDS.contains(module)) {
                pending.add(module);
            }
        }
        assumeTrue(pending.isEmpty(), file.getFileName() + " uses modules this build does not have yet: " + pending);
        assertTrue(result.errors().isEmpty(), file + " at " + what + ":\n" + rendered);
        assertTrue(result.model().isPresent(), file + " at " + what + " produced no model");
    }

    /** The image size a header comment {@code # imgsz: N} asks for, else 640. */
    private static int imgsz(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# imgsz:")) {
                return Integer.parseInt(line.substring("# imgsz:".length()).trim());
            }
        }
        return CompileOptions.DEFAULT_IMGSZ;
    }

    /** The letters of the file's scales table, read independently of the compiler. */
    private static List<String> scales(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        if (doc instanceof Map<?, ?> m && m.get("scales") instanceof Map<?, ?> table) {
            return table.keySet().stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
