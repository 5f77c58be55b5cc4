package dev.yamlnet.compiler.modules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plug-in module failed, and it is the plug-in's fault, not yamlnet's: its jar cannot be
 * opened, its class cannot be loaded or instantiated, it takes a name another module already has,
 * or its own code threw while a model was compiled. The message names the plug-in's class and the
 * jar (or class directory) it came from, so that the user knows which plug-in to fix or remove.
 *
 * <p>A plug-in is any jar or class directory that lists a {@link ModuleSpec} in
 * {@value #SERVICE_FILE}, other than yamlnet's own; see {@link ModuleRegistry} and
 * {@link PluginPath}.
 */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The service file a plug-in jar lists its {@link ModuleSpec} classes in. */
    public static final String SERVICE_FILE = "META-INF/services/dev.yamlnet.compiler.modules.ModuleSpec";

    /** How the JDK names the receiver of a method a plug-in built for another yamlnet lacks. */
    private static final Pattern RECEIVER = Pattern.compile("[Rr]eceiver class ([\\w.$]+)");

    private final transient String pluginClass;
    private final transient Path source;

    PluginException(String message, String pluginClass, Path source, Throwable cause) {
        super(message, cause);
        this.pluginClass = pluginClass;
        this.source = source;
    }

    /** The plug-in's class that failed, when known. */
    public Optional<String> pluginClass() {
        return Optional.ofNullable(pluginClass);
    }

    /** The jar or class directory the failing class came from, when known. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The plug-in at fault for {@code failure}, if any: the first stack frame of {@code failure} (or
     * of its causes, outermost first) whose class {@code loader} loaded from a plug-in jar and that
     * yamlnet's code called (a frame of the compiler lies below it). Such a failure is reported as
     * the plug-in's, naming that class and jar; empty when no plug-in code is on the stack (then the
     * failure is yamlnet's own).
     */
    public static Optional<PluginException> blame(Throwable failure, ClassLoader loader) {
        if (failure instanceof PluginException p) {
            return Optional.of(p);
        }
        Plugins plugins = Plugins.scan(loader);
        if (plugins.roots().isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> own = sourceOf(ModuleSpec.class);
        Map<String, Optional<Path>> sources = new HashMap<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PluginException p) {
                return Optional.of(p);
            }
            StackTraceElement[] stack = t.getStackTrace();
            // a plug-in's frame counts when yamlnet called it: a frame of yamlnet's own lies below it (an
            // application whose jar also holds a plug-in is not blamed for calling yamlnet)
            int lowestOwn = -1;
            for (int i = 0; i < stack.length; i++) {
                if (own.isPresent()
                        && sources.computeIfAbsent(stack[i].getClassName(), n -> sourceOf(n, loader))
                                .equals(own)) {
                    lowestOwn = i;
                }
            }
            for (int i = 0; i < lowestOwn; i++) {
                StackTraceElement frame = stack[i];
                Optional<Path> from = sources.get(frame.getClassName());
                if (from.isPresent() && plugins.roots().contains(from.get())) {
                    return Optional.of(new PluginException(
                            "plug-in class " + frame.getClassName() + " from " + from.get() + " failed: " + describe(t)
                                    + " (at " + where(frame) + context(failure, t) + ")",
                            frame.getClassName(),
                            from.get(),
                            failure));
                }
            }
            // a plug-in built for another version of yamlnet lacks a method yamlnet calls: the JDK names its class
            if (t instanceof IncompatibleClassChangeError && t.getMessage() != null) {
                Matcher m = RECEIVER.matcher(t.getMessage());
                if (m.find()) {
                    Optional<Path> from = sourceOf(m.group(1), loader);
                    if (from.isPresent() && plugins.roots().contains(from.get())) {
                        return Optional.of(new PluginException(
                                "plug-in class " + m.group(1) + " from " + from.get()
                                        + " does not fit this version of yamlnet: " + describe(t)
                                        + " (rebuild the plug-in against this yamlnet)",
                                m.group(1),
                                from.get(),
                                failure));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A plug-in that {@link java.util.ServiceLoader} could not load or instantiate: the class listed
     * in a service file is missing, is not a {@link ModuleSpec}, has no public no-argument
     * constructor, or its constructor threw.
     */
    static PluginException notLoaded(Throwable failure, ClassLoader loader) {
        Plugins plugins = Plugins.scan(loader);
        String culprit = null;
        if (failure instanceof ServiceConfigurationError && failure.getMessage() != null) {
            // the JDK's message names the provider: "...ModuleSpec: Provider com.example.Broken could not be
            // instantiated"
            for (String name : plugins.listed().keySet()) {
                if (failure.getMessage().contains(name + " ")
                        || failure.getMessage().endsWith(name)) {
                    if (culprit == null || name.length() > culprit.length()) {
                        culprit = name;
                    }
                }
            }
        } else {
            // a LinkageError escapes ServiceLoader without the class's name: find the listed class that does not load
            for (String name : plugins.listed().keySet()) {
                try {
                    Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    culprit = name;
                    break;
                }
            }
        }
        String reason = describe(failure).replace(ModuleSpec.class.getName() + ": ", "");
        if (failure.getCause() != null) {
            reason += ", because " + describe(failure.getCause());
        }
        if (culprit == null) {
            return new PluginException(
                    "a plug-in could not be loaded (" + reason + "); plug-ins on the path: " + plugins.roots(),
                    null,
                    null,
                    failure);
        }
        Path from = plugins.listed().get(culprit);
        return new PluginException(
                "plug-in class " + culprit + " from " + from + " could not be loaded: " + reason,
                culprit,
                from,
                failure);
    }

    /**
     * A spec broke a rule of {@link ModuleSpec} that yamlnet checks (e.g. {@code bind} returned null
     * without reporting an error): the plug-in's failure when {@code spec} is a plug-in, else an
     * {@link IllegalStateException} (a bug in yamlnet).
     */
    public static RuntimeException brokenContract(ModuleSpec spec, String message) {
        if (!isPlugin(spec)) {
            return new IllegalStateException(message);
        }
        Path from = sourceOf(spec.getClass()).orElse(null);
        return new PluginException(
                "plug-in class " + spec.getClass().getName() + " from " + from + " broke the module " + "contract: "
                        + message,
                spec.getClass().getName(),
                from,
                null);
    }

    /**
     * Where {@code spec}'s class comes from, for messages: {@code built in} for yamlnet's own modules,
     * else {@code from /path/plugin.jar}.
     */
    static String origin(ModuleSpec spec) {
        Optional<Path> own = sourceOf(ModuleSpec.class);
        Optional<Path> from = sourceOf(spec.getClass());
        if (from.isEmpty() || from.equals(own)) {
            return spec.getClass().getName() + " (built in)";
        }
        return spec.getClass().getName() + " (from " + from.get() + ")";
    }

    /** Whether {@code spec} comes from somewhere other than yamlnet's own classes. */
    static boolean isPlugin(ModuleSpec spec) {
        Optional<Path> from = sourceOf(spec.getClass());
        return from.isPresent() && !from.equals(sourceOf(ModuleSpec.class));
    }

    /** The jar or class directory of {@code c}; empty for the JDK's own classes. */
    static Optional<Path> sourceOf(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? Optional.empty() : toPath(cs.getLocation());
    }

    private static Optional<Path> sourceOf(String className, ClassLoader loader) {
        try {
            return sourceOf(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return Optional.empty(); // hidden classes (lambdas), classes of other loaders: not a plug-in's frame
        }
    }

    private static Optional<Path> toPath(URL url) {
        try {
            if ("jar".equals(url.getProtocol())) {
                url = ((JarURLConnection) url.openConnection()).getJarFileURL();
            }
            if (!"file".equals(url.getProtocol())) {
                return Optional.empty();
            }
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (IOException | URISyntaxException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** {@code com.example.Spec.bind(Spec.java:12)}, without the class loader's name. */
    private static String where(StackTraceElement frame) {
        String file = frame.getFileName() == null
                ? "unknown source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + file + ")";
    }

    /**
     * What yamlnet was doing, from the exception that wraps the plug-in's ({@code "; module Broken
     * failed to bind layer 1"}), without the repeated message of the plug-in's own exception.
     */
    private static String context(Throwable outer, Throwable inner) {
        if (outer == inner || outer.getMessage() == null || outer.getMessage().isBlank()) {
            return "";
        }
        String context = outer.getMessage();
        if (inner.getMessage() != null && context.endsWith(": " + inner.getMessage())) {
            context = context.substring(0, context.length() - inner.getMessage().length() - 2);
        }
        return "; " + context;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank()
                ? t.getClass().getName()
                : t.getClass().getSimpleName() + ": " + message;
    }

    /**
     * The plug-ins {@code loader} sees: every class listed in a service file, with the jar or class
     * directory that lists it, and those roots themselves. yamlnet's own classes are never a plug-in.
     */
    record Plugins(Map<String, Path> listed, List<Path> roots) {
        static Plugins scan(ClassLoader loader) {
            Map<String, Path> listed = new LinkedHashMap<>();
            List<Path> roots = new ArrayList<>();
            Optional<Path> own = sourceOf(ModuleSpec.class);
            List<URL> files;
            try {
                files = loader == null ? List.of() : Collections.list(loader.getResources(SERVICE_FILE));
            } catch (IOException e) {
                files = List.of();
            }
            for (URL file : files) {
                Optional<Path> root = root(file);
                if (root.isEmpty() || root.equals(own)) {
                    continue;
                }
                if (!roots.contains(root.get())) {
                    roots.add(root.get());
                }
                for (String name : names(file)) {
                    listed.putIfAbsent(name, root.get());
                }
            }
            return new Plugins(listed, roots);
        }

        /** The jar or directory a service file is in: {@code jar:file:/a/b.jar!/META-INF/...} is {@code /a/b.jar}. */
        private static Optional<Path> root(URL file) {
            if ("jar".equals(file.getProtocol())) {
                return toPath(file);
            }
            Optional<Path> path = toPath(file);
            // file:/dir/META-INF/services/<name>: three levels up
            return path.map(p -> p.getParent().getParent().getParent());
        }

        private static List<String> names(URL file) {
            List<String> names = new ArrayList<>();
            try (InputStream in = open(file);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            } catch (IOException e) {
                // unreadable: ServiceLoader reports it itself
            }
            return names;
        }

        /** Without the JDK's jar cache, so that no jar stays open once the plug-ins' class loader is closed. */
        private static InputStream open(URL file) throws IOException {
            URLConnection connection = file.openConnection();
            connection.setUseCaches(false);
            return connection.getInputStream();
        }
    }
}
