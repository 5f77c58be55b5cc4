package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.backend.LayerBlocks;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.djl.DjlBackend;
import dev.yamlnet.runtime.ModelGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid example YAML ({@code examples/yaml}, not {@code invalid/}) at the scale its name
 * implies and its {@code # imgsz:} header: the generated class compiles with {@code javax.tools},
 * and the network it builds has the same parameter names (in state-dict order) and shapes, and the
 * same output shapes, as the DJL back end's. Models the runtime cannot build are skipped with the
 * back end's own reason, shown as the test's assumption message.
 */
@Tag("engine")
class GeneratedExamplesTest {
    /** One example: its compiled model, and either the generated class or why there is none. */
    record Generated(ModelIr model, String fqcn, String skipReason) {}

    private static final Map<Path, Generated> GENERATED = new LinkedHashMap<>();
    private static Map<String, Class<?>> classes = Map.of();

    static Stream<Path> files() throws IOException {
        Path root = TestPaths.examples();
        Path invalid = root.resolve("invalid");
        try (Stream<Path> s = Files.walk(root)) {
            return s
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") && !p.startsWith(invalid))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /** Generates every example and compiles all the classes in one javac run (one run each would take minutes). */
    @BeforeAll
    static void generateAndCompileAll() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        int n = 0;
        for (Path file : files().toList()) {
            String name = file.getFileName().toString();
            Compilation c = Compiler.compile(file, CompileOptions.defaults(name).withImgsz(imgsz(file)));
            assertThat(c.errors()).as(name).isEmpty();
            ModelIr model = c.model().orElseThrow();
            String pkg = "examples.e" + n++;
            String className = JavaBackend.className(name, model);
            try {
                String source = JavaBackend.generate(model, pkg, className).toString();
                sources.put(pkg + "." + className, source);
                GENERATED.put(file, new Generated(model, pkg + "." + className, null));
            } catch (ModelLoadException e) {
                // the same reason the DJL back end gives, for the same layers
                assertThat(LayerBlocks.missing(model)).isNotEmpty();
                GENERATED.put(file, new Generated(model, null, e.getMessage()));
            }
        }
        classes = InMemoryJavac.compileAll(sources);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void generatedClassBuildsTheSameNetworkAsTheDjlBackEnd(Path file) throws Exception {
        Generated g = GENERATED.get(file);
        if (g.skipReason() != null) {
            ModelLoadException djl = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> DjlBackend.build(g.model()), ModelLoadException.class);
            assertThat(djl).as("the DJL back end cannot build it either").isNotNull();
            assertThat(g.skipReason())
                    .as("the same layers as the DJL back end names")
                    .isEqualTo(djl.getMessage().replace("but not run", "but not generated"));
            assumeTrue(false, file.getFileName() + ": " + djl.getMessage());
        }
        ModelIr model = g.model();
        Class<?> type = classes.get(g.fqcn());
        assertThat(type.getField("IMGSZ").getInt(null)).isEqualTo(model.imgsz());
        assertThat(type.getField("CHANNELS").getInt(null)).isEqualTo(model.channels());
        assertThat(type.getField("NC").getInt(null)).isEqualTo(model.nc() == null ? 0 : model.nc());
        assertThat((int[]) type.getMethod("strides").invoke(null))
                .containsExactly(model.strides().stream()
                        .mapToInt(d -> (int) Math.round(d))
                        .toArray());

        ModelGraph generated = (ModelGraph) type.getMethod("block").invoke(null);
        ModelGraph reference = DjlBackend.build(model);
        Shape image = new Shape(1, model.channels(), model.imgsz(), model.imgsz());
        assertThat(generated.getOutputShapes(new Shape[] {image}))
                .as("output shapes")
                .isEqualTo(reference.getOutputShapes(new Shape[] {image}));
        try (NDManager manager = NDManager.newBaseManager()) {
            generated.initialize(manager, DataType.FLOAT32, image);
            reference.initialize(manager, DataType.FLOAT32, image);
            List<String> names = shapes(generated);
            assertThat(names)
                    .as("parameter names and shapes, in order")
                    .isNotEmpty()
                    .containsExactlyElementsOf(shapes(reference));
        }
        assertThat(generated.parameterCount()).isEqualTo(model.params());
    }

    private static List<String> shapes(ModelGraph g) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : g.ultralyticsParameters().entrySet()) {
            out.add(e.getKey() + " " + e.getValue().getArray().getShape());
        }
        return out;
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
}
