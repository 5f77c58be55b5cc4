package dev.yamlnet.compiler.backend.java;

import static dev.yamlnet.compiler.modules.ArgSpec.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.Compiler;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.modules.ArgType;
import dev.yamlnet.compiler.modules.BaseModuleSpec;
import dev.yamlnet.compiler.modules.BindContext;
import dev.yamlnet.compiler.modules.InputArity;
import dev.yamlnet.compiler.modules.ModuleInstance;
import dev.yamlnet.compiler.modules.ModuleRegistry;
import dev.yamlnet.compiler.modules.ModuleSpec;
import dev.yamlnet.compiler.modules.ShapeChecks;
import dev.yamlnet.compiler.modules.ShapeContext;
import dev.yamlnet.compiler.modules.builtin.Builtins;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.blocks.BlockFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YAML written to attack the generator, end to end: its file name, scale name, extra keys, comments
 * and a string argument try to close the Javadoc, a comment or a string literal, or to smuggle a
 * Java unicode escape (a backslash, {@code u002a} and a slash end a comment: javac decodes such escapes
 * before anything else, even inside comments) and newlines. The
 * generated file must compile, call nothing but the expected methods (checked on javac's syntax tree,
 * so text hidden in comments and strings does not count), and pass the string through unchanged.
 * Strings reach the generator only through module arguments and the one string parameter of the
 * block factories (Upsample's mode), so a test-only plug-in module {@code Tag(label)} hands its label
 * to the runtime as an upsampling mode, which the runtime refuses, quoting it.
 */
class HostileYamlGenerationTest {
    @TempDir
    Path tmp;

    /** What every attack tries to run. */
    static final String PAYLOAD = "dev.yamlnet.compiler.backend.java.TagFactory.inject();";

    /** The label, as Java receives it: comment and string terminators, a unicode escape as text, newlines. */
    static final String LABEL = "*/ } static { " + PAYLOAD + " } /* \" + " + PAYLOAD + " + \" \\u002a/ \\u0022; "
            + PAYLOAD + " // \n" + PAYLOAD + "\r\t\u2028 é 😀 '";

    /** {@code Tag(label)}: passes its input through unchanged; its block is an upsampling in the mode {@code label}. */
    public static final class TagSpec extends BaseModuleSpec {
        public TagSpec() {
            super(
                    "Tag",
                    "tests.Tag",
                    InputArity.ONE,
                    List.of(required("label", ArgType.STRING, "any text")),
                    "Test-only: an identity whose block records a string from the YAML.");
        }

        @Override
        public ModuleInstance bind(BindContext ctx) {
            return new TagInstance(ctx.args(), ctx.inputChannels().get(0), ((Value.Str) ctx.arg("label")).value());
        }
    }

    record TagInstance(List<Value> args, int channels, String label) implements ModuleInstance {
        @Override
        public OptionalInt recordedChannels() {
            return OptionalInt.of(channels);
        }

        @Override
        public Shape infer(List<Shape> inputs, ShapeContext ctx) {
            Shape.FeatureMap in = ShapeChecks.featureMap(inputs, ctx, "Tag");
            return in == null ? Shape.UNKNOWN : in;
        }

        @Override
        public long params() {
            return 0;
        }

        @Override
        public int leaves() {
            return 0;
        }

        @Override
        public int norms() {
            return 0;
        }

        @Override
        public long macs(List<Shape> inputs, Shape output) {
            return 0;
        }

        @Override
        public <B> Optional<B> block(BlockFactory<B> blocks, List<Shape> inputs) {
            return Optional.of(blocks.upsample(1.0, label));
        }
    }

    /** {@code s} as a Python string literal (single quotes), which Ultralytics' literal_eval turns back into {@code s}. */
    static String python(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** {@code s} as a YAML double-quoted scalar (U+2028 escaped: YAML 1.1 reads it as a line break). */
    static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u2028", "\\L") + "\"";
    }

    static final String SCALE = "n */ " + PAYLOAD + " /* \\u002a/ \" ";

    static String hostileYaml() {
        return String.join(
                "\n",
                "# */ " + PAYLOAD + " /* \\u002a/",
                "nc: 2",
                yaml("*/ " + PAYLOAD + " /*") + ": 1  # an unknown key: a warning, nothing more",
                "scales:",
                "  " + yaml(SCALE) + ": [1.0, 0.25, 1024]",
                "backbone:",
                "  - [-1, 1, Conv, [32, 3, 2]]  # */ " + PAYLOAD,
                "  - [-1, 1, Tag, [" + yaml(python(LABEL)) + "]]",
                "head:",
                "  - [-1, 1, Conv, [16, 3, 2]]",
                "");
    }

    @Tag("engine")
    @Test
    void aHostileYamlGeneratesAClassThatCompilesAndRunsNothingInjected() throws Exception {
        String fileName = "yolov8 *\\u002a\" " + PAYLOAD + " <b>@x\n.yaml";
        Path file = Files.writeString(tmp.resolve(fileName), hostileYaml(), StandardCharsets.UTF_8);
        List<ModuleSpec> specs = new ArrayList<>(Builtins.all());
        specs.add(new TagSpec());
        CompileOptions options =
                CompileOptions.defaults(fileName).withScale(SCALE).withImgsz(64).withRegistry(ModuleRegistry.of(specs));
        Compilation c = Compiler.compile(file, options);
        assertThat(c.errors())
                .as(() -> new DiagnosticPrinter(c.source()).render(c.diagnostics()))
                .isEmpty();
        assertThat(c.warnings()).extracting(d -> d.code()).contains(DiagCode.W0101);
        ModelIr model = c.model().orElseThrow();

        String className = JavaBackend.className(fileName, model);
        assertThat(className).matches("[A-Za-z0-9]+Model");
        String source = JavaBackend.generate(model, "hostile", className).toString();

        // the syntax tree calls only what an honest class calls; 'inject' and 'exit' appear only inside text
        assertThat(calledNames(source))
                .doesNotContain("inject", "TagFactory.inject")
                .contains("upsample", "conv", "builder", "build", "setBatchNormEpsilon", "load");
        // one Javadoc per documented member, each closed once; no unicode escape survives outside string literals
        String code = withoutStringLiterals(source);
        assertThat(code.split("\\*/", -1).length - 1).isEqualTo(code.split("/\\*\\*", -1).length - 1);
        assertThat(code).doesNotContain("\\u");

        Class<?> type = InMemoryJavac.compile("hostile." + className, source);
        InvocationTargetException e =
                catchThrowableOfType(() -> type.getMethod("block").invoke(null), InvocationTargetException.class);
        assertThat(e.getCause())
                .as("the label reaches the runtime's factory unchanged")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown upsampling mode '" + LABEL + "'");
        assertThat(TagFactory.injected).isZero();
    }

    @Test
    void aHostileModuleNameNeverReachesTheGenerator() {
        String yaml = "nc: 2\nbackbone:\n  - [-1, 1, Conv, [32, 3, 2]]\n  - [-1, 1, \"Conv */ " + PAYLOAD
                + " /*\", [16]]\nhead: []\n";
        Compilation c = Compiler.compile(
                new dev.yamlnet.compiler.source.SourceFile("m.yaml", yaml), CompileOptions.defaults("m.yaml"));
        assertThat(c.errors()).extracting(d -> d.code()).contains(DiagCode.E0201);
        assertThat(c.model()).as("no model, so nothing to generate").isEmpty();
    }

    /** Names of every method called in {@code source}, as javac parses it (text in comments and strings does not count). */
    static Set<String> calledNames(String source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask)
                javac.getTask(null, null, null, List.of(), null, List.of(InMemoryJavac.source("hostile.X", source)));
        Set<String> names = new TreeSet<>();
        for (CompilationUnitTree unit : task.parse()) {
            unit.accept(
                    new TreeScanner<Void, Void>() {
                        @Override
                        public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                            if (node.getMethodSelect() instanceof MemberSelectTree m) {
                                names.add(m.getIdentifier().toString());
                                names.add(m.getExpression() + "." + m.getIdentifier());
                            } else if (node.getMethodSelect() instanceof IdentifierTree id) {
                                names.add(id.getName().toString());
                            }
                            return super.visitMethodInvocation(node, unused);
                        }
                    },
                    null);
        }
        return names;
    }

    /** The source with the contents of every string literal removed (JavaPoet writes them on one line). */
    static String withoutStringLiterals(String source) {
        StringBuilder sb = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < source.length(); i++) {
            char ch = source.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                    sb.append(ch);
                }
            } else {
                sb.append(ch);
                inString = ch == '"';
            }
        }
        return sb.toString();
    }
}
