package dev.yamlnet.compiler.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parity fixture (test resources {@code parity/<name>/}: Ultralytics' weights, an input and
 * the eval-mode output real Ultralytics 8.4.117 produced) run through yamlnet on DJL: each output
 * element must lie within {@code 1e-3 + 1e-4 * |expected|}. The model is our own YAML of the same
 * rows ({@code conformance/fixtures/<name>.yaml}) at scale t and the fixture's image size.
 */
class FixtureParityTest {

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(YoloModelParityTest.resource("parity"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void outputMatchesUltralyticsElementwise(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity/" + name);
        JsonObject ref = JsonParser.parseString(Files.readString(YoloModelParityTest.resource("conformance/fixtures/" + name + ".json")))
                .getAsJsonObject();
        CompileOptions options = CompileOptions.defaults(ref.get("yaml").getAsString()).withScale("t")
                .withImgsz(ref.get("imgsz").getAsInt());
        try (YoloModel model = YoloModel.load(YoloModelParityTest.resource("conformance/fixtures/" + name + ".yaml"), options)) {
            model.loadWeights(dir.resolve("weights.safetensors"));
            Tensor input = only(dir.resolve("input.npy"));
            Tensor expected = only(dir.resolve("output.npy"));
            float[] actual = model.predict(input.data());
            assertWithinTolerance(name, actual, expected.data());
        }
    }

    static Tensor only(Path npy) throws Exception {
        List<Tensor> tensors = List.copyOf(WeightLoader.read(npy).values());
        return tensors.get(0);
    }

    /** Every element within {@code 1e-3 + 1e-4 * |expected|}; the message names the worst one. */
    static void assertWithinTolerance(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what + " element count").hasSameSizeAs(expected);
        double maxDiff = 0;
        int worst = -1;
        int bad = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = expected[i];
            double d = Math.abs(actual[i] - e);
            if (!(d <= maxDiff)) {
                maxDiff = d;
                worst = i;
            }
            if (!(d <= 1e-3 + 1e-4 * Math.abs(e))) {
                bad++;
            }
        }
        System.out.printf("%s parity: max |diff| %.3g at element %d%n", what, maxDiff, worst);
        assertThat(bad).as("%s: elements outside 1e-3 + 1e-4 * |expected| (max |diff| %s at %s)", what, maxDiff, worst).isZero();
    }

    static Stream<String> fixturesWithPrototypes() throws IOException {
        return fixtures().filter(n -> Files.exists(YoloModelParityTest.resource("parity/" + n).resolve("output_proto.npy")));
    }

    /**
     * Segmentation fixtures: {@code predictAll} returns Ultralytics' pair {@code (y, proto)}; both must
     * match {@code output.npy} and {@code output_proto.npy} in shape and values.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithPrototypes")
    void maskPrototypesMatchUltralyticsElementwise(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity/" + name);
        JsonObject ref = JsonParser.parseString(Files.readString(YoloModelParityTest.resource("conformance/fixtures/" + name + ".json")))
                .getAsJsonObject();
        CompileOptions options = CompileOptions.defaults(ref.get("yaml").getAsString()).withScale("t")
                .withImgsz(ref.get("imgsz").getAsInt());
        try (YoloModel model = YoloModel.load(YoloModelParityTest.resource("conformance/fixtures/" + name + ".yaml"), options)) {
            model.loadWeights(dir.resolve("weights.safetensors"));
            List<YoloModel.Output> outputs = model.predictAll(only(dir.resolve("input.npy")).data());
            Tensor y = only(dir.resolve("output.npy"));
            Tensor proto = only(dir.resolve("output_proto.npy"));
            assertThat(outputs).as(name + " outputs").hasSize(2);
            assertThat(model.outputShapes()).as(name + " declared output shapes")
                    .containsExactly(new ai.djl.ndarray.types.Shape(y.shape()), new ai.djl.ndarray.types.Shape(proto.shape()));
            assertThat(outputs.get(0).shape()).as(name + " detections shape").isEqualTo(y.shape());
            assertThat(outputs.get(1).shape()).as(name + " prototypes shape").isEqualTo(proto.shape());
            assertWithinTolerance(name + " detections", outputs.get(0).data(), y.data());
            assertWithinTolerance(name + " prototypes", outputs.get(1).data(), proto.data());
        }
    }
}
