package dev.yamlnet.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with {@code javax.tools} in memory, against the test class path (the
 * runtime's blocks), and loads the classes, so tests check that generated code compiles and runs
 * without writing files. Several sources compile in one javac run, which is much faster than one each.
 */
final class InMemoryJavac {
    private InMemoryJavac() {}

    /** Compiles one source and returns the loaded class. */
    static Class<?> compile(String fqcn, String source) throws Exception {
        return compileAll(Map.of(fqcn, source)).get(fqcn);
    }

    /**
     * Compiles {@code sources} (fully qualified class name to source) in one javac run and returns the
     * loaded classes by name; fails with javac's messages when any does not compile.
     */
    static Map<String, Class<?>> compileAll(Map<String, String> sources) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager std = javac.getStandardFileManager(null, null, null);
        JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location l, String name, JavaFileObject.Kind k, FileObject s) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".class"), k) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((fqcn, source) -> units.add(source(fqcn, source)));
        StringBuilder errors = new StringBuilder();
        boolean ok = javac.getTask(
                        null,
                        fm,
                        d -> errors.append(d).append('\n'),
                        List.of(
                                "-classpath",
                                System.getProperty("java.class.path"),
                                "-Xlint:none",
                                "-encoding",
                                "UTF-8"),
                        null,
                        units)
                .call();
        assertThat(ok).as(errors.toString()).isTrue();
        ClassLoader loader = new ClassLoader(InMemoryJavac.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = b.toByteArray();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (String fqcn : sources.keySet()) {
            out.put(fqcn, loader.loadClass(fqcn));
        }
        return out;
    }

    /** A source held in memory, named after its class as javac expects. */
    static JavaFileObject source(String fqcn, String source) {
        return new SimpleJavaFileObject(
                URI.create("string:///" + fqcn.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return source;
            }
        };
    }
}
