package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.DocBlocks;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```console} block of README.md and docs/*.md is a transcript a reader can replay: each
 * {@code $ ./yamlnet ...} line is run through the real command line (in this JVM) and what it prints,
 * stdout and stderr together as a terminal shows them, must be the lines below it.
 *
 * <p>How a transcript is replayed, in one scratch directory per block where the repository's
 * directories are visible under their own names:
 *
 * <ul>
 *   <li>{@code $ NAME=value} sets a variable that later commands use as {@code $NAME};
 *   <li>{@code $ echo $?} must print the exit code of the command before it; without it, a command
 *       must exit 0;
 *   <li>{@code | jq -c 'FILTER'} after a command is applied here, for filters made of paths such as
 *       {@code .totals, .layers[0]};
 *   <li>a model file a command names that is not in the repository is the last {@code ```yaml} block
 *       above it in the same document (the README writes {@code broken.yaml} that way);
 *   <li>commands that need Python ({@code python3 ...}) are not run: the project never needs Python.
 * </ul>
 *
 * What is compared after normalising both sides: the scratch directory is left out of paths, the
 * numbers of {@code timing} and {@code median} lines become {@code N}, and the progress lines that
 * appear only when a step takes more than a second ({@code starting the PyTorch engine...}) are dropped.
 * A block whose output cannot be reproduced says why with {@code <!-- not-checked: REASON -->} on the
 * line before its fence.
 */
class DocConsoleExamplesTest {
    private static final Pattern JQ = Pattern.compile("^(.*?)\\s*\\|\\s*jq -c '([^']*)'$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(\\S*)$");
    private static final Pattern PATH_LIKE =
            Pattern.compile(".*/.*|.*\\.(yaml|yml|npy|npz|safetensors|svg|dot|mmd|json|java)");
    private static final Pattern PROGRESS = Pattern.compile(
            "(?m)^(starting the PyTorch engine.*\\.\\.\\.|engine started in [0-9.]+ s|loading weights from .*\\.\\.\\.|weights loaded in [0-9.]+ s)\\n");

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyConsoleTranscriptReplays() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            List<DocBlocks.Block> blocks = DocBlocks.read(doc, root());
            for (int i = 0; i < blocks.size(); i++) {
                DocBlocks.Block b = blocks.get(i);
                if (!b.language().equals("console")
                        || b.marker().filter(m -> m.startsWith("not-checked:")).isPresent()) {
                    continue;
                }
                List<DocBlocks.Block> above = blocks.subList(0, i);
                tests.add(DynamicTest.dynamicTest(b.where(), () -> replay(b, above)));
            }
        }
        return tests.stream();
    }

    @Test
    void theDocsHoldTheTranscriptsThisTestIsAbout() throws IOException {
        List<String> commands = new ArrayList<>();
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            for (DocBlocks.Block b : DocBlocks.read(doc, root())) {
                if (b.language().equals("console")) {
                    transcript(b).forEach(step -> commands.add(step.command()));
                }
            }
        }
        // the README's tour: a summary, a failing validate with its exit code, JSON through jq, a run, a generate
        assertThat(commands)
                .anyMatch(c -> c.startsWith("./yamlnet summary "))
                .anyMatch(c -> c.startsWith("./yamlnet validate "))
                .contains("echo $?")
                .anyMatch(c -> c.contains("| jq -c "))
                .anyMatch(c -> c.startsWith("./yamlnet run "))
                .anyMatch(c -> c.startsWith("./yamlnet generate "));
    }

    @Test
    void normalisingKeepsWhatMatters() {
        // the rules above must not make different outputs equal
        assertThat(
                        normalise(
                                "timing  20 forward passes after 1 warm-up, 1 thread: min 23.52 ms, max 65.28 ms\nmedian 32.75 ms\n"))
                .isEqualTo("timing  20 forward passes after 1 warm-up, 1 thread: min N ms, max N ms\nmedian N ms\n");
        assertThat(normalise("timing  20 forward passes")).isNotEqualTo(normalise("timing  21 forward passes"));
        assertThat(normalise("starting the PyTorch engine...\nmodel   yolov8t\n"))
                .isEqualTo("model   yolov8t\n");
        assertThat(normalise("output  (1, 14, 336)\n")).isNotEqualTo(normalise("output  (1, 14, 337)\n"));
    }

    /** One {@code $ command} with the lines shown under it. */
    record Step(String command, String shown) {}

    private void replay(DocBlocks.Block block, List<DocBlocks.Block> above) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "transcript");
        List<Path> links = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root())) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && !name.startsWith(".") && !name.equals("target")) {
                    links.add(Files.createSymbolicLink(dir.resolve(name), p));
                }
            }
        }
        try {
            replay(block, above, dir);
        } finally {
            for (Path link : links) {
                Files.delete(link); // the link only: JUnit would warn about links out of its directory
            }
        }
    }

    private void replay(DocBlocks.Block block, List<DocBlocks.Block> above, Path dir) throws IOException {
        Map<String, String> vars = new HashMap<>();
        List<Step> steps = transcript(block);
        Integer lastExit = null;
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            String where = block.where() + ": $ " + step.command();
            Matcher assignment = ASSIGNMENT.matcher(step.command());
            if (assignment.matches()) {
                vars.put(assignment.group(1), assignment.group(2));
                assertThat(step.shown()).as(where).isEmpty();
                continue;
            }
            if (step.command().equals("echo $?")) {
                assertThat(lastExit).as(where + " follows a yamlnet command").isNotNull();
                assertThat(step.shown()).as(where).isEqualTo(lastExit + "\n");
                continue;
            }
            if (step.command().startsWith("python3 ")) {
                continue;
            }
            assertThat(step.command())
                    .as(where + ": the test runs ./yamlnet, echo $? and NAME=value only")
                    .startsWith("./yamlnet ");
            Matcher jq = JQ.matcher(step.command());
            String command = jq.matches() ? jq.group(1) : step.command();
            assertThat(command)
                    .as(where + ": shell syntax this test does not replay")
                    .doesNotContain("|", ">", ";", "&", "`");
            List<String> args = new ArrayList<>();
            for (String word : words(command.substring("./yamlnet ".length()), vars)) {
                args.add(argument(word, dir, above));
            }
            // stdout and stderr into one buffer in the order they are written, as a terminal shows them;
            // with a pipe to jq, stdout goes to jq and stderr comes first
            StringWriter both = new StringWriter();
            StringWriter out = jq.matches() ? new StringWriter() : both;
            picocli.CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(both, true));
            int code = cli.execute(args.toArray(new String[0]));
            boolean exitShown =
                    s + 1 < steps.size() && steps.get(s + 1).command().equals("echo $?");
            if (jq.matches()) {
                assertThat(code)
                        .as(where + " exits 0 before jq reads it\n" + both)
                        .isZero();
                both.write(jq(jq.group(2), out.toString()));
            }
            String printed = both.toString().replace(dir + "/", "").replace(root() + "/", "");
            assertThat(normalise(printed)).as(where).isEqualTo(normalise(step.shown()));
            if (!exitShown) {
                assertThat(code)
                        .as(where + " exits 0 (a transcript shows other codes with echo $?)")
                        .isZero();
            }
            lastExit = code;
        }
    }

    /** The steps of a transcript: {@code $ } lines (a trailing backslash continues one) and the lines under each. */
    static List<Step> transcript(DocBlocks.Block block) {
        List<Step> steps = new ArrayList<>();
        String[] lines = block.text().split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (!line.startsWith("$ ")) {
                if (!line.isEmpty() || i < lines.length - 1) {
                    throw new IllegalStateException(block.where() + ": output before any command: " + line);
                }
                i++;
                continue;
            }
            StringBuilder command = new StringBuilder(line.substring(2));
            while (command.toString().endsWith("\\") && i + 1 < lines.length) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines[++i].trim());
            }
            StringBuilder shown = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].startsWith("$ ")) {
                if (i < lines.length - 1) {
                    shown.append(lines[i]).append('\n');
                }
                i++;
            }
            steps.add(new Step(command.toString().trim().replaceAll("\\s+", " "), shown.toString()));
        }
        return steps;
    }

    /** Splits a command into words as a shell does for plain words, quotes and {@code $NAME}. */
    static List<String> words(String command, Map<String, String> vars) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == 0 && c == ' ') {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (c == '$' && quote != '\'') {
                Matcher m = Pattern.compile("^\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?").matcher(command.substring(i + 1));
                if (!m.find() || !vars.containsKey(m.group(1))) {
                    throw new IllegalStateException("unknown variable in: " + command);
                }
                word.append(vars.get(m.group(1)));
                i += m.end();
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }

    /** A word as the command receives it: a relative path is a path in the scratch directory. */
    private static String argument(String word, Path dir, List<DocBlocks.Block> above) throws IOException {
        if (word.startsWith("-")
                || !PATH_LIKE.matcher(word).matches()
                || Path.of(word).isAbsolute()) {
            return word;
        }
        Path path = dir.resolve(word);
        // only a bare file name, so that nothing is ever written through a link into the repository
        if (word.endsWith(".yaml") && !word.contains("/") && !Files.exists(path)) {
            Optional<DocBlocks.Block> model =
                    above.stream().filter(b -> b.language().equals("yaml")).reduce((a, b) -> b);
            assertThat(model)
                    .as(word + " is neither in the repository nor a ```yaml block above")
                    .isPresent();
            Files.writeString(path, model.get().text(), StandardCharsets.UTF_8);
        }
        return path.toString();
    }

    static String normalise(String text) {
        String s = text.replace("\r\n", "\n");
        s = PROGRESS.matcher(s).replaceAll("");
        s = s.replaceAll("min [0-9.]+ ms, max [0-9.]+ ms", "min N ms, max N ms");
        s = s.replaceAll("(?m)^median [0-9.]+ ms$", "median N ms");
        return s;
    }

    /** {@code jq -c} for a comma-separated list of paths ({@code .a.b}, {@code .a[0]}): one compact JSON value per line. */
    static String jq(String filter, String json) {
        JsonElement document = JsonParser.parseString(json);
        List<String> lines = new ArrayList<>();
        for (String path : filter.split(",")) {
            JsonElement e = document;
            Matcher m =
                    Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]").matcher(path.trim());
            int end = 0;
            while (m.find()) {
                if (m.start() != end) {
                    throw new IllegalStateException("jq filter this test does not evaluate: " + filter);
                }
                e = m.group(1) != null
                        ? e.getAsJsonObject().get(m.group(1))
                        : e.getAsJsonArray().get(Integer.parseInt(m.group(2)));
                end = m.end();
            }
            if (end != path.trim().length()) {
                throw new IllegalStateException("jq filter this test does not evaluate: " + filter);
            }
            lines.add(e == null ? "null" : e.toString());
        }
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    private static Path root() {
        return TestPaths.docs().toAbsolutePath().getParent();
    }
}
