package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.djl.FixtureParityTest;
import dev.yamlnet.runtime.ModelGraph;
import dev.yamlnet.runtime.weights.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated class, not the YAML, against real Ultralytics: for the YOLOv8 and YOLOv8-BoT3 parity
 * fixtures it builds the network, loads Ultralytics' weights through its own {@code loadWeights} and
 * must reproduce Ultralytics' eval-mode output for the fixture's input, every element within
 * {@code 1e-3 + 1e-4 * |expected|} (the runtime's tolerance).
 */
@Tag("engine")
class GeneratedParityTest {
    static Path resource(String name) throws Exception {
        return dev.yamlnet.compiler.conformance.ReferenceCase.resource(name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yolov8t", "yolov8t-bot3", "yolo26t", "yolov10t"})
    void generatedClassMatchesUltralyticsOutput(String name) throws Exception {
        JsonObject ref = FixtureParityTest.reference(name);
        String requested = ref.get("yaml").getAsString();
        CompileOptions options = CompileOptions.defaults(requested)
                .withScale("t")
                .withImgsz(ref.get("imgsz").getAsInt());
        Compilation c = Compiler.compile(resource("conformance/fixtures/" + name + ".yaml"), options);
        assertThat(c.errors()).isEmpty();
        ModelIr model = c.model().orElseThrow();
        String className = JavaBackend.className(requested, model);
        Class<?> type = InMemoryJavac.compile(
                "parity." + className,
                JavaBackend.generate(model, "parity", className).toString());

        Path dir = resource("parity/" + name);
        Tensor input = FixtureParityTest.only(dir.resolve("input.npy"));
        // an end-to-end head's last output is the pre-top-k tensor, the one that is not order-fragile
        boolean end2end = java.nio.file.Files.exists(dir.resolve("output_pre_topk.npy"));
        Tensor expected = FixtureParityTest.only(dir.resolve(end2end ? "output_pre_topk.npy" : "output.npy"));
        ModelGraph graph = (ModelGraph) type.getMethod("block").invoke(null);
        int size = type.getField("IMGSZ").getInt(null);
        int channels = type.getField("CHANNELS").getInt(null);
        try (Model m = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            m.setBlock(graph);
            graph.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, channels, size, size));
            type.getMethod("loadWeights", ModelGraph.class, Path.class)
                    .invoke(null, graph, dir.resolve("weights.safetensors"));
            try (NDManager call = m.getNDManager().newSubManager()) {
                NDList y = graph.forward(
                        new ParameterStore(call, false),
                        new NDList(call.create(input.data(), new Shape(input.shape()))),
                        false);
                NDArray checked = end2end ? y.get(y.size() - 1) : y.head();
                assertThat(checked.getShape().getShape()).isEqualTo(expected.shape());
                FixtureParityTest.assertWithinTolerance(
                        name + " (generated " + className + ")", checked.toFloatArray(), expected.data());
            }
        }
    }
}
