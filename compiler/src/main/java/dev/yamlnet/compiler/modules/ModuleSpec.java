package dev.yamlnet.compiler.modules;

import java.util.List;

/**
 * Everything yamlnet knows about one module type, in one place: how YAML spells it, the arguments
 * it takes, how Ultralytics' {@code parse_model} rewrites a row that uses it (channel injection,
 * width scaling, repeats), and, through the {@link ModuleInstance} that {@link #bind} returns, its
 * output shape, checks, parameter count, layer count and FLOPs.
 *
 * <p>The resolver and the shape checker never mention a module by name: they ask the spec. Adding
 * a module means writing one spec (and, for the runtime, one block), registering it, and adding an
 * example. Third parties do the same without forking yamlnet: implement this interface (usually by
 * extending {@link BaseModuleSpec}), and list the class in
 * {@code META-INF/services/dev.yamlnet.compiler.modules.ModuleSpec}; {@link ModuleRegistry} finds
 * it through {@link java.util.ServiceLoader}.
 *
 * <p>Lifecycle: a spec is stateless and shared. For each row that names it, the resolver calls
 * {@link #bind} once with that row's resolved arguments and input channels; the instance it
 * returns is immutable and may be asked for shapes at several image sizes (the GFLOPs count does).
 */
public interface ModuleSpec {

    /** The YAML spelling, e.g. {@code C2f}, {@code nn.Upsample}, {@code BoT3}. */
    String name();

    /** Other spellings that mean the same module. */
    default List<String> aliases() {
        return List.of();
    }

    /** The Python class Ultralytics prints in its layer table, e.g. {@code ultralytics.nn.modules.block.C2f}. */
    String pythonType();

    /** One paragraph for {@code docs/modules.md} and the JSON Schema. */
    String description();

    /** What the row's {@code from} must be. */
    InputArity inputs();

    /** The YAML arguments in position order (what follows the row's module name). */
    List<ArgSpec> arguments();

    /**
     * The position of the argument called {@code name} in {@link #arguments()}. Specs read their
     * arguments by name ({@link BindContext#intArg(String)}), so a name that is not in the
     * signature is a bug in the spec, never a user's mistake.
     *
     * @throws IllegalStateException when the signature has no such argument, naming the module and
     *     the argument
     */
    default int argumentIndex(String name) {
        List<ArgSpec> args = arguments();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("module " + name() + " has no argument '" + name + "'; its arguments are "
                + args.stream().map(ArgSpec::name).toList());
    }

    /**
     * Resolves one row: checks the arguments beyond their types, computes what Ultralytics passes
     * to the constructor, and returns the instance, or {@code null} after reporting an error.
     */
    ModuleInstance bind(BindContext ctx);
}
