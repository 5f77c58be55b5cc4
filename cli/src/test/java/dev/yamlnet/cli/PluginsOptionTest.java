package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.modules.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugins} and {@code YAMLNET_PLUGINS} on the real command line (in this JVM; the launcher
 * itself is run by {@code LauncherPluginsIT}): the SimAM example is used from its jar, and a plug-in
 * that fails is reported as the plug-in's, with its class and jar, and exit code 3.
 */
class PluginsOptionTest {
    /** The SimAM example in a directory of its own, compiled once (javac takes about a second). */
    @TempDir
    static Path plugins;

    static Path simamJar;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheExample() throws IOException {
        simamJar = PluginJars.simam(plugins);
    }

    private static String simamModel() {
        // the file is yolov8-cls-simam.yaml; as in Ultralytics, the n in the name picks the scale
        return PluginJars.simamProject().resolve("yolov8n-cls-simam.yaml").toString();
    }

    private static Cli.Result run(Map<String, String> environment, String... args) {
        return Cli.run(Main.commandLine(environment::get), args);
    }

    private Path broken() throws IOException {
        return PluginJars.broken(
                dir.resolve("broken.jar"), "throw new IllegalStateException(\"bind is not written yet\");");
    }

    private Path tinyModel() throws IOException {
        return Files.writeString(dir.resolve("tiny.yaml"), """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Broken, []]
                head: []
                """);
    }

    @Test
    void aDirectoryOfPluginJarsAddsSimamToSummary() {
        Cli.Result r = run(Map.of(), "--plugins", plugins.toString(), "summary", simamModel());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("  9                  -1  1         0  simam.SimAM                                  [0.0001]"
                        + "                      256x20x20\n");
        // Ultralytics 8.4.117 prints "YOLOv8n-cls summary: 56 layers, 2,719,288 parameters, 2,719,288 gradients,
        // 3.4 GFLOPs" (conformance/reference/yolov8n-cls.json); SimAM adds one leaf (its Sigmoid) and nothing else
        assertThat(r.out())
                .contains("YOLOv8n-cls-simam summary: 57 layers, 2,719,288 parameters, 2,719,288 gradients, "
                        + "3.4 GFLOPs\n");
    }

    @Test
    void theOptionIsAcceptedAfterTheCommandAndTheVariableAddsToIt() {
        Cli.Result r = run(Map.of("YAMLNET_PLUGINS", simamJar.toString()), "modules");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("SimAM  simam.SimAM\n");
        Cli.Result validate = run(Map.of(), "validate", simamModel(), "--plugins", simamJar.toString());
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.out()).contains("yolov8n-cls-simam, 2,719,288 parameters");
    }

    @Test
    void withoutThePluginTheModuleIsUnknown() {
        Cli.Result r = run(Map.of(), "validate", simamModel());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.MODEL_ERRORS);
        assertThat(r.err()).contains("error[E0201]: unknown module 'SimAM'");
    }

    @Test
    void aPluginModuleCannotBeGeneratedYet() {
        Cli.Result r = run(
                Map.of(),
                "--plugins",
                plugins.toString(),
                "generate",
                simamModel(),
                "--package",
                "com.example.models",
                "--out",
                dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.MODEL_ERRORS);
        assertThat(r.err())
                .contains("yolov8-cls-simam.yaml:24:5: error[E0901]: layer 9: the runtime has no block yet for SimAM "
                        + "as configured here");
    }

    @Test
    void aPluginWhoseBindThrowsIsNamedWithItsJarAndExitsWith3() throws IOException {
        Path jar = broken();
        Cli.Result r = run(
                Map.of("YAMLNET_PLUGINS", jar.toString()),
                "summary",
                tinyModel().toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("yamlnet: plug-in class com.example.broken.BrokenSpec from " + jar.toAbsolutePath()
                        + " failed: IllegalStateException: bind is not written yet (at com.example.broken.BrokenSpec.bind"
                        + "(BrokenSpec.java:16); module Broken failed to bind layer 1)\n"
                        + "hint: the fault is in the plug-in, not in yamlnet: report it to the plug-in's authors, or leave its jar "
                        + "out of --plugins and YAMLNET_PLUGINS\n"
                        + "run again with --verbose to see the stack trace\n");
        assertThat(r.err()).doesNotContain("internal error");
    }

    @Test
    void verboseShowsThePluginsStackTrace() throws IOException {
        Cli.Result r = run(
                Map.of(),
                "--verbose",
                "--plugins",
                broken().toString(),
                "validate",
                tinyModel().toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        // the class loader of --plugins and YAMLNET_PLUGINS is named yamlnet-plugins in stack traces
        assertThat(r.err())
                .contains("Caused by: java.lang.IllegalStateException: bind is not written yet\n"
                        + "\tat yamlnet-plugins//com.example.broken.BrokenSpec.bind(BrokenSpec.java:16)\n");
    }

    @Test
    void aPluginPathThatDoesNotExistIsAnEnvironmentProblem() {
        Path missing = dir.resolve("no-such-plugins");
        Cli.Result r = run(Map.of("YAMLNET_PLUGINS", missing.toString()), "validate", simamModel());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err())
                .isEqualTo(
                        "yamlnet: plug-in path " + missing + " does not exist (give a jar, or a directory of jars)\n");
    }

    @Test
    void helpAndVersionWorkWhateverThePlugins() {
        Map<String, String> env =
                Map.of("YAMLNET_PLUGINS", dir.resolve("no-such-plugins").toString());
        Cli.Result help = run(env, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("--plugins=PATH")
                .contains("YAMLNET_PLUGINS")
                .contains("a plug-in failed");
        assertThat(run(env, "--version").exitCode()).isZero();
    }
}
