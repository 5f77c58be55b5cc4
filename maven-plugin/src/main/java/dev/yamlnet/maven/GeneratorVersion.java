package dev.yamlnet.maven;

import dev.yamlnet.compiler.backend.java.JavaBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;

/**
 * Identifies the code that produces the generated sources, for the up-to-date stamp. A release is
 * identified by its version; a snapshot's jars change under the same version, so for a snapshot
 * the size and modification time of the plugin's and the compiler's jars are added.
 */
final class GeneratorVersion {
    private GeneratorVersion() {}

    static String current() {
        String version = "unknown";
        try (InputStream in = GeneratorVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        } catch (IOException e) {
            // an unreadable resource only makes the stamp less specific: fall through with "unknown"
        }
        if (version.endsWith("-SNAPSHOT") || version.equals("unknown")) {
            version += " " + jar(GeneratorVersion.class) + " " + jar(JavaBackend.class);
        }
        return version;
    }

    private static String jar(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                return "?";
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p)
                    ? p.getFileName() + ":" + Files.size(p) + ":"
                            + Files.getLastModifiedTime(p).toMillis()
                    : p.getFileName() + ":dir";
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "?";
        }
    }
}
