package dev.yamlnet.compiler.modules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed facts about one layer at given shapes, beyond the summary's columns: what summaries print
 * after the table, what the JSON summary adds to the layer and what a graph node shows. Renderers
 * read the fields; nothing is cut out of a description.
 *
 * @param attentionMemory the logits' memory of each attention block (BoT3), when the layer has one
 */
public record ModuleFacts(Optional<AttentionMemory> attentionMemory) {
    /** No facts. */
    public static final ModuleFacts NONE = new ModuleFacts(Optional.empty());

    /** The facts of a layer whose attention blocks take {@code memory} each. */
    public static ModuleFacts attention(AttentionMemory memory) {
        return new ModuleFacts(Optional.of(memory));
    }

    /**
     * The facts as the summaries print them, keyed by stable names (the JSON contract): numbers for
     * machines, strings for the text summary, in this order.
     */
    public Map<String, Object> summaryEntries() {
        Map<String, Object> out = new LinkedHashMap<>();
        attentionMemory.ifPresent(m -> {
            out.put("attention_memory_bytes", m.bytes());
            out.put("attention_memory", m.perImageAndBlock());
        });
        return out;
    }
}
