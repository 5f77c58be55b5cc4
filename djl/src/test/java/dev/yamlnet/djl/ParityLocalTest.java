package dev.yamlnet.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.runtime.weights.Tensor;
import dev.yamlnet.runtime.weights.WeightLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numeric parity of the runtime blocks that no Ultralytics fixture covers (GhostConv, C3Ghost and its
 * GhostBottlenecks, Focus, DWConv, C3x, C1, SPP, Bottleneck with cross kernels, nn.ZeroPad2d,
 * nn.MaxPool2d, nn.Identity, and every activation the {@code activation:} key accepts).
 *
 * <p>Each directory of test resources {@code parity-local/<name>/} holds our own tiny YAML
 * ({@code model.yaml}, no head, so the output is the last feature map), random weights with
 * Ultralytics' key names ({@code weights.npz}), an input and the eval-mode output. <b>These
 * references come from our own PyTorch implementation of Ultralytics 8.4's module semantics
 * ({@code scripts/parity_local.py}), not from Ultralytics</b>: they show that the DJL blocks compute
 * what that implementation computes, with the same state-dict names and shapes, before and after
 * {@code fuse()}. Tolerance as for the Ultralytics fixtures: every element within
 * {@code 1e-3 + 1e-4 * |expected|}.
 */
@Tag("engine")
class ParityLocalTest {
    static Stream<String> references() throws IOException {
        try (Stream<Path> dirs = Files.list(YoloModelParityTest.resource("parity-local"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void outputMatchesOurPyTorchImplementation(String name) throws Exception {
        Path dir = YoloModelParityTest.resource("parity-local/" + name);
        Tensor input = FixtureParityTest.only(dir.resolve("input.npy"));
        Tensor expected = FixtureParityTest.only(dir.resolve("output.npy"));
        CompileOptions options = CompileOptions.defaults(name + ".yaml").withImgsz((int) input.shape()[2]);
        try (YoloModel model = YoloModel.load(dir.resolve("model.yaml"), options)) {
            // every tensor of the file is used, with its expected shape (the loader reports any mismatch by name)
            model.loadWeights(dir.resolve("weights.npz"));
            // PyTorch's parameter count: the file's tensors less the BatchNorm running statistics (buffers)
            long inFile = WeightLoader.read(dir.resolve("weights.npz")).entrySet().stream()
                    .filter(e ->
                            !e.getKey().endsWith("running_mean") && !e.getKey().endsWith("running_var"))
                    .mapToLong(e -> e.getValue().data().length)
                    .sum();
            assertThat(model.parameterCount())
                    .as(name + " parameters")
                    .isEqualTo(model.ir().params())
                    .isEqualTo(inFile);
            YoloModel.Output out = model.predictAll(input.data()).get(0);
            assertThat(out.shape()).as(name + " output shape").isEqualTo(expected.shape());
            FixtureParityTest.assertWithinTolerance(name, out.data(), expected.data());
            // folding every BatchNorm into its convolution (Ultralytics' fuse()) keeps the output
            model.fuse();
            FixtureParityTest.assertWithinTolerance(
                    name + " fused", model.predictAll(input.data()).get(0).data(), expected.data());
        }
    }
}
