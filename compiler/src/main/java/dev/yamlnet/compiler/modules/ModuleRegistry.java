package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.modules.builtin.Builtins;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The module types yamlnet knows: the built-in ones ({@link Builtins}) plus every
 * {@link ModuleSpec} that {@link ServiceLoader} finds on the class path (or in the jars of a
 * {@link PluginPath}). Names and aliases are unique; a plug-in that reuses a taken name is refused
 * with a message naming both classes and the jars they come from. A plug-in that cannot be loaded
 * is reported as a {@link PluginException} naming its class and jar.
 */
public final class ModuleRegistry {
    private final Map<String, ModuleSpec> byName;
    private final List<ModuleSpec> specs;

    private ModuleRegistry(List<ModuleSpec> specs) {
        Map<String, ModuleSpec> map = new LinkedHashMap<>();
        for (ModuleSpec spec : specs) {
            List<String> names = new ArrayList<>();
            names.add(spec.name());
            names.addAll(spec.aliases());
            for (String n : names) {
                ModuleSpec previous = map.putIfAbsent(n, spec);
                if (previous != null) {
                    String message = "module name '" + n + "' is registered twice: by "
                            + PluginException.origin(previous) + " and by " + PluginException.origin(spec);
                    if (!PluginException.isPlugin(spec)) {
                        throw new IllegalStateException(message); // two built-ins: yamlnet's own mistake
                    }
                    throw new PluginException(
                            message + "; remove one of the plug-ins, or rename its module",
                            spec.getClass().getName(),
                            PluginException.sourceOf(spec.getClass()).orElse(null),
                            null);
                }
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.specs = List.copyOf(specs);
    }

    /** Built-ins and the plug-ins visible to the context class loader. */
    public static ModuleRegistry standard() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return withPlugins(loader != null ? loader : ModuleRegistry.class.getClassLoader());
    }

    /**
     * Built-ins and the plug-ins visible to {@code loader}.
     *
     * @throws PluginException when a plug-in cannot be loaded or instantiated, or takes a name that
     *     is already registered
     */
    public static ModuleRegistry withPlugins(ClassLoader loader) {
        List<ModuleSpec> all = new ArrayList<>(Builtins.all());
        Iterator<ModuleSpec> plugins =
                ServiceLoader.load(ModuleSpec.class, loader).iterator();
        while (true) {
            try {
                if (!plugins.hasNext()) {
                    break;
                }
                all.add(plugins.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                throw PluginException.notLoaded(e, loader);
            }
        }
        return new ModuleRegistry(all);
    }

    /** Exactly these specs, e.g. for tests. */
    public static ModuleRegistry of(List<ModuleSpec> specs) {
        return new ModuleRegistry(specs);
    }

    public Optional<ModuleSpec> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every spec, built-ins first in their order, then plug-ins. */
    public List<ModuleSpec> specs() {
        return specs;
    }

    /** Every spelling (names and aliases). */
    public java.util.Set<String> names() {
        return byName.keySet();
    }
}
