package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.conformance.ReferenceCase;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.djl.DjlBackend;
import dev.yamlnet.runtime.ModelGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class JavaBackendTest {

    /** Compiles one source in memory and returns the loaded class. */
    static Class<?> compileInMemory(String fqcn, String source) throws Exception {
        return InMemoryJavac.compile(fqcn, source);
    }

    static ModelIr yolov8t() {
        ReferenceCase c = ReferenceCase.fixtures().stream()
                .filter(r -> r.id().equals("yolov8t"))
                .findFirst()
                .orElseThrow();
        CompileOptions options = CompileOptions.defaults(c.requestedName()).withImgsz(c.imgsz());
        if (c.scale().isPresent()) {
            options = options.withScale(c.scale().get());
        }
        return Compiler.compile(c.yaml(), options).model().orElseThrow();
    }

    private static Map<String, String> names(ModelGraph g) {
        Map<String, Parameter> params = new TreeMap<>();
        g.collectParameters("", params);
        Map<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> out.put(k, v.getType().name()));
        return out;
    }

    @Tag("engine")
    @Test
    void generatedYolov8tBuildsTheSameGraphAsTheDjlBackEnd() throws Exception {
        ModelIr model = yolov8t();
        String source = JavaBackend.generate(model, "com.example.models", "Yolov8tModel")
                .toString();
        Class<?> type = compileInMemory("com.example.models.Yolov8tModel", source);
        ModelGraph generated = (ModelGraph) type.getMethod("block").invoke(null);
        ModelGraph reference = DjlBackend.build(model);
        assertThat(names(generated)).isEqualTo(names(reference)).isNotEmpty();
        Shape image = new Shape(1, 3, model.imgsz(), model.imgsz());
        assertThat(generated.getOutputShapes(new Shape[] {image}))
                .isEqualTo(reference.getOutputShapes(new Shape[] {image}));
        assertThat(type.getField("IMGSZ").getInt(null)).isEqualTo(model.imgsz());
        assertThat(source)
                .contains("graph.add(")
                .doesNotContain("org.yaml")
                .doesNotContain("javapoet")
                .doesNotContain("/work/");
    }

    /**
     * The examples with the new blocks (GhostConv, C3Ghost, Focus, C3x, DWConv, SPP) and a replaced default
     * activation: the generated class builds the same tensors, shapes and activations as the DJL back end.
     */
    @Tag("engine")
    @Test
    void generatedGhostAndLeakyExamplesMatchTheDjlBackEnd() throws Exception {
        for (String file : List.of("yolo-ghost.yaml", "yolo-classic-leaky.yaml")) {
            ModelIr model = Compiler.compile(
                            dev.yamlnet.compiler.TestPaths.examples().resolve(file),
                            CompileOptions.defaults(file).withScale("n").withImgsz(128))
                    .model()
                    .orElseThrow();
            String cls = JavaBackend.className(file);
            String source =
                    JavaBackend.generate(model, "com.example.models", cls).toString();
            ModelGraph generated = (ModelGraph) compileInMemory("com.example.models." + cls, source)
                    .getMethod("block")
                    .invoke(null);
            ModelGraph reference = DjlBackend.build(model);
            assertThat(names(generated)).as(file).isEqualTo(names(reference)).isNotEmpty();
            Shape image = new Shape(1, 3, 128, 128);
            assertThat(generated.getOutputShapes(new Shape[] {image}))
                    .isEqualTo(reference.getOutputShapes(new Shape[] {image}));
            assertThat(activations(generated)).as(file).isEqualTo(activations(reference));
        }
        ModelIr leaky = Compiler.compile(
                        dev.yamlnet.compiler.TestPaths.examples().resolve("yolo-classic-leaky.yaml"),
                        CompileOptions.defaults("yolo-classic-leaky.yaml")
                                .withScale("n")
                                .withImgsz(128))
                .model()
                .orElseThrow();
        assertThat(JavaBackend.generate(leaky, "com.example.models", "LeakyModel")
                        .toString())
                .contains("Layers.withActivation(\"nn.LeakyReLU(negative_slope=0.1)\", () -> Layers.focus(");
    }

    /** The activation of every Conv, in block order. */
    private static List<String> activations(ai.djl.nn.Block b) {
        List<String> out = new java.util.ArrayList<>();
        if (b instanceof dev.yamlnet.runtime.blocks.ConvBlock c) {
            out.add(c.activation().toString());
        }
        for (ai.djl.util.Pair<String, ai.djl.nn.Block> child : b.getChildren()) {
            out.addAll(activations(child.getValue()));
        }
        return out;
    }

    @Test
    void generationIsDeterministic() throws Exception {
        ModelIr model = yolov8t();
        assertThat(JavaBackend.generate(model, "p", "AModel").toString())
                .isEqualTo(JavaBackend.generate(model, "p", "AModel").toString());
    }

    @Test
    void classNamesComeFromTheFileStem() throws Exception {
        assertThat(JavaBackend.className("yolov8n-bot3.yaml")).isEqualTo("Yolov8nBot3Model");
        // the stem drops only the last extension (ModelFile.stem, as Python's Path.stem): the other dots separate words
        assertThat(JavaBackend.className("dir/x\"; System.exit(1); .yaml")).isEqualTo("XSystemExit1Model");
        assertThat(JavaBackend.className("a.b.yaml")).isEqualTo("ABModel");
        assertThat(JavaBackend.className("8net.yaml")).isEqualTo("Model8netModel");
        assertThatThrownBy(() -> JavaBackend.className("---.yaml"))
                .isInstanceOf(JavaBackend.InvalidNameException.class);
    }

    @Test
    void classNamesCarryTheScaleWhereUltralyticsNamesPutIt() throws Exception {
        List<String> nsmlx = List.of("n", "s", "m", "l", "x");
        assertThat(JavaBackend.className("yolov8-bot3.yaml", "n", nsmlx)).isEqualTo("Yolov8nBot3Model");
        assertThat(JavaBackend.className("yolov8n-bot3.yaml", "n", nsmlx)).isEqualTo("Yolov8nBot3Model");
        assertThat(JavaBackend.className("dir/yolov5-p6.yaml", "m", nsmlx)).isEqualTo("Yolov5mP6Model");
        assertThat(JavaBackend.className("yolo11.yaml", "x", nsmlx)).isEqualTo("Yolo11xModel");
        // --scale s on a file named for n: the name follows the scale actually built
        assertThat(JavaBackend.className("yolov8n.yaml", "s", nsmlx)).isEqualTo("Yolov8sModel");
        assertThat(JavaBackend.className("mynet.yaml", "s", nsmlx)).isEqualTo("MynetSModel");
        // no scales table: no letter
        assertThat(JavaBackend.className("yolov8.yaml", "", List.of())).isEqualTo("Yolov8Model");
        // a scale key written in the YAML cannot smuggle characters into the name
        assertThat(JavaBackend.className("net.yaml", "x*/{", List.of("x*/{"))).isEqualTo("NetXModel");
    }

    @Test
    void theScaleLetterInTheNameIsOneOfTheModelsOwnScales() throws Exception {
        // the parity fixtures' tiny scale t: not one of Ultralytics' n/s/m/l/x, but a key of the file's scales
        assertThat(JavaBackend.className("yolov8t.yaml", "t", List.of("t"))).isEqualTo("Yolov8tModel");
        assertThat(JavaBackend.className("yolov8t-bot3.yaml", "t", List.of("t")))
                .isEqualTo("Yolov8tBot3Model");
        assertThat(JavaBackend.className("yolov8.yaml", "t", List.of("t"))).isEqualTo("Yolov8tModel");
        // a file named for its t scale, built at another of its scales
        assertThat(JavaBackend.className("yolov8t.yaml", "b", List.of("t", "b")))
                .isEqualTo("Yolov8bModel");
        // a letter that is no scale of this model stays part of the name
        assertThat(JavaBackend.className("yolov8t.yaml", "n", List.of("n", "s")))
                .isEqualTo("Yolov8ntModel");
    }

    @Test
    void theScaleNeverMakesANameOfAFileNameWithoutLettersOrDigits() {
        // '---.yaml' with a scales table used to give class 'NModel' from the scale letter alone
        assertThatThrownBy(() -> JavaBackend.className("---.yaml", "n", List.of("n", "s")))
                .isInstanceOfSatisfying(JavaBackend.InvalidNameException.class, e -> {
                    assertThat(e.code()).isEqualTo(DiagCode.E0903);
                    assertThat(e.getMessage()).isEqualTo("file name '---' has no letters or digits to name a class");
                });
    }

    @Test
    void aCompiledModelNamesItsClassWithItsOwnScales() throws Exception {
        // the parity fixture yolov8t.yaml: scales t, n, s, m, l, x in that order, built at t
        Path fixture = Path.of(getClass()
                .getClassLoader()
                .getResource("conformance/fixtures/yolov8t.yaml")
                .toURI());
        ModelIr model = Compiler.compile(
                        fixture,
                        CompileOptions.defaults("yolov8t.yaml").withScale("t").withImgsz(128))
                .model()
                .orElseThrow();
        assertThat(model.scales()).containsExactly("t", "n", "s", "m", "l", "x");
        assertThat(JavaBackend.className("yolov8t.yaml", model)).isEqualTo("Yolov8tModel");
    }

    @Test
    void hostilePackagesAreRejected() {
        for (String p : List.of("a;b", "a.class", "A.b", "a..b", "a\\u000ab", "")) {
            assertThatThrownBy(() -> JavaBackend.checkPackage(p))
                    .isInstanceOf(JavaBackend.InvalidNameException.class)
                    .extracting(e -> ((JavaBackend.InvalidNameException) e).code())
                    .isEqualTo(DiagCode.E0902);
        }
    }

    @Test
    void stringLiteralsArePrintableAsciiOnOneLine() {
        // quote, backslash, newline, NUL, U+2028 (a line break to JavaPoet), e-acute, an emoji's two surrogates
        String s = "\"\\\n\0" + (char) 0x2028 + (char) 0xe9 + "\ud83d\ude00";
        assertThat(JavaText.javaString(s))
                .isEqualTo("\"\\\"\\\\\\n\\000\\" + "u2028\\" + "u00e9\\" + "ud83d\\" + "ude00\"");
    }

    @Test
    void commentTextCannotCloseTheJavadocOrSmuggleEscapes() {
        String s = JavaText.safeComment("x */ System.exit(1); /* \\u000a \n");
        assertThat(s)
                .doesNotContain("*/")
                .doesNotContain("/*")
                .doesNotContain("\\")
                .doesNotContain("\n");
    }
}
