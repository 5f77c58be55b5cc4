package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Help text wraps at spaces only: a value such as com.example.models or --scale-changed stays on one line. */
class HelpFormatTest {
    static List<String> texts(List<String> lines, int first, int rest) {
        List<String> out = new ArrayList<>();
        String text = String.join(" ", lines);
        for (int[] l : HelpFormat.lines(text, first, rest)) {
            out.add(text.substring(l[0], l[1]));
        }
        return out;
    }

    @Test
    void linesBreakAtSpacesOnly() {
        assertThat(texts(
                        List.of(
                                "Java package of the generated classes, e.g. com.example.models (lowercase ASCII segments)."),
                        52,
                        50))
                .containsExactly(
                        "Java package of the generated classes, e.g.",
                        "com.example.models (lowercase ASCII segments).");
        assertThat(texts(List.of("see docs/modules.md and --scale-changed"), 20, 20))
                .containsExactly("see docs/modules.md", "and --scale-changed");
        // a word longer than a whole line is the only thing ever cut
        assertThat(texts(List.of("ab abcdefghij"), 5, 5)).containsExactly("ab", "abcde", "fghij");
        assertThat(texts(List.of("fits"), 10, 10)).containsExactly("fits");
    }

    @Test
    void aNoBreakSpaceKeepsTwoWordsTogetherAndPrintsAsASpace() {
        Cli.Result r = Cli.run("compare", "--help");
        assertThat(r.out()).contains("--scale n").contains("--scale-changed s").doesNotContain("\u00a0");
    }

    /**
     * Every command's help as printed: each description, option text, exit code and footer line it
     * is made of is found in it with its words intact (lines may end only where the text has a
     * space), and no line is wider than 80 columns.
     */
    @Test
    void everyHelpTextIsPrintedWithItsWordsIntactAndNoLineIsWiderThan80() {
        CommandLine root = Main.commandLine();
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        List<String> broken = new ArrayList<>();
        for (CommandLine cmd : commands) {
            String name = cmd.getCommandSpec().qualifiedName();
            Cli.Result r = cmd == root ? Cli.run("--help") : Cli.run(cmd.getCommandName(), "--help");
            for (String line : r.out().split("\n")) {
                if (line.length() > 80) {
                    broken.add(name + ": line of " + line.length() + " characters: " + line);
                }
            }
            // a line break and the next line's indentation become one marker that may stand where a space stood
            String printed = r.out().replaceAll("\n +", "\u0001").replace('\n', '\u0001');
            for (String text : texts(cmd.getCommandSpec())) {
                List<String> words = new ArrayList<>();
                for (String w : text.replace("%n", " ").trim().split(" +")) {
                    words.add(Pattern.quote(w.replace('\u00a0', ' ')));
                }
                if (!Pattern.compile(String.join("[ \u0001]+", words))
                        .matcher(printed)
                        .find()) {
                    broken.add(name + ": not printed with its words intact: " + text);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    private static List<String> texts(CommandSpec spec) {
        List<String> out = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
        out.addAll(Arrays.asList(spec.usageMessage().footer()));
        out.addAll(spec.usageMessage().exitCodeList().values());
        for (ArgSpec a : spec.args()) {
            if (a.hidden()) {
                continue;
            }
            for (String d : a.description()) {
                List<String> candidates = new ArrayList<>();
                if (a.completionCandidates() != null) {
                    a.completionCandidates().forEach(candidates::add);
                }
                out.add(d.replace("${DEFAULT-VALUE}", String.valueOf(a.defaultValue()))
                        .replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates)));
            }
        }
        out.removeIf(String::isBlank);
        return out;
    }
}
