package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.DocBlocks;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The examples of every command's {@code --help}, and the {@code ./yamlnet} lines of the docs'
 * shell blocks, work when typed at the repository root: each one parses, every file it reads exists
 * there (a scaled model name through the scale-less lookup, as the compiler finds it), and no help
 * line is so long that the help wraps it.
 */
class HelpExamplesTest {
    /** Options whose value is a file the command writes. */
    private static final Set<String> OUTPUTS = Set.of("--output", "-o", "--out");

    @Test
    void everyHelpExampleNamesFilesThatExistAndParses() {
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (CommandLine command : commands(Main.commandLine())) {
            String name = command.getCommandSpec().qualifiedName();
            Map<String, String> vars = new HashMap<>();
            for (String example : examples(command, problems)) {
                if (!assignment(example, vars)) {
                    examples++;
                    check(name + ": '" + example + "'", example.substring("yamlnet ".length()), vars, problems);
                }
            }
        }
        assertThat(examples).as("examples found").isGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    /** The same for the {@code ./yamlnet} lines of the docs' shell blocks (the console transcripts are replayed elsewhere). */
    @Test
    void everyShellExampleInTheDocsNamesFilesThatExistAndParses() throws IOException {
        List<String> problems = new ArrayList<>();
        int examples = 0;
        for (Path doc : DocBlocks.documents(TestPaths.docs())) {
            for (DocBlocks.Block b : DocBlocks.read(doc, root())) {
                if ((!b.language().equals("sh") && !b.language().isEmpty())
                        || b.marker().filter(m -> m.startsWith("not-checked:")).isPresent()) {
                    continue; // a synopsis with the user's own files says so with <!-- not-checked: ... -->
                }
                Map<String, String> vars = new HashMap<>();
                for (String line : b.text().replace("\\\n", " ").split("\n")) {
                    String command = line.replaceAll("\\s+#.*$", "").trim().replaceAll("\\s+", " ");
                    // a synopsis ('./yamlnet graph MODEL.yaml [--scale S] ...') is not an example
                    if (assignment(command, vars) || !command.startsWith("./yamlnet ") || command.contains(" [")) {
                        continue;
                    }
                    examples++;
                    check(b.where() + ": '" + command + "'", command.substring("./yamlnet ".length()), vars, problems);
                }
            }
        }
        assertThat(examples).as("./yamlnet lines in shell blocks").isGreaterThanOrEqualTo(4);
        assertThat(problems).isEmpty();
    }

    private static Path root() {
        return TestPaths.docs().toAbsolutePath().getParent();
    }

    private static boolean assignment(String line, Map<String, String> vars) {
        if (!line.matches("[A-Za-z_][A-Za-z0-9_]*=\\S+")) {
            return false;
        }
        vars.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        return true;
    }

    /** {@code arguments} (after the command name) parse, and every file they read is in the repository. */
    private static void check(String where, String arguments, Map<String, String> vars, List<String> problems) {
        List<String> words = DocConsoleExamplesTest.words(arguments, vars);
        int redirect = words.indexOf(">");
        List<String> args = words.subList(0, redirect < 0 ? words.size() : redirect);
        try {
            Main.commandLine().parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            problems.add(where + " does not parse: " + e.getMessage());
        }
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            boolean written = i > 0 && OUTPUTS.contains(args.get(i - 1));
            if (written
                    || word.startsWith("-")
                    || !(word.contains("/") || word.matches(".*\\.(yaml|npy|npz|safetensors)"))) {
                continue;
            }
            Path file = root().resolve(word);
            if (!Files.exists(file)
                    && !(word.endsWith(".yaml") && ModelFile.locate(file).isPresent())) {
                problems.add(where + " reads " + word + ", which is not in the repository");
            }
        }
    }

    private static List<CommandLine> commands(CommandLine top) {
        List<CommandLine> out = new ArrayList<>(List.of(top));
        out.addAll(top.getSubcommands().values());
        return out;
    }

    /** The command lines under "Examples:", continuation lines joined; a line too long for the help's width is a problem. */
    private static List<String> examples(CommandLine command, List<String> problems) {
        String[] footer = command.getCommandSpec().usageMessage().footer();
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : footer) {
            if (line.length() > command.getCommandSpec().usageMessage().width() - 1) {
                problems.add(command.getCommandSpec().qualifiedName() + ": help line wraps: " + line);
            }
            if (!line.startsWith("  ")) {
                continue; // prose
            }
            String text = line.trim();
            if (current == null) {
                current = new StringBuilder();
            } else {
                current.append(' ');
            }
            boolean continues = text.endsWith("\\");
            current.append(continues ? text.substring(0, text.length() - 1).trim() : text);
            if (!continues) {
                out.add(current.toString());
                current = null;
            }
        }
        return out;
    }
}
