package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.modules.ModuleRegistry;
import dev.yamlnet.compiler.modules.ModuleSpec;
import org.junit.jupiter.api.Test;

class SchemaCommandTest {
    @Test
    void printsADraft202012SchemaWithEveryModule() {
        Cli.Result r = Cli.run("schema");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        JsonObject schema = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(schema.get("$schema").getAsString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.getAsJsonObject("properties").keySet()).contains("nc", "scales", "backbone", "head");
        String modules = schema.getAsJsonObject("$defs")
                .getAsJsonObject("module")
                .get("enum")
                .toString();
        for (ModuleSpec spec : ModuleRegistry.standard().specs()) {
            assertThat(modules).contains("\"" + spec.name() + "\"");
            assertThat(schema.getAsJsonObject("$defs").has("args-" + spec.name()))
                    .isTrue();
        }
    }
}
