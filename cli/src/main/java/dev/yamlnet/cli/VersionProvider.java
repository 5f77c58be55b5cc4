package dev.yamlnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: yamlnet's version (filled in by Maven at build time), the Ultralytics release
 * whose behaviour it reproduces, and the Java runtime, which is what a bug report needs.
 */
public final class VersionProvider implements IVersionProvider {
    /** The Ultralytics release the resolver and the summary figures are checked against. */
    static final String ULTRALYTICS = "8.4.117";

    @Override
    public String[] getVersion() {
        return new String[] {
            "yamlnet " + version(),
            "reproduces Ultralytics " + ULTRALYTICS + " (parse_model, model summary)",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a version string is not worth failing for
        }
        return p.getProperty("version", "unknown");
    }
}
