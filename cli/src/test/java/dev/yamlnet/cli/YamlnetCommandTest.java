package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class YamlnetCommandTest {

    @Test
    void noSubcommandPrintsUsageToStderrAndExitsWithUsageCode() {
        Cli.Result r = Cli.run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("Usage: yamlnet")
                .contains("validate")
                .contains("summary")
                .contains("modules");
    }

    @Test
    void helpListsCommandsAndEveryExitCode() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out())
                .contains("Exit codes:")
                .containsPattern("(?m)^  0 +success$")
                .containsPattern("(?m)^  1 +the model has errors")
                .containsPattern("(?m)^  2 +usage error")
                .containsPattern("(?m)^  3 +I/O or environment problem")
                .containsPattern("(?m)^  4 +internal error");
    }

    @Test
    void versionNamesYamlnetAndTheUltralyticsRelease() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out())
                .startsWith("yamlnet ")
                .contains("Ultralytics 8.4.117")
                .doesNotContain("unknown");
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithASuggestion() {
        Cli.Result r = Cli.run("summry", "x.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("summry").contains("summary").contains("--help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpSubcommandShowsTheSubcommandsOptions() {
        Cli.Result r = Cli.run("help", "validate");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out())
                .contains("--diagnostics")
                .contains("--Werror")
                .contains("--max-errors")
                .contains("--imgsz");
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("simulated bug");
        }
    }

    @Test
    void anExceptionInACommandIsAnInternalErrorWithoutStackTrace() {
        CommandLine cli = Main.commandLine().addSubcommand(new Boom());
        Cli.Result r = Cli.run(cli, "boom");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err())
                .contains("internal error: IllegalStateException: simulated bug (please report)")
                .doesNotContain("\tat ");
    }

    @Command(name = "deep")
    static final class Deep implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError();
        }
    }

    /** An Error is no Exception: picocli let it through to the JVM, which printed its stack and exited with 1. */
    @Test
    void aStackOverflowInACommandIsAnInternalErrorToo() {
        CommandLine cli = Main.commandLine().addSubcommand(new Deep());
        Cli.Result r = Cli.run(cli, "deep");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err())
                .contains("internal error: ")
                .contains("StackOverflowError")
                .contains("(please report)")
                .doesNotContain("\tat ");
    }

    @Test
    void verboseShowsTheStackTraceOfAnInternalError() {
        CommandLine cli = Main.commandLine().addSubcommand(new Boom());
        Cli.Result r = Cli.run(cli, "--verbose", "boom");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("(please report)").contains("\tat ").contains("YamlnetCommandTest$Boom.call");
    }

    @Test
    void verboseIsAlsoAcceptedAfterTheCommandName() {
        CommandLine cli = Main.commandLine().addSubcommand(new Boom());
        Cli.Result r = Cli.run(cli, "boom", "--verbose");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("\tat ");
        assertThat(Cli.run("summary", "--verbose", "--help").exitCode()).isEqualTo(0);
    }
}
