package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parity fixture (test resources {@code parity/<name>/}: Ultralytics' weights, an input and
 * the eval-mode output real Ultralytics 8.4.117 produced) run through yamlnet on DJL: each output
 * element must lie within {@code 1e-3 + 1e-4 * |expected|}. The model is our own YAML of the same
 * rows ({@code conformance/fixtures/<name>.yaml}) at scale t and the fixture's image size.
 *
 * <p>Public, with public helpers, because the Java back end's parity test reads the same fixtures.
 */
@Tag("engine")
public class FixtureParityTest {

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(YoloModelParityTest.resource("parity"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** The fixtures whose output is not top-k'ed (end-to-end ones are compared by {@link End2endParityTest}). */
    static Stream<String> denseFixtures() throws IOException {
        return fixtures()
                .filter(n -> !Files.exists(
                        YoloModelParityTest.resource("parity/" + n).resolve("output_pre_topk.npy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denseFixtures")
    void outputMatchesUltralyticsElementwise(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity/" + name);
        try (YoloModel model = model(name)) {
            model.loadWeights(dir.resolve("weights.safetensors"));
            Tensor input = only(dir.resolve("input.npy"));
            Tensor expected = only(dir.resolve("output.npy"));
            float[] actual = model.predict(input.data());
            assertWithinTolerance(name, actual, expected.data());
        }
    }

    /** The fixture's reference JSON (Ultralytics' figures, image size, family file name). */
    public static JsonObject reference(String name) throws IOException {
        return JsonParser.parseString(
                        Files.readString(YoloModelParityTest.resource("conformance/fixtures/" + name + ".json")))
                .getAsJsonObject();
    }

    /** Our YAML of the fixture's rows, built at scale t and the fixture's image size, without weights. */
    static YoloModel model(String name) throws Exception {
        JsonObject ref = reference(name);
        CompileOptions options = CompileOptions.defaults(ref.get("yaml").getAsString())
                .withScale("t")
                .withImgsz(ref.get("imgsz").getAsInt());
        return YoloModel.load(YoloModelParityTest.resource("conformance/fixtures/" + name + ".yaml"), options);
    }

    public static Tensor only(Path npy) throws Exception {
        List<Tensor> tensors = List.copyOf(WeightLoader.read(npy).values());
        return tensors.get(0);
    }

    /** Every element within {@code 1e-3 + 1e-4 * |expected|}; the message names the worst one. */
    public static void assertWithinTolerance(String what, float[] actual, float[] expected) {
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
        assertThat(bad)
                .as("%s: elements outside 1e-3 + 1e-4 * |expected| (max |diff| %s at %s)", what, maxDiff, worst)
                .isZero();
    }

    // ---- parameter counts and classification logits (C3 / C3k2 / C2PSA / Classify fixtures) ----

    /**
     * The instantiated model's learnable parameter elements (BatchNorm running statistics excluded, as
     * PyTorch counts them) equal the compiler's count and Ultralytics' {@code total_params}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parameterCountEqualsTheCompilersAndUltralytics(String name) throws Exception {
        try (YoloModel model = model(name)) {
            assertThat(model.parameterCount())
                    .as(name)
                    .isEqualTo(model.ir().params())
                    .isEqualTo(reference(name).get("total_params").getAsLong());
        }
    }

    static Stream<String> classificationFixtures() throws IOException {
        return fixtures()
                .filter(n ->
                        Files.exists(YoloModelParityTest.resource("parity/" + n).resolve("output_logits.npy")));
    }

    /**
     * Classification heads return {@code (probabilities, logits)}. Probabilities of a 10-class model are
     * close to 0.1 whatever the details, so the logits (Ultralytics' second output) are checked too,
     * to 1e-5: a BatchNorm epsilon of 1e-3 instead of PyTorch's 1e-5 moves them by about 5e-5.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("classificationFixtures")
    void classificationLogitsMatchUltralytics(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity/" + name);
        try (YoloModel model = model(name);
                NDManager call = model.model().getNDManager().newSubManager()) {
            model.loadWeights(dir.resolve("weights.safetensors"));
            Tensor input = only(dir.resolve("input.npy"));
            float[] expected = only(dir.resolve("output_logits.npy")).data();
            NDList out = model.block()
                    .forward(
                            new ParameterStore(call, false),
                            new NDList(call.create(input.data(), new Shape(input.shape()))),
                            false);
            assertThat(out)
                    .as("Classify's eval outputs (probabilities, logits)")
                    .hasSize(2);
            float[] logits = out.get(1).toFloatArray();
            assertThat(logits).hasSameSizeAs(expected);
            double maxDiff = 0;
            for (int i = 0; i < logits.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(logits[i] - expected[i]));
            }
            System.out.printf("%s logits: max |diff| %.3g%n", name, maxDiff);
            assertThat(maxDiff).as(name + " logits max |diff|").isLessThanOrEqualTo(1e-5);
        }
    }

    static Stream<String> fixturesWithPrototypes() throws IOException {
        return fixtures()
                .filter(n ->
                        Files.exists(YoloModelParityTest.resource("parity/" + n).resolve("output_proto.npy")));
    }

    /**
     * Segmentation fixtures: {@code predictAll} returns Ultralytics' pair {@code (y, proto)}; both must
     * match {@code output.npy} and {@code output_proto.npy} in shape and values.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithPrototypes")
    void maskPrototypesMatchUltralyticsElementwise(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity/" + name);
        try (YoloModel model = model(name)) {
            model.loadWeights(dir.resolve("weights.safetensors"));
            List<YoloModel.Output> outputs =
                    model.predictAll(only(dir.resolve("input.npy")).data());
            Tensor y = only(dir.resolve("output.npy"));
            Tensor proto = only(dir.resolve("output_proto.npy"));
            assertThat(outputs).as(name + " outputs").hasSize(2);
            assertThat(model.outputShapes())
                    .as(name + " declared output shapes")
                    .containsExactly(
                            new ai.djl.ndarray.types.Shape(y.shape()), new ai.djl.ndarray.types.Shape(proto.shape()));
            assertThat(outputs.get(0).shape()).as(name + " detections shape").isEqualTo(y.shape());
            assertThat(outputs.get(1).shape()).as(name + " prototypes shape").isEqualTo(proto.shape());
            assertWithinTolerance(name + " detections", outputs.get(0).data(), y.data());
            assertWithinTolerance(name + " prototypes", outputs.get(1).data(), proto.data());
        }
    }
}
