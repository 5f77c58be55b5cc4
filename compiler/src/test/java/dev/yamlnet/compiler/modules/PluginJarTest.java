package dev.yamlnet.compiler.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.summary.SummaryText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-ins as users ship them: a jar built from source, opened by a {@link PluginPath}. The
 * example plug-in (examples/plugins/simam) compiles like a built-in; a plug-in that fails is
 * reported naming its class and its jar, whether it fails to load, to bind a row or to keep its name.
 */
class PluginJarTest {
    @TempDir
    Path dir;

    /** The SimAM example, compiled once for the class (javac takes about a second). */
    @TempDir
    static Path shared;

    static Path simam;

    @BeforeAll
    static void buildTheExample() throws IOException {
        simam = PluginJars.simam(shared);
    }

    private static final String TINY = """
            backbone:
              - [-1, 1, Conv, [16, 3, 2]]
              - [-1, 1, Broken, []]
            head: []
            """;

    private static Compilation compile(String name, String yaml, ClassLoader plugins) {
        return Compiler.compile(
                new SourceFile(name, yaml),
                CompileOptions.defaults(name).withRegistry(ModuleRegistry.withPlugins(plugins)));
    }

    private static JsonObject reference(String name) throws IOException {
        try (InputStream in = PluginJarTest.class.getResourceAsStream("/conformance/reference/" + name)) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
    }

    @Test
    void simamExampleAddsOneLeafAndNothingElseToUltralyticsYolov8nCls() throws IOException {
        Path jar = simam;
        Path yaml = PluginJars.simamProject().resolve("yolov8-cls-simam.yaml");
        try (PluginPath plugins = PluginPath.open(List.of(jar), getClass().getClassLoader())) {
            Compilation c = compile("yolov8n-cls-simam.yaml", Files.readString(yaml), plugins.loader());
            assertThat(c.diagnostics())
                    .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                    .isEmpty();
            ModelIr m = c.model().orElseThrow();
            LayerIr simam = m.layers().get(9);
            assertThat(simam.params()).isZero();
            assertThat(Shape.toPlain(simam.output())).isEqualTo(List.of(256L, 20L, 20L));
            assertThat(SummaryText.render(m))
                    .containsPattern("(?m)^  9 {18}-1  1 {9}0  simam\\.SimAM {34}\\[0\\.0001\\] {22}256x20x20$");
            // Ultralytics 8.4.117 on yolov8n-cls.yaml (56 layers, 2,719,288 parameters, 3.36 GFLOPs at 640);
            // SimAM is one Sigmoid leaf with no parameters, and thop counts nothing for it
            JsonObject ref = reference("yolov8n-cls.json");
            assertThat(m.layerCount()).isEqualTo(ref.get("num_layers_summary").getAsInt() + 1);
            assertThat(m.params()).isEqualTo(ref.get("total_params").getAsLong());
            assertThat(m.gradients()).isEqualTo(ref.get("total_gradients").getAsLong());
            assertThat(m.gflops())
                    .isCloseTo(ref.get("gflops_640").getAsDouble(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void docsPluginsMdShowsTheExampleSourceAsItIs() throws IOException {
        String page = Files.readString(dev.yamlnet.compiler.TestPaths.docs().resolve("plugins.md"));
        int start = page.indexOf("```java\n");
        assertThat(start).as("docs/plugins.md has a java block").isNotNegative();
        String shown = page.substring(start + "```java\n".length(), page.indexOf("```\n", start + 1));
        String source =
                Files.readString(PluginJars.simamProject().resolve("src/main/java/com/example/simam/SimAmSpec.java"));
        // the page leaves out the class comment (it shows the PyTorch code in its own block)
        String withoutClassComment = source.replaceFirst("(?s)/\\*\\*\n \\* SimAM \\(Yang.*?\\*/\n", "");
        assertThat(withoutClassComment)
                .as("the class comment was found and removed")
                .isNotEqualTo(source);
        assertThat(shown).isEqualTo(withoutClassComment);
        String services = Files.readString(
                PluginJars.simamProject().resolve("src/main/resources/" + PluginException.SERVICE_FILE));
        assertThat(page).contains("```text\n" + services + "```\n");
    }

    @Test
    void simamRefusesANonPositiveLambdaWithADiagnostic() throws IOException {
        Path jar = simam;
        String yaml = """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, SimAM, [0]]
                head: []
                """;
        try (PluginPath plugins = PluginPath.open(List.of(jar), getClass().getClassLoader())) {
            Compilation c = compile("simam.yaml", yaml, plugins.loader());
            assertThat(c.errors()).extracting(Diagnostic::code).containsExactly(DiagCode.E0404);
            assertThat(c.errors().get(0).message()).isEqualTo("e_lambda must be positive, got 0");
        }
    }

    @Test
    void aBindThatThrowsIsBlamedOnThePluginsClassAndJar() throws IOException {
        Path jar = PluginJars.broken(
                dir.resolve("broken.jar"), "throw new IllegalStateException(\"bind is not written yet\");");
        try (PluginPath plugins = PluginPath.open(List.of(jar), getClass().getClassLoader())) {
            Throwable failure = catchThrowable(() -> compile("tiny.yaml", TINY, plugins.loader()));
            assertThat(failure).isNotNull();
            PluginException blamed =
                    PluginException.blame(failure, plugins.loader()).orElseThrow();
            assertThat(blamed.pluginClass()).contains("com.example.broken.BrokenSpec");
            assertThat(blamed.source()).contains(jar.toAbsolutePath().normalize());
            assertThat(blamed.getMessage())
                    .isEqualTo(
                            "plug-in class com.example.broken.BrokenSpec from "
                                    + jar.toAbsolutePath().normalize()
                                    + " failed: IllegalStateException: bind is not written yet "
                                    + "(at com.example.broken.BrokenSpec.bind(BrokenSpec.java:16); module Broken failed to bind layer 1)");
        }
    }

    @Test
    void aBindThatRejectsARowWithoutReportingIsThePluginsFault() throws IOException {
        Path jar = PluginJars.broken(dir.resolve("silent.jar"), "return null;");
        try (PluginPath plugins = PluginPath.open(List.of(jar), getClass().getClassLoader())) {
            assertThatThrownBy(() -> compile("tiny.yaml", TINY, plugins.loader()))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("plug-in class com.example.broken.BrokenSpec from "
                            + jar.toAbsolutePath().normalize()
                            + " broke the module contract: module Broken rejected layer 1 without a diagnostic");
        }
    }

    @Test
    void aFailureInYamlnetIsNotBlamedOnThePluginThatCalledItFromBelow() throws IOException {
        // this test's own classes are a plug-in (src/test/resources lists SEBlock), and they call yamlnet here:
        // the failure is yamlnet's (or its caller's), not a plug-in's that yamlnet called
        assertThat(PluginException.Plugins.scan(getClass().getClassLoader()).roots())
                .contains(PluginException.sourceOf(getClass()).orElseThrow());
        Throwable failure = catchThrowable(() -> ArgValues.toInt(ArgValues.string("x")));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class);
        try (PluginPath plugins = PluginPath.open(List.of(simam), getClass().getClassLoader())) {
            assertThat(PluginException.blame(failure, plugins.loader())).isEmpty();
        }
    }

    @Test
    void aConstructorThatThrowsNamesTheClassAndJarWhenTheRegistryLoads() throws IOException {
        Path jar = PluginJars.build(
                dir.resolve("ctor.jar"),
                Map.of("com/example/ctor/CtorSpec.java", """
                package com.example.ctor;

                public final class CtorSpec extends dev.yamlnet.compiler.modules.BaseModuleSpec {
                    public CtorSpec() {
                        super("Ctor", "ctor.Ctor", dev.yamlnet.compiler.modules.InputArity.ONE, java.util.List.of(),
                                java.util.Objects.requireNonNull(System.getProperty("no.such.property"), "no description"));
                    }

                    @Override
                    public dev.yamlnet.compiler.modules.ModuleInstance bind(dev.yamlnet.compiler.modules.BindContext ctx) {
                        return null;
                    }
                }
                """),
                Map.of(PluginException.SERVICE_FILE, "com.example.ctor.CtorSpec\n"));
        try (PluginPath plugins = PluginPath.open(List.of(jar), getClass().getClassLoader())) {
            assertThatThrownBy(() -> ModuleRegistry.withPlugins(plugins.loader()))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("plug-in class com.example.ctor.CtorSpec from "
                            + jar.toAbsolutePath().normalize()
                            + " could not be loaded: ServiceConfigurationError: Provider com.example.ctor.CtorSpec could not "
                            + "be instantiated, because NullPointerException: no description");
        }
    }

    @Test
    void aListedClassThatIsMissingNamesTheClassAndJar() throws IOException {
        Path jar = PluginJars.build(
                dir.resolve("typo.jar"),
                Map.of(),
                Map.of(PluginException.SERVICE_FILE, "# one line, misspelt\ncom.example.SimAmSpecc\n"));
        try (PluginPath plugins = PluginPath.open(List.of(jar), getClass().getClassLoader())) {
            assertThatThrownBy(() -> ModuleRegistry.withPlugins(plugins.loader()))
                    .isInstanceOf(PluginException.class)
                    .hasMessageStartingWith(
                            "plug-in class com.example.SimAmSpecc from "
                                    + jar.toAbsolutePath().normalize()
                                    + " could not be loaded: ServiceConfigurationError: Provider com.example.SimAmSpecc not found");
        }
    }

    @Test
    void twoPluginJarsWithTheSameModuleNameAreRefusedNamingBothJars() throws IOException {
        Path first = simam;
        Path second = PluginJars.build(
                dir.resolve("b/other-simam.jar"),
                Map.of("org/other/OtherSimAm.java", """
                package org.other;

                public final class OtherSimAm extends dev.yamlnet.compiler.modules.BaseModuleSpec {
                    public OtherSimAm() {
                        super("SimAM", "other.SimAM", dev.yamlnet.compiler.modules.InputArity.ONE, java.util.List.of(), "Another.");
                    }

                    @Override
                    public dev.yamlnet.compiler.modules.ModuleInstance bind(dev.yamlnet.compiler.modules.BindContext ctx) {
                        return null;
                    }
                }
                """),
                Map.of(PluginException.SERVICE_FILE, "org.other.OtherSimAm\n"));
        try (PluginPath plugins =
                PluginPath.open(List.of(first, second), getClass().getClassLoader())) {
            assertThatThrownBy(() -> ModuleRegistry.withPlugins(plugins.loader()))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("module name 'SimAM' is registered twice: by com.example.simam.SimAmSpec (from "
                            + first.toAbsolutePath().normalize() + ") and by org.other.OtherSimAm (from "
                            + second.toAbsolutePath().normalize()
                            + "); remove one of the plug-ins, or rename its module");
        }
    }

    @Test
    void aDirectoryMeansTheJarsInItInNameOrder() throws IOException {
        Path plugins = dir.resolve("plugins");
        Path b = PluginJars.broken(plugins.resolve("b.jar"), "return null;");
        Files.copy(simam, plugins.resolve("a.jar"));
        Files.writeString(plugins.resolve("README.txt"), "not a jar: ignored");
        try (PluginPath path = PluginPath.open(List.of(plugins), getClass().getClassLoader())) {
            assertThat(path.jars()).containsExactly(plugins.resolve("a.jar").toAbsolutePath(), b.toAbsolutePath());
            assertThat(ModuleRegistry.withPlugins(path.loader()).lookup("SimAM"))
                    .isPresent();
            assertThat(ModuleRegistry.withPlugins(path.loader()).lookup("Broken"))
                    .isPresent();
        }
    }

    @Test
    void aMissingEntryOrAFileThatIsNoJarIsRefused() throws IOException {
        Path missing = dir.resolve("no-such-dir");
        assertThatThrownBy(() -> PluginPath.open(List.of(missing), getClass().getClassLoader()))
                .isInstanceOf(PluginException.class)
                .hasMessage("plug-in path " + missing + " does not exist (give a jar, or a directory of jars)");
        Path text = Files.writeString(dir.resolve("simam.jar"), "not a zip");
        assertThatThrownBy(() -> PluginPath.open(List.of(text), getClass().getClassLoader()))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("plug-in path " + text.toAbsolutePath() + " is not a readable jar: ");
    }

    @Test
    void aPathListIsSplitAtThePathSeparatorIgnoringEmptyEntries() {
        String sep = java.io.File.pathSeparator;
        assertThat(PluginPath.split("a.jar" + sep + sep + "plugins" + sep))
                .containsExactly(Path.of("a.jar"), Path.of("plugins"));
        assertThat(PluginPath.split("")).isEmpty();
        assertThat(PluginPath.split(null)).isEmpty();
    }
}
