package dev.yamlnet.compiler.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.yamlnet.compiler.TestPaths;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.modules.ModuleRegistry;
import dev.yamlnet.compiler.syntax.SourceLoader;
import dev.yamlnet.compiler.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated JSON Schema, checked with an independent validator (networknt, draft 2020-12) on
 * the YAML an editor would see: the compiler's own value tree converted to JSON, as a YAML language
 * server does. Every valid example and reference model is accepted; the broken examples whose
 * mistake is visible in one row (row shape, unknown module, argument count or type, from form,
 * repeats) are rejected.
 */
class ModelSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Codes of mistakes a schema sees without knowing the rest of the model. */
    private static final Pattern ROW_LEVEL =
            Pattern.compile("expect:.*\\b(E0104|E0201|E0302|E0303|E0401|E0402|E0403)\\b");
    /** Broken examples whose mistake spans several arguments (nn.Upsample with neither size nor factor): not a type. */
    private static final Set<String> CROSS_ARGUMENT = Set.of("upsample-no-factor.yaml");
    /** Draft 2020-12, plus the editor annotation the schema uses for module descriptions. */
    private static final JsonMetaSchema META = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
            .keyword(new NonValidationKeyword("enumDescriptions"))
            .build();

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(
                    SpecVersion.VersionFlag.V202012, b -> b.metaSchema(META))
            .getSchema(ModelSchema.render(ModuleRegistry.standard()));

    static Stream<Path> validModels() throws IOException {
        List<Path> out = new ArrayList<>();
        out.addAll(yamlIn(TestPaths.examples()));
        out.addAll(yamlIn(TestPaths.examples().resolve("modules")));
        out.addAll(yamlIn(Paths.get("src/test/resources/conformance/fixtures")));
        assertThat(out).hasSizeGreaterThan(30);
        return out.stream();
    }

    static Stream<Path> rowLevelBroken() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : yamlIn(TestPaths.examples().resolve("invalid"))) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            if (ROW_LEVEL.matcher(text).find()
                    && !CROSS_ARGUMENT.contains(p.getFileName().toString())) {
                out.add(p);
            }
        }
        assertThat(out).hasSizeGreaterThan(10);
        return out.stream();
    }

    private static List<Path> yamlIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Set<ValidationMessage> validate(Path file) throws IOException {
        return validate(file.toString(), Files.readAllBytes(file));
    }

    private static Set<ValidationMessage> validate(String name, byte[] bytes) throws IOException {
        Diagnostics diags = new Diagnostics();
        SourceLoader loader = new SourceLoader();
        Value doc = loader.decode(name, bytes, diags)
                .flatMap(src -> loader.load(src, diags))
                .orElseThrow(() -> new AssertionError(name + " is not readable YAML: " + diags.sorted()));
        JsonNode node = JSON.readTree(ValueJson.toJson(doc).toString());
        return SCHEMA.validate(node);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validModels")
    void acceptsValidModel(Path file) throws IOException {
        assertThat(validate(file)).as(file.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowLevelBroken")
    void rejectsRowLevelMistake(Path file) throws IOException {
        assertThat(validate(file)).as(file.toString()).isNotEmpty();
    }

    private static final String HEAD = "nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n";

    private static Set<ValidationMessage> validateText(String text) throws IOException {
        return validate("inline.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsUltralyticsStringForms() throws IOException {
        // bare None, the nc symbol, a quoted number ast.literal_eval reads, True written as a word
        assertThat(validateText(HEAD + "  - [-1, 1, nn.Upsample, [None, 2, 'nearest']]\n"
                        + "  - [-1, 1, Conv, ['32', 3, 1, None, 1, 1, True]]\n  - [[0, 2], 1, Detect, [nc]]\n"))
                .isEmpty();
    }

    @Test
    void rejectsEachKindOfMistake() throws IOException {
        assertThat(validateText(HEAD + "  - [-1, Conv, [32, 3, 2]]\n"))
                .as("three fields")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, Conv, [32, 3, 2], 5]\n"))
                .as("five fields")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, Cnov, [32, 3, 2]]\n"))
                .as("unknown module")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, Conv, [32, 3, 2.5]]\n"))
                .as("float stride")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, C2f, [32, 'yes']]\n"))
                .as("string shortcut")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, Conv, []]\n"))
                .as("missing c2")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, SPPF, [32, 5, 1, 2]]\n"))
                .as("too many")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, Concat, [1]]\n"))
                .as("Concat needs a list")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 0, Conv, [32]]\n"))
                .as("zero repeats")
                .isNotEmpty();
        assertThat(validateText("nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n"))
                .as("no head")
                .isNotEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, Conv, [32]]\nnc_classes: 3\n"))
                .as("unknown key")
                .isNotEmpty();
    }

    @Test
    void describesModulesAndArguments() {
        JsonObject schema = JsonParser.parseString(ModelSchema.render(ModuleRegistry.standard()))
                .getAsJsonObject();
        assertThat(schema.get("$schema").getAsString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        JsonObject defs = schema.getAsJsonObject("$defs");
        JsonArray names = defs.getAsJsonObject("module").getAsJsonArray("enum");
        assertThat(names.toString()).contains("\"Conv\"", "\"C2f\"", "\"BoT3\"", "\"nn.Upsample\"", "\"Detect\"");
        JsonObject conv = defs.getAsJsonObject("args-Conv");
        JsonArray args = conv.getAsJsonArray("prefixItems");
        // Conv(c2, k=1, s=1, p=None, g=1, d=1, act=True): the table of docs/modules.md
        assertThat(args).hasSize(7);
        assertThat(args.get(0).getAsJsonObject().get("title").getAsString()).isEqualTo("c2");
        assertThat(args.get(1).getAsJsonObject().get("default").getAsInt()).isEqualTo(1);
        assertThat(args.get(3).getAsJsonObject().get("default").isJsonNull()).isTrue();
        assertThat(conv.get("minItems").getAsInt()).isEqualTo(1);
        assertThat(conv.get("maxItems").getAsInt()).isEqualTo(7);
    }

    @Test
    void pluginModulesAppear() throws IOException {
        // PluginModuleTest's SEBlock is registered through META-INF/services in the test class path
        String text = ModelSchema.render(ModuleRegistry.standard());
        assertThat(text).contains("\"SEBlock\"", "\"args-SEBlock\"");
        assertThat(validateText(HEAD + "  - [-1, 1, SEBlock, [8]]\n")).isEmpty();
        assertThat(validateText(HEAD + "  - [-1, 1, SEBlock, [8, 2]]\n")).isNotEmpty();
    }
}
