package dev.yamlnet.compiler.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.yamlnet.compiler.modules.ModuleRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Did you mean" suggestions for mistyped module names and keys. */
class SuggestTest {
    @Test
    void caseMistakesFindTheModule() {
        assertEquals(
                Optional.of("C2f"),
                Suggest.closest("C2F", ModuleRegistry.standard().names()));
        assertEquals(
                Optional.of("Conv"),
                Suggest.closest("conv", ModuleRegistry.standard().names()));
    }

    @Test
    void smallTyposFindTheName() {
        assertEquals(Optional.of("Concat"), Suggest.closest("Concta", List.of("Conv", "Concat", "Detect")));
        assertEquals(Optional.of("nc"), Suggest.closest("ncc", List.of("nc", "scales", "backbone", "head")));
        assertEquals(Optional.of("backbone"), Suggest.closest("bakcbone", List.of("nc", "scales", "backbone", "head")));
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertEquals(Optional.empty(), Suggest.closest("Transformer", List.of("Conv", "Concat", "Detect")));
        assertEquals(Optional.empty(), Suggest.closest("classes", List.of("nc", "kpt_shape")));
    }

    @Test
    void distanceCountsATranspositionOnce() {
        assertEquals(1, Suggest.distance("ab", "ba"));
        assertEquals(3, Suggest.distance("kitten", "sitting"));
        assertEquals(0, Suggest.distance("", ""));
    }
}
