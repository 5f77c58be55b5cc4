package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.core.ShapeMath;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plug-in jars as a third party would, for tests in every module: javac against yamlnet's
 * compiler and runtime classes (no Maven), and a jar holding the classes and resources. It builds
 * the example plug-in {@code examples/plugins/simam} from its sources, and broken plug-ins written
 * in the test.
 */
public final class PluginJars {
    private PluginJars() {}

    /** {@code examples/plugins/simam}, the plug-in docs/plugins.md shows. */
    public static Path simamProject() {
        return TestPaths.examples().resolveSibling("plugins").resolve("simam");
    }

    /** The SimAM example built from its sources into {@code dir/yamlnet-simam.jar}. */
    public static Path simam(Path dir) throws IOException {
        Path project = simamProject();
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> resources = new LinkedHashMap<>();
        read(project.resolve("src/main/java"), sources);
        read(project.resolve("src/main/resources"), resources);
        return build(dir.resolve("yamlnet-simam.jar"), sources, resources);
    }

    /**
     * A jar of one plug-in module {@code com.example.broken.BrokenSpec} named {@code Broken}, whose
     * {@code bind} runs {@code bindBody} (e.g. a {@code throw}).
     */
    public static Path broken(Path jar, String bindBody) throws IOException {
        String source = """
                package com.example.broken;

                import dev.yamlnet.compiler.modules.BaseModuleSpec;
                import dev.yamlnet.compiler.modules.BindContext;
                import dev.yamlnet.compiler.modules.InputArity;
                import dev.yamlnet.compiler.modules.ModuleInstance;
                import java.util.List;

                public final class BrokenSpec extends BaseModuleSpec {
                    public BrokenSpec() {
                        super("Broken", "broken.Broken", InputArity.ONE, List.of(), "A plug-in with a bug.");
                    }

                    @Override
                    public ModuleInstance bind(BindContext ctx) {
                        %s
                    }
                }
                """.formatted(bindBody);
        return build(
                jar,
                Map.of("com/example/broken/BrokenSpec.java", source),
                Map.of(PluginException.SERVICE_FILE, "com.example.broken.BrokenSpec\n"));
    }

    /**
     * Compiles {@code sources} (path in the source tree, like {@code com/example/X.java}, to text)
     * against yamlnet and writes a jar of the classes and {@code resources} (path in the jar to text).
     */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> resources) throws IOException {
        Files.createDirectories(jar.toAbsolutePath().getParent());
        Path work = Files.createTempDirectory(jar.toAbsolutePath().getParent(), "plugin-build");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        List<String> args = new ArrayList<>(
                List.of("--release", "17", "-proc:none", "-d", classes.toString(), "-classpath", classPath()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        Files.createDirectories(classes);
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter log = new StringWriter();
            int code = javac.run(
                    null, new WriterOutputStream(log), new WriterOutputStream(log), args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("the plug-in does not compile:\n" + log);
            }
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** yamlnet's compiler and core classes, wherever this test runs them from (directories or jars). */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(ModuleSpec.class, ShapeMath.class)) {
            entries.add(PluginException.sourceOf(c).orElseThrow().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void read(Path root, Map<String, String> into) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                into.put(root.relativize(f).toString().replace(File.separatorChar, '/'), Files.readString(f));
            }
        }
    }

    /** javac's diagnostics into the exception message. */
    private static final class WriterOutputStream extends OutputStream {
        private final StringWriter out;

        WriterOutputStream(StringWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(new String(b, off, len, StandardCharsets.UTF_8));
        }
    }
}
