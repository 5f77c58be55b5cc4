package dev.yamlnet.compiler.backend.java;

/**
 * What a successful code injection would call ({@link HostileYamlGenerationTest}): the hostile YAML
 * names {@link #inject()} in every place it tries to break out of a comment or a string.
 */
public final class TagFactory {
    /** Calls of {@link #inject()}: must stay zero. */
    public static int injected;

    private TagFactory() {}

    /** Never called by honest generated code. */
    public static void inject() {
        injected++;
    }
}
