package dev.yamlnet.compiler.modules;

import dev.yamlnet.compiler.modules.builtin.Builtins;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The module types yamlnet knows: the built-in ones ({@link Builtins}) plus every
 * {@link ModuleSpec} that {@link ServiceLoader} finds on the class path. Names and aliases are
 * unique; a plug-in that reuses a taken name is refused with a message naming both classes.
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
                    throw new IllegalStateException("module name '" + n + "' is registered twice: by "
                            + previous.getClass().getName() + " and by " + spec.getClass().getName());
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

    /** Built-ins and the plug-ins visible to {@code loader}. */
    public static ModuleRegistry withPlugins(ClassLoader loader) {
        List<ModuleSpec> all = new ArrayList<>(Builtins.all());
        for (ModuleSpec plugin : ServiceLoader.load(ModuleSpec.class, loader)) {
            all.add(plugin);
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
