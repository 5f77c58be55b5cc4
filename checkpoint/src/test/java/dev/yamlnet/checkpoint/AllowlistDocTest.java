package dev.yamlnet.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code docs/checkpoints.md} lists every global the allowlist admits, so the documented list is the real one. */
class AllowlistDocTest {
    @Test
    void theDocumentedAllowlistIsTheAllowlist() throws Exception {
        String docs = System.getProperty("yamlnet.docs");
        assertThat(docs).as("-Dyamlnet.docs (set by the parent pom)").isNotNull();
        String text = Files.readString(Path.of(docs, "checkpoints.md"));
        String table = text.substring(text.indexOf("## The allowlist"), text.indexOf("## Limits"));
        for (String global : Allowlist.exactNames()) {
            String name = global.substring(global.lastIndexOf('.') + 1);
            assertThat(table).as(global).contains(name);
        }
        for (String prefix : Allowlist.RECORD_PREFIXES) {
            assertThat(table).as(prefix).contains("`" + prefix + "`");
        }
        // and what is refused stays refused
        assertThat(Allowlist.allows("posix", "system")).isFalse();
        assertThat(Allowlist.allows("builtins", "eval")).isFalse();
        assertThat(Allowlist.allows("torch.nn.modules.conv", "Conv2d")).isTrue();
    }
}
