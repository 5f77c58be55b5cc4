package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.types.Shape;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.backend.LayerBlocks;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.backend.java.JavaBlocks;
import dev.yamlnet.compiler.conformance.ReferenceCase;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.core.Activation;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.blocks.ConvBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL back end without running the engine: factory calls, wiring, parameter counts, unsupported modules. */
class DjlBackendTest {
    @TempDir
    Path tmp;

    static Optional<ModelIr> compile(ReferenceCase c) {
        CompileOptions options = CompileOptions.defaults(c.requestedName()).withImgsz(c.imgsz());
        if (c.scale().isPresent()) {
            options = options.withScale(c.scale().get());
        }
        Compilation result = Compiler.compile(c.yaml(), options);
        return result.isSuccessful() ? result.model() : Optional.empty();
    }

    /**
     * Every layer's block as the factory call both back ends make (the Java back end's text, without
     * the package), empty for layers without a block.
     */
    static List<Optional<String>> calls(ModelIr ir) {
        return LayerBlocks.of(ir, JavaBlocks.INSTANCE).stream()
                .map(b -> b.map(code -> code.toString().replace("dev.yamlnet.runtime.blocks.", "")))
                .toList();
    }

    static ModelIr yolov8t() {
        return ReferenceCase.fixtures().stream()
                .filter(c -> c.id().equals("yolov8t"))
                .findFirst()
                .flatMap(DjlBackendTest::compile)
                .orElseThrow();
    }

    @Test
    void everyRunnableReferenceModelHasUltralyticsParameterCount() throws Exception {
        List<String> built = new ArrayList<>();
        for (ReferenceCase c : ReferenceCase.all()) {
            Optional<ModelIr> ir = compile(c);
            if (ir.isEmpty() || !LayerBlocks.missing(ir.get()).isEmpty()) {
                continue;
            }
            ModelGraph g = DjlBackend.build(ir.get());
            assertThat(g.parameterCount())
                    .as(c.id())
                    .isEqualTo(c.reference().get("total_params").getAsLong());
            built.add(c.id());
        }
        // YOLOv8 detection references, with P2 and P6 (C2) heads, and the tiny parity fixture
        assertThat(built).contains("yolov8n", "yolov8s", "yolov8n-p2", "yolov8s-p6", "yolov8t");
        // C3 (YOLOv5), C3k2 with C3k and C2PSA (YOLO11), Classify (classification models)
        assertThat(built)
                .contains(
                        "yolov5n",
                        "yolov5s",
                        "yolov5n-p6",
                        "yolo11n",
                        "yolo11s",
                        "yolov8n-cls",
                        "yolo11n-cls",
                        "yolo11s-cls");
    }

    @Test
    void blocksAreTheLayersFactoryCalls() {
        List<Optional<String>> r = calls(yolov8t());
        assertThat(r.get(0).orElseThrow()).isEqualTo("Layers.conv(3, 8, 3, 2, 1, 1, 1, true)");
        assertThat(r.get(2).orElseThrow()).isEqualTo("Layers.c2f(8, 8, 1, true, 1, 0.5)");
        assertThat(r.get(9).orElseThrow()).isEqualTo("Layers.sppf(64, 64, 5, 3, false)");
        assertThat(r.get(10).orElseThrow()).isEqualTo("Layers.upsample(2.0, \"nearest\")");
        assertThat(r.get(11).orElseThrow()).isEqualTo("Layers.concat(1)");
        assertThat(r.get(22).orElseThrow())
                .isEqualTo("Layers.detect(10, 16, true, new int[] {16, 32, 64}, new double[] {8.0, 16.0, 32.0})");
    }

    @Test
    void graphShapesAgreeWithTheCompiler() throws Exception {
        ModelIr ir = yolov8t();
        ModelGraph g = DjlBackend.build(ir);
        List<Shape[]> shapes = g.layerOutputShapes(new Shape(1, 3, 128, 128));
        for (LayerIr l : ir.layers()) {
            if (l.output() instanceof dev.yamlnet.compiler.shape.Shape.FeatureMap f) {
                assertThat(shapes.get(l.index())[0])
                        .as("layer " + l.index())
                        .isEqualTo(new Shape(1, f.channels(), f.height(), f.width()));
            }
        }
        assertThat(shapes.get(22)[0]).isEqualTo(new Shape(1, 14, 336));
        // outputs held past the next layer: Ultralytics' save list [4, 6, 9, 12, 15, 18, 21] less 21,
        // which only the next layer (Detect) reads
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < ir.layers().size(); i++) {
            if (g.isKept(i)) {
                kept.add(i);
            }
        }
        assertThat(ir.save()).containsExactly(4, 6, 9, 12, 15, 18, 21);
        assertThat(kept).containsExactly(4, 6, 9, 12, 15, 18);
    }

    @Test
    void modulesWithoutARuntimeBlockAreNamed() throws Exception {
        // an OBB head with two extra values per box: Ultralytics' rotated-box decoding uses exactly one angle
        ModelIr ir = compileText(
                "obb2.yaml",
                "nc: 2\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv, [32, 3, 2]]\n"
                        + "head:\n  - [[0, 1], 1, OBB, [nc, 2]]\n");
        ModelLoadException e = catchThrowableOfType(() -> DjlBackend.build(ir), ModelLoadException.class);
        assertThat(e.getMessage())
                .isEqualTo("the DJL runtime has no block yet for layer 2 (OBB); "
                        + "such models can be validated and summarised but not run");
    }

    @Test
    void aReplacedDefaultActivationWrapsEveryBlockWithConvs() throws Exception {
        String rows = "backbone:\n  - [-1, 1, Conv, [16, 3, 1]]\n  - [-1, 1, Conv, [16, 3, 1, None, 1, 1, False]]\n"
                + "head:\n  - [[-1, 0], 1, Concat, [1]]\n";
        // YOLOv6's torch.nn.ReLU(): every Conv that uses the default activation gets it, through the factory
        ModelIr relu = compileText("relu.yaml", "nc: 2\nactivation: torch.nn.ReLU()\n" + rows);
        List<Optional<String>> r = calls(relu);
        assertThat(r.get(0).orElseThrow())
                .isEqualTo("Layers.withActivation(\"nn.ReLU()\", () -> Layers.conv(3, 16, 3, 1, 1, 1, 1, true))");
        assertThat(r.get(2).orElseThrow()).isEqualTo("Layers.concat(1)");
        ModelGraph g = DjlBackend.build(relu);
        assertThat(g.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)})[0]).isEqualTo(new Shape(1, 32, 64, 64));
        List<ConvBlock> convs = convs(g);
        assertThat(convs).hasSize(2);
        assertThat(convs.get(0).activation()).isEqualTo(Activation.of(Activation.Kind.RELU));
        assertThat(convs.get(1).activation())
                .as("act=False keeps no activation")
                .isEqualTo(Activation.IDENTITY);

        // SiLU written out is the default: blocks stay unwrapped
        ModelIr silu = compileText("silu.yaml", "nc: 2\nactivation: nn.SiLU()\n" + rows);
        assertThat(calls(silu).get(0).orElseThrow()).isEqualTo("Layers.conv(3, 16, 3, 1, 1, 1, 1, true)");

        // an expression PyTorch itself rejects (LeakyReLU takes two arguments) has no block, and is named
        ModelIr bad = compileText("bad.yaml", "nc: 2\nactivation: nn.LeakyReLU(0.1, True, 3)\n" + rows);
        ModelLoadException e = catchThrowableOfType(() -> DjlBackend.build(bad), ModelLoadException.class);
        assertThat(e.getMessage()).contains("layer 0 (Conv), layer 1 (Conv)").doesNotContain("Concat");
    }

    private static List<ConvBlock> convs(ModelGraph g) {
        List<ConvBlock> out = new ArrayList<>();
        for (ai.djl.util.Pair<String, ai.djl.nn.Block> c : g.getChildren()) {
            if (c.getValue() instanceof ConvBlock conv) {
                out.add(conv);
            }
        }
        return out;
    }

    private ModelIr compileText(String name, String yaml) throws Exception {
        Path file = Files.writeString(tmp.resolve(name), yaml);
        Compilation c = Compiler.compile(file, CompileOptions.defaults(name).withImgsz(64));
        assertThat(c.errors()).isEmpty();
        return c.model().orElseThrow();
    }

    @Test
    void aYamlWithErrorsIsReportedWithItsDiagnostics() throws Exception {
        Path yaml = Files.writeString(
                tmp.resolve("broken.yaml"),
                "nc: 2\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n" + "head:\n  - [[-1, 5], 1, Concat, [1]]\n");
        ModelLoadException e = catchThrowableOfType(() -> YoloModel.load(yaml), ModelLoadException.class);
        assertThat(e.getMessage()).startsWith(yaml + " does not compile: ");
        assertThat(e.diagnostics()).isNotEmpty();
    }

    // ---- C3, C3k2, C2PSA, Classify ----

    /**
     * The module examples of C3 (with and without residuals), C3k2 (bottleneck, C3k and attention inner
     * blocks; at scale m c3k is forced) and C2PSA (two heads) build, and the blocks hold exactly the
     * parameters the compiler counts.
     */
    @Test
    void cspAttentionAndClassifyExamplesBuildWithTheCompilersParameterCount() throws Exception {
        String[][] cases = {
            {"C3.yaml", ""}, {"C3k2.yaml", "n"}, {"C3k2.yaml", "m"}, {"C2PSA.yaml", ""}, {"Classify.yaml", ""}
        };
        for (String[] c : cases) {
            Path yaml =
                    dev.yamlnet.compiler.TestPaths.examples().resolve("modules").resolve(c[0]);
            CompileOptions options = CompileOptions.defaults(c[0]);
            if (!c[1].isEmpty()) {
                options = options.withScale(c[1]);
            }
            Compilation result = Compiler.compile(yaml, options);
            assertThat(result.errors()).as(c[0]).isEmpty();
            ModelIr ir = result.model().orElseThrow();
            assertThat(LayerBlocks.missing(ir)).as(c[0] + " " + c[1]).isEmpty();
            assertThat(DjlBackend.build(ir).parameterCount())
                    .as(c[0] + " " + c[1])
                    .isEqualTo(ir.params());
        }
    }

    @Test
    void taskHeadsAreTheirLayersFactoryCallsWithUltralyticsParameterCounts() throws Exception {
        Map<String, String> expected = Map.of(
                "yolov8t-seg",
                        "Layers.segment(10, 32, 16, 16, true, new int[] {16, 32, 64}, new double[] {8.0, 16.0, 32.0})",
                "yolov8t-pose",
                        "Layers.pose(1, new int[] {17, 3}, 16, true, new int[] {16, 32, 64}, new double[] {8.0, 16.0, 32.0})",
                "yolov8t-obb", "Layers.obb(10, 1, 16, true, new int[] {16, 32, 64}, new double[] {8.0, 16.0, 32.0})");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            ReferenceCase c = ReferenceCase.fixtures().stream()
                    .filter(f -> f.id().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow();
            ModelIr ir = compile(c).orElseThrow();
            assertThat(calls(ir).get(22).orElseThrow()).as(c.id()).isEqualTo(e.getValue());
            assertThat(DjlBackend.build(ir).parameterCount())
                    .as(c.id())
                    .isEqualTo(c.reference().get("total_params").getAsLong());
        }
        // the 640-pixel references of the YOLOv8 task models run too
        List<String> built = new ArrayList<>();
        for (ReferenceCase c : ReferenceCase.all()) {
            Optional<ModelIr> ir = compile(c);
            if (ir.isPresent() && LayerBlocks.missing(ir.get()).isEmpty()) {
                built.add(c.id());
            }
        }
        assertThat(built).contains("yolov8n-seg", "yolov8n-pose", "yolov8n-obb");
    }
}
