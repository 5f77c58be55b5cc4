package dev.yamlnet.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * examples/maven-plugin is a standalone project, so it names the yamlnet version itself and keeps
 * its own copy of the BoT3 example: both must follow the repository.
 */
class ExampleProjectTest {
    private static final Path EXAMPLE = TestPaths.examples().resolveSibling("maven-plugin");

    @Test
    void theExampleUsesThisVersionOfYamlnet() throws Exception {
        String version = System.getProperty("yamlnet.project.version");
        assertThat(version).isNotBlank();
        assertThat(Files.readString(EXAMPLE.resolve("pom.xml")))
                .contains("<yamlnet.version>" + version + "</yamlnet.version>");
    }

    @Test
    void thePluginExampleUsesThisVersionOfYamlnet() throws Exception {
        String version = System.getProperty("yamlnet.project.version");
        assertThat(Files.readString(TestPaths.examples().resolveSibling("plugins/simam/pom.xml")))
                .contains("<yamlnet.version>" + version + "</yamlnet.version>");
    }

    @Test
    void theExampleModelIsTheRepositorysBot3Example() throws Exception {
        assertThat(Files.readAllBytes(EXAMPLE.resolve("src/main/yamlnet/yolov8n-bot3.yaml")))
                .isEqualTo(Files.readAllBytes(TestPaths.examples().resolve("yolov8-bot3.yaml")));
    }
}
