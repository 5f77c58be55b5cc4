package dev.yamlnet.compiler.modules;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Plug-in jars given by the user rather than by the class path: {@code java -jar}, which the
 * {@code yamlnet} launcher runs, ignores {@code -cp}, so the command line opens the jars of
 * {@code --plugins} and {@value #ENVIRONMENT} itself, in a class loader whose parent sees yamlnet.
 * {@link ModuleRegistry#withPlugins} on {@link #loader()} then finds their modules.
 *
 * <p>Each entry is a {@code .jar} file, or a directory: every {@code .jar} directly inside it, in
 * name order (sub-directories are not searched). A jar need not list a module itself: it may be a
 * library that a plug-in needs.
 */
public final class PluginPath implements AutoCloseable {
    /** The environment variable holding a path list of plug-in jars and directories. */
    public static final String ENVIRONMENT = "YAMLNET_PLUGINS";

    private final List<Path> jars;
    private final URLClassLoader loader;

    private PluginPath(List<Path> jars, URLClassLoader loader) {
        this.jars = List.copyOf(jars);
        this.loader = loader;
    }

    /**
     * The entries of a path list: separated by {@link File#pathSeparator} ({@code :} on Linux and
     * macOS, {@code ;} on Windows), empty entries ignored.
     */
    public static List<Path> split(String pathList) {
        List<Path> out = new ArrayList<>();
        if (pathList == null) {
            return out;
        }
        for (String entry : pathList.split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                out.add(Path.of(entry.trim()));
            }
        }
        return out;
    }

    /**
     * Opens the jars of {@code entries} in a class loader below {@code parent}.
     *
     * @throws PluginException when an entry does not exist, or is a file that is not a readable jar
     */
    public static PluginPath open(List<Path> entries, ClassLoader parent) {
        List<Path> jars = new ArrayList<>();
        for (Path entry : entries) {
            Path p = entry.toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(f -> f.getFileName()
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .endsWith(".jar"))
                            .filter(Files::isRegularFile)
                            .sorted()
                            .forEach(jars::add);
                } catch (IOException e) {
                    throw new PluginException(
                            "cannot list the plug-in directory " + p + ": " + e.getMessage(), null, p, e);
                }
            } else if (Files.isRegularFile(p)) {
                jars.add(p);
            } else {
                throw new PluginException(
                        "plug-in path " + entry + " does not exist (give a jar, or a directory of jars)",
                        null,
                        p,
                        null);
            }
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            checkJar(jar);
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PluginException("plug-in path " + jar + " cannot be used: " + e.getMessage(), null, jar, e);
            }
        }
        return new PluginPath(jars, new URLClassLoader("yamlnet-plugins", urls.toArray(URL[]::new), parent));
    }

    private static void checkJar(Path jar) {
        // a jar without a service file is fine: it may be a library a plug-in needs
        try (JarFile f = new JarFile(jar.toFile())) {
            f.size();
        } catch (IOException e) {
            throw new PluginException(
                    "plug-in path " + jar + " is not a readable jar: " + e.getMessage(), null, jar, e);
        }
    }

    /** The jars, in the order they are searched. */
    public List<Path> jars() {
        return jars;
    }

    /** The class loader over the jars (its parent first, as usual). */
    public ClassLoader loader() {
        return loader;
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
