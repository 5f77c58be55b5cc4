package dev.yamlnet.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yamlnet.compiler.modules.PluginJars;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mojo as Maven runs it, with its parameters set the way Maven injects them. */
class GenerateMojoTest {
    @TempDir
    Path dir;

    final List<String> errors = new ArrayList<>();
    final List<String> infos = new ArrayList<>();

    private GenerateMojo mojo() {
        GenerateMojo m = new GenerateMojo();
        m.sourceDirectory = dir.resolve("src/main/yamlnet").toFile();
        m.packageName = "com.example.models";
        m.outputDirectory = dir.resolve("target/generated-sources/yamlnet").toFile();
        m.stampFile = dir.resolve("target/yamlnet-maven-plugin/default.stamp").toFile();
        m.project = new MavenProject();
        m.setLog(new SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }

            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }
        });
        return m;
    }

    private void example(String name, String as) throws Exception {
        Path target = dir.resolve("src/main/yamlnet").resolve(as);
        Files.createDirectories(target.getParent());
        Files.copy(TestPaths.examples().resolve(name), target);
    }

    @Test
    void generatesIntoACompileSourceRootAndIsUpToDateTheSecondTime() throws Exception {
        example("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        GenerateMojo m = mojo();
        m.execute();
        Path out = dir.resolve("target/generated-sources/yamlnet");
        assertThat(out.resolve("com/example/models/Yolov8nBot3Model.java")).isRegularFile();
        assertThat(m.project.getCompileSourceRoots()).containsExactly(out.toString());
        assertThat(infos).last().asString().startsWith("yamlnet: generated 1 source(s) in " + out);

        GenerateMojo again = mojo();
        again.execute();
        assertThat(infos).last().asString().isEqualTo("yamlnet: 1 generated source(s) up to date in " + out);
        assertThat(again.project.getCompileSourceRoots()).containsExactly(out.toString());
    }

    @Test
    void explicitModelsReplaceTheDirectory() throws Exception {
        example("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        Path elsewhere = dir.resolve("models/yolov8n.yaml");
        Files.createDirectories(elsewhere.getParent());
        Files.copy(TestPaths.examples().resolve("yolov8.yaml"), elsewhere);
        GenerateMojo m = mojo();
        m.project.setFile(dir.resolve("pom.xml").toFile());
        m.models = List.of(new File("models/yolov8n.yaml")); // relative to the project directory
        m.execute();
        Path pkg = dir.resolve("target/generated-sources/yamlnet/com/example/models");
        assertThat(pkg.resolve("Yolov8nModel.java")).isRegularFile();
        assertThat(pkg.resolve("Yolov8nBot3Model.java")).doesNotExist();
    }

    @Test
    void aBrokenModelFailsTheBuildWithTheDiagnosticInTheLogAndTheMessage() throws Exception {
        example("invalid/bot3-table-mismatch.yaml", "bot3-table-mismatch.yaml");
        File yaml = dir.resolve("src/main/yamlnet/bot3-table-mismatch.yaml").toFile();
        GenerateMojo m = mojo();
        assertThatThrownBy(m::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(
                        "yamlnet: 1 model has errors; nothing was generated\n" + yaml.getAbsolutePath() + ":")
                .hasMessageContaining(": error[E0504]: ");
        assertThat(errors.get(0)).startsWith(yaml.getAbsolutePath() + ":").contains(": error[E0504]: ");
        assertThat(m.project.getCompileSourceRoots()).isEmpty();
    }

    @Test
    void skipDoesNothing() throws Exception {
        example("yolov8-bot3.yaml", "yolov8n-bot3.yaml");
        GenerateMojo m = mojo();
        m.skip = true;
        m.execute();
        assertThat(dir.resolve("target")).doesNotExist();
        assertThat(m.project.getCompileSourceRoots()).isEmpty();
    }

    @Test
    void anEmptySourceDirectoryIsNotAnError() throws Exception {
        GenerateMojo m = mojo();
        m.execute();
        assertThat(infos).last().asString().startsWith("yamlnet: no model files in ");
    }

    @Test
    void aPluginWhoseBindThrowsFailsTheBuildNamingItsClassAndJar() throws Exception {
        Path jar = PluginJars.broken(
                dir.resolve("broken.jar"), "throw new IllegalStateException(\"bind is not written yet\");");
        Path model = dir.resolve("src/main/yamlnet/tiny.yaml");
        Files.createDirectories(model.getParent());
        Files.writeString(model, """
                backbone:
                  - [-1, 1, Conv, [16, 3, 2]]
                  - [-1, 1, Broken, []]
                head: []
                """);
        // Maven runs a mojo with its plugin's class realm (the plugin and its <dependencies>) as the context class
        // loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader realm =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(realm);
            assertThatThrownBy(mojo()::execute)
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessage("yamlnet: plug-in class com.example.broken.BrokenSpec from " + jar.toAbsolutePath()
                            + " failed: IllegalStateException: bind is not written yet (at com.example.broken.BrokenSpec.bind"
                            + "(BrokenSpec.java:16); module Broken failed to bind layer 1)\n"
                            + "hint: the fault is in the plug-in, not in yamlnet: report it to the plug-in's authors, or remove "
                            + "it from the <dependencies> of yamlnet-maven-plugin");
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertThat(dir.resolve("target/generated-sources/yamlnet/com/example/models"))
                .doesNotExist();
    }
}
