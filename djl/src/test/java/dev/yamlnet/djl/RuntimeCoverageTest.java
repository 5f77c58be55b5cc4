package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.backend.java.JavaBlocks;
import dev.yamlnet.compiler.conformance.ReferenceCase;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.blocks.YoloBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every valid example model and every reference configuration the compiler accepts can be
 * instantiated on the runtime: each layer has a block, and the built graph holds exactly the
 * parameters the compiler counts (which equal Ultralytics' counts for the references), layer by
 * layer, with the compiler's output shape per layer.
 */
class RuntimeCoverageTest {
    @Test
    void everyValidExampleAndReferenceHasARuntimeBlockPerLayer() throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> wrongCount = new ArrayList<>();
        for (Path file : examples()) {
            Compilation c = Compiler.compile(
                    file, CompileOptions.defaults(file.getFileName().toString()).withImgsz(imgsz(file)));
            if (c.model().isPresent() && c.errors().isEmpty()) {
                check(
                        TestPaths.examples().relativize(file).toString(),
                        c.model().get(),
                        missing,
                        wrongCount);
            }
        }
        for (ReferenceCase rc : ReferenceCase.all()) {
            Optional<ModelIr> ir = DjlBackendTest.compile(rc);
            if (ir.isPresent()) {
                check(rc.id(), ir.get(), missing, wrongCount);
            }
        }
        assertThat(missing).as("layers without a runtime block").isEmpty();
        assertThat(wrongCount)
                .as("runtime parameter counts that differ from the compiler's")
                .isEmpty();
    }

    private static void check(String name, ModelIr ir, List<String> missing, List<String> wrongCount) {
        List<String> here = new ArrayList<>();
        for (LayerIr l : ir.layers()) {
            if (l.instance().block(JavaBlocks.INSTANCE, l.inputShapes()).isEmpty()) {
                here.add(l.index() + " " + l.module());
            }
        }
        if (!here.isEmpty()) {
            missing.add(name + ": " + here);
            return;
        }
        try {
            ModelGraph g = DjlBackend.build(ir);
            if (g.parameterCount() != ir.params()) {
                wrongCount.add(name + ": runtime " + g.parameterCount() + ", compiler " + ir.params());
            }
            // layer by layer: learnable elements and output shapes as the compiler's table has them
            List<Shape[]> shapes = g.layerOutputShapes(new Shape(1, ir.channels(), ir.imgsz(), ir.imgsz()));
            for (LayerIr l : ir.layers()) {
                long n = learnable((YoloBlock) g.layers().get(l.index()));
                if (n != l.params()) {
                    wrongCount.add(name + " layer " + l.index() + " " + l.module() + ": runtime " + n + ", compiler "
                            + l.params());
                }
                if (l.output() instanceof dev.yamlnet.compiler.shape.Shape.FeatureMap f
                        && !shapes.get(l.index())[0].equals(new Shape(1, f.channels(), f.height(), f.width()))) {
                    wrongCount.add(name + " layer " + l.index() + " " + l.module() + ": runtime shape "
                            + shapes.get(l.index())[0] + ", compiler " + f.channels() + "x" + f.height() + "x"
                            + f.width());
                }
            }
        } catch (ModelLoadException | RuntimeException e) {
            missing.add(name + ": " + e);
        }
    }

    /**
     * PyTorch's parameter count of one block: its tensors less its buffers (BatchNorm running
     * statistics, and buffers such as Pose26's flow-model constants, which the runtime types alike).
     */
    private static long learnable(YoloBlock b) {
        long n = 0;
        for (Map.Entry<String, Parameter> e : b.ultralyticsParameters().entrySet()) {
            Parameter.Type type = e.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                n += e.getValue().getShape().size();
            }
        }
        return n;
    }

    static List<Path> examples() throws IOException {
        Path root = TestPaths.examples();
        Path invalid = root.resolve("invalid");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && !p.startsWith(invalid))
                    .sorted()
                    .toList();
        }
    }

    /** The image size a header comment {@code # imgsz: N} asks for, else 640. */
    static int imgsz(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# imgsz:")) {
                return Integer.parseInt(line.substring("# imgsz:".length()).trim());
            }
        }
        return CompileOptions.DEFAULT_IMGSZ;
    }
}
