package dev.yamlnet.compiler.modules;

import static dev.yamlnet.compiler.modules.ArgChecks.requirePositive;
import static dev.yamlnet.compiler.modules.ArgSpec.optional;
import static dev.yamlnet.compiler.modules.ArgValues.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.modules.builtin.Builtins;
import dev.yamlnet.compiler.modules.builtin.ConvSpec;
import dev.yamlnet.compiler.modules.parts.Thop;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryText;
import dev.yamlnet.compiler.value.Value;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third parties add modules without forking yamlnet: a {@link ModuleSpec} on the class path,
 * listed in {@code META-INF/services/dev.yamlnet.compiler.modules.ModuleSpec}, is found by
 * {@link ModuleRegistry#standard()} and compiles like a built-in. The plug-in here lives in test
 * code only ({@code src/test/resources/META-INF/services} lists it); a plug-in that takes a
 * built-in's name is refused.
 *
 * <p>Public, with public nested specs, because {@link java.util.ServiceLoader} instantiates them.
 */
public class PluginModuleTest {

    /**
     * A squeeze-and-excitation block (Hu et al. 2018) as a third party would write it:
     * {@code SEBlock(c1, r=16)} = global average pool, 1x1 conv {@code c1 -> c1 // r} with bias,
     * ReLU, 1x1 conv back to {@code c1} with bias, sigmoid, and a channel-wise product with the
     * input. Keeps the input's shape; parameters {@code 2 * c1 * (c1 // r) + c1 // r + c1}.
     */
    public static final class SeBlockSpec extends BaseModuleSpec {
        public SeBlockSpec() {
            super(
                    "SEBlock",
                    "example.plugins.SEBlock",
                    InputArity.ONE,
                    List.of(optional("r", ArgType.INT, integer(16), "channel reduction ratio of the bottleneck")),
                    "Squeeze-and-excitation: rescales each channel by a weight computed from the globally pooled input. "
                            + "Keeps the input's shape.");
        }

        @Override
        public ModuleInstance bind(BindContext ctx) {
            int c1 = ctx.inputChannels().get(0);
            if (!requirePositive(ctx, "r", "reduction ratio")) {
                return null;
            }
            int hidden = c1 / ctx.intArg("r");
            if (hidden < 1) {
                ctx.report(
                                DiagCode.E0404,
                                ctx.argSpan("r"),
                                "reduction ratio " + ctx.intArg("r") + " leaves no channels of " + c1)
                        .hint("use a ratio of at most " + c1)
                        .emit();
                return null;
            }
            List<Value> args = new ArrayList<>();
            args.add(integer(c1));
            args.addAll(ctx.args());
            return new SeInstance(args, c1, hidden);
        }
    }

    /** One bound {@link SeBlockSpec}. */
    record SeInstance(List<Value> args, int c1, int hidden) implements ModuleInstance {
        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(c1);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = ShapeChecks.featureMap(inputs, ctx, "SEBlock");
            return in == null ? Shape.UNKNOWN : in;
        }

        @Override
        public long params() {
            return (long) c1 * hidden + hidden + (long) hidden * c1 + c1;
        }

        @Override
        public int leaves() {
            return 5; // pool, fc1, ReLU, fc2, Sigmoid
        }

        @Override
        public int norms() {
            return 0;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            Shape.FeatureMap in = (Shape.FeatureMap) inputs.get(0);
            return Thop.adaptiveAvgPool(c1, in.height(), in.width(), 1, 1)
                    + Thop.conv2d(c1, hidden, 1, 1, 1, 1, 1)
                    + Thop.conv2d(hidden, c1, 1, 1, 1, 1, 1);
        }

        @Override
        public FlopTraits flopTraits() {
            return FlopTraits.LINEAR_OR_ADAPTIVE_POOL;
        }
    }

    /** A careless plug-in that takes the built-in name {@code Conv}. */
    public static final class ImpostorConvSpec extends BaseModuleSpec {
        public ImpostorConvSpec() {
            super("Conv", "example.plugins.Conv", InputArity.ONE, List.of(), "Not Ultralytics' Conv.");
        }

        @Override
        public ModuleInstance bind(BindContext ctx) {
            throw new UnsupportedOperationException("never bound: the registry refuses it");
        }
    }

    @Test
    void standardRegistryFindsThePluginAfterTheBuiltins() {
        ModuleRegistry registry = ModuleRegistry.standard();
        assertThat(registry.lookup("SEBlock")).get().isInstanceOf(SeBlockSpec.class);
        List<ModuleSpec> specs = registry.specs();
        assertThat(specs.subList(0, Builtins.all().size()))
                .extracting(ModuleSpec::name)
                .containsExactlyElementsOf(
                        Builtins.all().stream().map(ModuleSpec::name).toList());
        assertThat(specs).last().isInstanceOf(SeBlockSpec.class);
    }

    @Test
    void yamlUsingThePluginCompilesWithItsParamsAndShape() {
        String yaml = """
                backbone:
                  - [-1, 1, Conv, [32, 3, 2]]
                  - [-1, 1, Conv, [64, 3, 2]]
                  - [-1, 1, SEBlock, [16]]
                  - [-1, 1, Conv, [128, 3, 2]]
                head: []
                """;
        Compilation c = Compiler.compile(new SourceFile("se.yaml", yaml), CompileOptions.defaults("se.yaml"));
        assertThat(c.diagnostics())
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .isEmpty();
        ModelIr m = c.model().orElseThrow();
        LayerIr se = m.layers().get(2);
        // c1 = 64, r = 16, hidden 4: fc1 64*4 + 4 = 260, fc2 4*64 + 64 = 320, total 580
        assertThat(se.params()).isEqualTo(580);
        assertThat(Shape.toPlain(se.output())).isEqualTo(List.of(64L, 160L, 160L));
        // the next layer is built for the channels the plug-in recorded: Conv(64, 128, 3, 2) = 73,728 + 256
        assertThat(m.layers().get(3).params()).isEqualTo(73_984);
        // totals: Conv(3, 32) 864 + 64, Conv(32, 64) 18,432 + 128, SEBlock 580, Conv(64, 128) 73,984
        assertThat(m.params()).isEqualTo(928 + 18_560 + 580 + 73_984);
        // leaves: 3 Convs * 2 + SEBlock 5 + the shared SiLU
        assertThat(m.layerCount()).isEqualTo(12);
        assertThat(SummaryText.render(m))
                .containsPattern("(?m)^  2 +-1  1 +580  example\\.plugins\\.SEBlock +\\[64, 16\\] +64x160x160$");
    }

    @Test
    void pluginReusingABuiltinNameIsRefusedNamingBothClasses() {
        assertThatThrownBy(() -> ModuleRegistry.of(List.of(new ConvSpec(), new ImpostorConvSpec())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'Conv'")
                .hasMessageContaining(ConvSpec.class.getName() + " (built in)")
                .hasMessageContaining(ImpostorConvSpec.class.getName() + " (from ");
    }

    @Test
    void pluginFoundByServiceLoaderReusingABuiltinNameIsRefused(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ModuleSpec.class.getName()), ImpostorConvSpec.class.getName() + "\n");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> ModuleRegistry.withPlugins(loader))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining(ConvSpec.class.getName())
                    .hasMessageContaining(ImpostorConvSpec.class.getName());
        }
    }
}
