package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yamlnet.compiler.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a YOLO user brings to the command line: one spelling of the output option everywhere,
 * {@code info} for the summary, shell completion.
 */
class CliHabitsTest {
    @TempDir
    Path tmp;

    static String example(String name) {
        return TestPaths.examples().resolve(name).toString();
    }

    @Test
    void everyCommandSpellsItsOutputOptionDashOAndDashDashOutput() {
        List<String> without = new ArrayList<>();
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            String name = sub.getCommandName();
            if (name.equals("help")) {
                continue; // prints usage only
            }
            OptionSpec shortName = sub.getCommandSpec().findOption("-o");
            OptionSpec longName = sub.getCommandSpec().findOption("--output");
            if (shortName == null || shortName != longName) {
                without.add(name);
            }
        }
        assertThat(without).isEmpty();
    }

    @Test
    void summaryValidateSchemaAndModulesWriteTheirResultToTheOutputFile() throws Exception {
        Path summary = tmp.resolve("summary.txt");
        Cli.Result r = Cli.run("summary", example("yolov8n.yaml"), "-o", summary.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(summary))
                .isEqualTo(Cli.run("summary", example("yolov8n.yaml")).out());

        Path verdict = tmp.resolve("verdict.txt");
        Cli.Result v = Cli.run("validate", example("yolov8n.yaml"), "--output", verdict.toString());
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).isEmpty();
        assertThat(Files.readString(verdict))
                .startsWith("OK " + example("yolov8.yaml") + ": yolov8n, 3,157,200 parameters");

        Path json = tmp.resolve("diagnostics.json");
        Cli.Result j = Cli.run("validate", example("yolov8n.yaml"), "--diagnostics", "json", "-o", json.toString());
        assertThat(j.exitCode()).isZero();
        assertThat(Files.readString(json)).contains("\"errors\": 0");
        assertThat(j.err()).startsWith("OK "); // the verdict stays on stderr in JSON mode

        Path schema = tmp.resolve("schema.json");
        assertThat(Cli.run("schema", "-o", schema.toString()).exitCode()).isZero();
        assertThat(Files.readString(schema)).isEqualTo(Cli.run("schema").out());

        Path modules = tmp.resolve("modules.md");
        assertThat(Cli.run("modules", "--markdown", "-o", modules.toString()).exitCode())
                .isZero();
        assertThat(Files.readString(modules))
                .isEqualTo(Cli.run("modules", "--markdown").out());
    }

    @Test
    void anOutputFileThatCannotBeWrittenIsAnIoProblem() {
        Cli.Result r = Cli.run(
                "summary",
                example("yolov8n.yaml"),
                "-o",
                tmp.resolve("no/dir/s.txt").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).isEqualTo("yamlnet: cannot write " + tmp.resolve("no/dir/s.txt") + ": no such directory\n");
        Cli.Result dir = Cli.run("schema", "-o", tmp.toString());
        assertThat(dir.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(dir.err()).startsWith("yamlnet: cannot write " + tmp + ": ");
    }

    @Test
    void generateTakesDashDashOutputAndStillTheEarlierDashDashOut() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(Cli.run("generate", example("yolov8n.yaml"), "--package", "m", "--output", a.toString())
                        .exitCode())
                .isZero();
        assertThat(Cli.run("generate", example("yolov8n.yaml"), "--package", "m", "--out", b.toString())
                        .exitCode())
                .isZero();
        assertThat(Files.readString(a.resolve("m/Yolov8nModel.java")))
                .isEqualTo(Files.readString(b.resolve("m/Yolov8nModel.java")));
        Cli.Result missing = Cli.run("generate", example("yolov8n.yaml"), "--package", "m");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err())
                .contains("Missing required argument")
                .contains("-o=DIR")
                .doesNotContain("--out=");
    }

    @Test
    void infoIsTheSummaryUnderUltralyticsName() {
        Cli.Result info = Cli.run("info", example("yolov8n.yaml"));
        assertThat(info.exitCode()).isZero();
        assertThat(info.out())
                .isEqualTo(Cli.run("summary", example("yolov8n.yaml")).out())
                .contains("YOLOv8n summary: 130 layers, 3,157,200 parameters");
        assertThat(Cli.run("info", example("yolov8n.yaml"), "--json").out())
                .isEqualTo(Cli.run("summary", example("yolov8n.yaml"), "--json").out());
        assertThat(Cli.run("--help").out()).containsPattern("(?m)^  summary, info ");
    }

    @Test
    void completionScriptCompletesCommandsAndOptionsInBash() throws Exception {
        Cli.Result r = Cli.run("generate-completion");
        assertThat(r.exitCode()).isZero();
        Path script = tmp.resolve("yamlnet_completion");
        Files.writeString(script, r.out());
        // ask bash itself what it completes after "yamlnet comp" and "yamlnet compare --color "
        String probe = "source " + script + " 2>/dev/null\n"
                + "COMP_WORDS=(yamlnet comp); COMP_CWORD=1; _complete_yamlnet 2>/dev/null; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(yamlnet compare --scale-c); COMP_CWORD=2; _complete_yamlnet 2>/dev/null; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(yamlnet compare --color ''); COMP_CWORD=3; _complete_yamlnet 2>/dev/null; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(yamlnet i); COMP_CWORD=1; _complete_yamlnet 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", probe)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.split("\n")).containsExactly("compare", "--scale-changed", "auto always never", "info");
    }

    @Test
    void theBuildWritesTheSameCompletionScript() throws Exception {
        // cli/target/yamlnet_completion, from the exec-maven-plugin execution in cli/pom.xml (process-classes)
        Path built = Path.of("target/yamlnet_completion");
        assertThat(built).exists();
        // picocli lists a command's setter-method options in reflection order, which varies between runs
        List<String> a = new ArrayList<>(Arrays.asList(Files.readString(built).split("\n")));
        List<String> b = new ArrayList<>(
                Arrays.asList(Cli.run("generate-completion").out().split("\n")));
        a.replaceAll(CliHabitsTest::sortedWords);
        b.replaceAll(CliHabitsTest::sortedWords);
        a.sort(null);
        b.sort(null);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void ultralyticsKeyValueArgumentsAreReadAsYamlnetOptions() {
        String m = example("yolov8n.yaml");
        assertThat(Cli.run("summary", "model=" + m, "imgsz=320").out())
                .isEqualTo(Cli.run("summary", m, "--imgsz", "320").out())
                .contains("input: 3x320x320");
        assertThat(Cli.run("info", "model=" + m, "json=True").out())
                .isEqualTo(Cli.run("summary", m, "--json").out());
        assertThat(Cli.run("summary", m, "json=False").out())
                .isEqualTo(Cli.run("summary", m).out());
        assertThat(Cli.run("graph", m, "format=dot").out()).startsWith("digraph yamlnet {");
        assertThat(Cli.run("compare", "model=" + m, example("yolov8n-bot3.yaml"), "imgsz=320")
                        .out())
                .isEqualTo(Cli.run("compare", m, example("yolov8n-bot3.yaml"), "--imgsz", "320")
                        .out());
        assertThat(UltralyticsArgs.translate(
                        Main.commandLine(),
                        new String[] {"run", "model=m.yaml", "source=x.npy", "imgsz=320", "seed=7", "verbose=True"}))
                .containsExactly("run", "m.yaml", "--input", "x.npy", "--imgsz", "320", "--seed", "7", "--verbose");
        assertThat(UltralyticsArgs.translate(
                        Main.commandLine(), new String[] {"predict", "model=best.pt", "source=bus.jpg", "conf=0.5"}))
                .containsExactly("predict", "best.pt", "--source", "bus.jpg", "--conf", "0.5");
    }

    @Test
    void keyValueWordsThatAreNotSettingsAreLeftAlone() {
        // the value of an option, anything after --, and words that are not key=value
        assertThat(UltralyticsArgs.translate(
                        Main.commandLine(), new String[] {"summary", "m.yaml", "-o", "imgsz=3.txt"}))
                .containsExactly("summary", "m.yaml", "-o", "imgsz=3.txt");
        assertThat(UltralyticsArgs.translate(Main.commandLine(), new String[] {"generate", "--", "imgsz=320"}))
                .containsExactly("generate", "--", "imgsz=320");
        assertThat(UltralyticsArgs.translate(Main.commandLine(), new String[] {"summary", "my=model.yaml"}))
                .containsExactly("summary", "my=model.yaml");
    }

    @Test
    void settingsWithoutAnOptionOnTheCommandAreAnsweredWithYamlnetsSpelling() {
        String m = example("yolov8n.yaml");
        Cli.Result conf = Cli.run("summary", m, "conf=0.25");
        assertThat(conf.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(conf.out()).isEmpty();
        assertThat(conf.err())
                .isEqualTo("yamlnet: 'conf=0.25' is an Ultralytics setting that 'yamlnet summary' has no option for; "
                        + "it is 'yamlnet predict --conf 0.25'\n"
                        + "Try 'yamlnet summary --help' for more information.\n");
        Cli.Result source = Cli.run("summary", m, "source=x.npy");
        assertThat(source.err())
                .startsWith("yamlnet: 'source=x.npy' is an Ultralytics setting that 'yamlnet summary' has no "
                        + "option for; it is 'yamlnet run --input x.npy'\n");
        Cli.Result weights = Cli.run("validate", m, "weights=w.safetensors");
        assertThat(weights.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(weights.err())
                .startsWith("yamlnet: 'weights=w.safetensors' is a setting that 'yamlnet validate' has no option "
                        + "for; it is 'yamlnet run --weights w.safetensors'\n");
        Cli.Result flag = Cli.run("summary", m, "json=maybe");
        assertThat(flag.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err()).contains("'json=maybe': --json is a flag; write --json (or json=True), or leave it out");
    }

    private static String sortedWords(String line) {
        String[] w = line.trim().split("[\\s\"]+");
        Arrays.sort(w);
        return String.join(" ", w);
    }
}
