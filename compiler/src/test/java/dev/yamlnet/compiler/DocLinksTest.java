package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What README.md and docs/*.md point at exists in the repository: every relative link (and its
 * {@code #anchor}, a heading of the target page), and every file named in backticks by its path from
 * the repository root ({@code `examples/yaml/yolov8-bot3.yaml`}; a scaled model name such as
 * {@code yolov8n-bot3.yaml} counts when its scale-less file exists, as the compiler finds it). And no
 * source file, doc or comment points at the project's design notes, which are not in the repository.
 */
class DocLinksTest {
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    /** A path from the repository root to a file (it has an extension); build outputs and patterns excluded. */
    private static final Pattern REPO_FILE = Pattern.compile(
            "(?:examples|compiler|cli|runtime|docs|benchmarks|scripts|maven-plugin|\\.ci)/[^*<>{}$]*\\.[A-Za-z0-9]+");
    /** Names of the design notes that live outside the repository (users cannot open them). */
    private static final Pattern OUTSIDE =
            Pattern.compile("DESIGN\\.md|\\bspec/|\\berrata\\b|speed-notes|reference-bot3/|fixtures-zoo");

    private static Path root() {
        return TestPaths.docs().toAbsolutePath().getParent();
    }

    private static String prose(Path doc) throws IOException {
        return FENCE.matcher(Files.readString(doc, StandardCharsets.UTF_8)).replaceAll("");
    }

    @Test
    void relativeLinksAndTheirAnchorsExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            Matcher m = LINK.matcher(prose(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(root().relativize(doc) + ": " + target + " (no such file)");
                } else if (hash >= 0
                        && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(root().relativize(doc) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(links).as("links found").isGreaterThan(30);
        assertThat(broken).isEmpty();
    }

    @Test
    void filesNamedByTheirPathExist() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            Matcher m = CODE.matcher(prose(doc));
            while (m.find()) {
                String token = m.group(1).replaceAll("[.,:;)]+$", "");
                if (!REPO_FILE.matcher(token).matches() || token.contains("/target/") || token.contains("...")) {
                    continue;
                }
                Path path = root().resolve(token);
                boolean exists = Files.exists(path)
                        || (token.endsWith(".yaml") && ModelFile.locate(path).isPresent());
                if (!exists) {
                    missing.add(root().relativize(doc) + ": " + token);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void nothingPointsAtDesignNotesOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files = new ArrayList<>(DocBlocks.documents(TestPaths.docs()));
        for (String dir : List.of(
                "runtime/src", "compiler/src", "cli/src", "maven-plugin/src", "benchmarks", "scripts", "examples")) {
            Path d = root().resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> p.toString().matches(".*\\.(java|yaml|md|py|sh|txt)$"))
                            .filter(p -> !p.toString().contains("/target/"))
                            .forEach(files::add);
                }
            }
        }
        files.add(root().resolve("yamlnet"));
        Path self = root().resolve("compiler/src/test/java/dev/yamlnet/compiler/DocLinksTest.java");
        for (Path f : files) {
            if (f.equals(self)) {
                continue;
            }
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            Matcher m = OUTSIDE.matcher(text);
            if (m.find()) {
                int line = (int) text.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                found.add(root().relativize(f) + ":" + line + ": " + m.group());
            }
        }
        assertThat(files.size()).as("files scanned").isGreaterThan(200);
        assertThat(found).isEmpty();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path md) throws IOException {
        Set<String> out = new HashSet<>();
        Matcher m = HEADING.matcher(prose(md));
        while (m.find()) {
            out.add(m.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                    .replace(' ', '-'));
        }
        return out;
    }
}
