package dev.yamlnet.compiler.backend.java;

import dev.yamlnet.runtime.blocks.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * Runtime factory of the test-only {@code Tag} module ({@link HostileYamlGenerationTest}): records the
 * label it was given, exactly as the generated code passed it, and returns a one-input Concat (an
 * identity). {@link #inject()} is what a successful code injection would call.
 */
public final class TagFactory {
    /** Every label a generated class passed, in order. */
    public static final List<String> LABELS = new ArrayList<>();
    /** Calls of {@link #inject()}: must stay zero. */
    public static int injected;

    private TagFactory() {}

    public static Object tagged(String label) {
        LABELS.add(label);
        return Layers.concat(1);
    }

    /** Never called by honest generated code. */
    public static void inject() {
        injected++;
    }
}
