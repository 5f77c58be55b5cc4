package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.modules.PluginJars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-ins through the {@code yamlnet} launcher, as docs/plugins.md shows them: the script runs
 * {@code java -jar cli/target/yamlnet.jar}, which ignores the class path, so the plug-in jars reach
 * it only through {@code --plugins} and {@code YAMLNET_PLUGINS}. Run by failsafe after the jar is
 * packaged; {@code YAMLNET_NO_BUILD=1} keeps the launcher from building it again.
 */
class LauncherPluginsIT {
    @TempDir
    Path dir;

    /** What one launcher run printed. */
    record Run(int exitCode, String out, String err) {}

    private static Path root() {
        String configured = System.getProperty("yamlnet.root");
        return configured != null
                ? Path.of(configured)
                : PluginJars.simamProject().getParent().getParent().getParent();
    }

    private Run launch(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("yamlnet").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("YAMLNET_PLUGINS");
        pb.environment().put("YAMLNET_NO_BUILD", "1");
        pb.environment().putAll(environment);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS))
                .as("the launcher finished within 3 minutes")
                .isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void summaryWithTheSimamPluginDirectory() throws Exception {
        Path plugins = dir.resolve("plugins");
        PluginJars.simam(plugins);
        Path model = PluginJars.simamProject().resolve("yolov8n-cls-simam.yaml");
        Run r = launch(Map.of(), "--plugins", plugins.toString(), "summary", model.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("  9                  -1  1         0  simam.SimAM                                  [0.0001]"
                        + "                      256x20x20\n"
                        + " 10                  -1  1   1611240  ultralytics.nn.modules.head.Classify         [256, 1000]"
                        + "                   1000\n");
        // Ultralytics 8.4.117 prints "YOLOv8n-cls summary: 56 layers, 2,719,288 parameters, 2,719,288 gradients,
        // 3.4 GFLOPs" (conformance/reference/yolov8n-cls.json); SimAM adds one leaf (its Sigmoid) and nothing else
        assertThat(r.out())
                .contains("YOLOv8n-cls-simam summary: 57 layers, 2,719,288 parameters, 2,719,288 gradients, "
                        + "3.4 GFLOPs\n");
    }

    @Test
    void aBrokenPluginInTheEnvironmentIsNamedWithItsJarAndExitsWith3() throws Exception {
        Path jar = PluginJars.broken(
                dir.resolve("broken.jar"), "throw new IllegalStateException(\"bind is not written yet\");");
        Path model = Files.writeString(dir.resolve("tiny.yaml"), """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Broken, []]
                head: []
                """);
        Run r = launch(Map.of("YAMLNET_PLUGINS", jar.toString()), "summary", model.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("yamlnet: plug-in class com.example.broken.BrokenSpec from " + jar.toAbsolutePath()
                        + " failed: IllegalStateException: bind is not written yet");
        assertThat(r.err()).doesNotContain("internal error").doesNotContain("\tat ");
    }
}
