package dev.yamlnet.compiler.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Module facts and FLOP traits are typed values; the summaries' text is rendered from them. */
class ModuleFactsTest {
    @Test
    void attentionMemoryIsRenderedFromItsFigures() {
        // BoT3 on a 20x20 map: 4 heads x 400^2 float32 logits = 2,560,000 bytes = 2.44 MiB
        AttentionMemory m = new AttentionMemory(4, 400);
        assertThat(m.bytes()).isEqualTo(2_560_000L);
        assertThat(m.perImage()).isEqualTo("2.4 MiB per image");
        assertThat(m.perImageAndBlock())
                .isEqualTo("2.4 MiB per image and inner block (4 heads x 400^2 float32 logits)");
        assertThat(ModuleFacts.attention(m).summaryEntries())
                .containsExactly(
                        java.util.Map.entry("attention_memory_bytes", 2_560_000L),
                        java.util.Map.entry(
                                "attention_memory",
                                "2.4 MiB per image and inner block (4 heads x 400^2 float32 logits)"));
        assertThat(ModuleFacts.NONE.summaryEntries()).isEmpty();
        assertThat(AttentionMemory.humanBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(AttentionMemory.humanBytes(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    void flopTraitsAreNamedAndJoin() {
        FlopTraits both = FlopTraits.ATTENTION.or(FlopTraits.LINEAR_OR_ADAPTIVE_POOL);
        assertThat(both.attention()).isTrue();
        assertThat(both.linearOrAdaptivePool()).isTrue();
        assertThat(both.multiheadAttention()).isFalse();
        assertThat(FlopTraits.PLAIN.or(FlopTraits.LINEAR_OR_ADAPTIVE_POOL))
                .isEqualTo(FlopTraits.LINEAR_OR_ADAPTIVE_POOL);
        assertThat(both).hasToString("FlopTraits[ATTENTION, LINEAR_OR_ADAPTIVE_POOL]");
        assertThat(FlopTraits.PLAIN).hasToString("FlopTraits[]");
    }
}
