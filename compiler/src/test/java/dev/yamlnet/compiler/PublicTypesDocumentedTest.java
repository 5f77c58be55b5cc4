package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the API (the compiler, core and the runtime), top-level or nested, has a
 * Javadoc comment. Javadoc's doclint checks what a comment says ({@code all,-missing} in the parent pom); this
 * test checks that there is one, for types only: requiring one on every public member is left for
 * later.
 *
 * <p>Scope: all of core and the runtime, and the compiler except {@code modules}, {@code backend}
 * and {@code resolve}, which are being rewritten and are added to the scope once they are.
 */
class PublicTypesDocumentedTest {
    private static final Path COMPILER = Path.of("src/main/java");
    private static final Path CORE = Path.of("../core/src/main/java");
    private static final Path RUNTIME = Path.of("../runtime/src/main/java");

    /** Compiler packages (with their sub-packages) not checked yet, relative to dev/yamlnet/compiler. */
    private static final Set<String> NOT_YET_CHECKED = Set.of("modules", "backend", "resolve");

    /**
     * Types known to lack a comment, as a path relative to the source root ({@code #Name} after it for
     * a nested type); empty, and to stay so.
     */
    private static final Set<String> ALLOWED = Set.of();

    /** A public type's declaration at the start of a line; group 1 is the indent, 2 the name. */
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^([ \\t]*)public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);

    @Test
    void everyPublicTypeHasAComment() {
        List<String> undocumented = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        Path compilerRoot = COMPILER.resolve("dev/yamlnet/compiler");
        for (Path root : List.of(COMPILER, CORE, RUNTIME)) {
            for (Path file : sources(root)) {
                if (root == COMPILER && notYetChecked(compilerRoot.relativize(file))) {
                    continue;
                }
                String name = root.relativize(file).toString().replace('\\', '/');
                String source = read(file);
                Matcher declaration = PUBLIC_TYPE.matcher(source);
                while (declaration.find()) {
                    String type = name + (declaration.group(1).isEmpty() ? "" : "#" + declaration.group(2));
                    checked.add(type);
                    if (!hasDocComment(source, declaration.start()) && !ALLOWED.contains(type)) {
                        undocumented.add(type + ": public type " + declaration.group(2) + " has no Javadoc comment");
                    }
                }
            }
        }
        // the scan must have found the API it is about (a wrong root would pass vacuously)
        assertThat(checked)
                .contains(
                        "dev/yamlnet/compiler/Compiler.java",
                        "dev/yamlnet/core/ShapeMath.java",
                        "dev/yamlnet/runtime/blocks/Layers.java",
                        "dev/yamlnet/compiler/graph/GraphLayout.java#Box")
                .noneMatch(name -> name.startsWith("dev/yamlnet/compiler/modules/"));
        assertThat(undocumented).isEmpty();
    }

    @Test
    void theCheckRecognisesAMissingComment() {
        String documented =
                "package p;\n\nimport java.util.List;\n\n/** A thing. */\n@Deprecated\npublic final class A {}\n";
        String plainComment = "package p;\n\n/* not Javadoc */\npublic record B(int x) {}\n";
        String none = "package p;\n\nimport java.util.List;\n\npublic sealed interface C permits D {}\n";
        String nested =
                "package p;\n\n/** Outer. */\npublic final class E {\n    int x;\n\n    public static final class F {}\n}\n";
        assertThat(hasDocComment(documented)).isTrue();
        assertThat(hasDocComment(plainComment)).isFalse();
        assertThat(hasDocComment(none)).isFalse();
        Matcher declarations = PUBLIC_TYPE.matcher(nested);
        assertThat(declarations.find()).isTrue();
        assertThat(hasDocComment(nested, declarations.start())).isTrue();
        assertThat(declarations.find()).isTrue();
        assertThat(declarations.group(2)).isEqualTo("F");
        assertThat(hasDocComment(nested, declarations.start())).isFalse();
    }

    private static boolean hasDocComment(String source) {
        Matcher declaration = PUBLIC_TYPE.matcher(source);
        assertThat(declaration.find()).isTrue();
        return hasDocComment(source, declaration.start());
    }

    /** Whether the text before the declaration, annotations skipped, ends with a non-empty doc comment. */
    private static boolean hasDocComment(String source, int declarationStart) {
        String before = source.substring(0, declarationStart).stripTrailing();
        List<String> lines = new ArrayList<>(List.of(before.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).strip().startsWith("@")) {
            lines.remove(lines.size() - 1);
        }
        String text = String.join("\n", lines).stripTrailing();
        if (!text.endsWith("*/")) {
            return false;
        }
        int open = text.lastIndexOf("/*");
        return open >= 0
                && text.startsWith("/**", open)
                && !text.substring(open + 3, text.length() - 2).replace("*", "").isBlank();
    }

    private static boolean notYetChecked(Path inCompilerPackage) {
        return inCompilerPackage.getNameCount() > 1
                && NOT_YET_CHECKED.contains(inCompilerPackage.getName(0).toString());
    }

    private static List<Path> sources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
