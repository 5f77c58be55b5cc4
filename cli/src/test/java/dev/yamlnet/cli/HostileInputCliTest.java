package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.yamlnet.compiler.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hostile input as a user meets it on the command line: each case ends with a diagnostic or a
 * one-line message and exit 1, 2 or 3, never "internal error" (exit 4) or a Java stack trace.
 */
class HostileInputCliTest {
    @TempDir
    Path tmp;

    private static final String ROWS = "backbone:\n  - [-1, 1, Conv, [16, 3, 2]]\nhead:\n  - [-1, 1, Classify, [nc]]\n";

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static void assertClean(Cli.Result r) {
        assertThat(r.err())
                .doesNotContain("internal error")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @Test
    void aTaggedWordIsAnErrorWhereItIsWritten() throws IOException {
        Path f = write("float.yaml", "nc: !!float eighty\n" + ROWS);
        Cli.Result r = Cli.run("validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":1:5: error[E0009]: 'eighty' is not a valid float");
        assertClean(r);
        Path b = write("bool.yaml", "nc: 80\nend2end: !!bool maybe\n" + ROWS);
        Cli.Result rb = Cli.run("validate", b.toString());
        assertThat(rb.exitCode()).isEqualTo(1);
        assertThat(rb.err()).contains(b + ":2:10: error[E0009]: 'maybe' is not a valid boolean");
        assertClean(rb);
    }

    @Test
    void aStringArgumentOfTensOfThousandsOfSignsIsASyntaxErrorNotAStackOverflow() throws IOException {
        for (String op : new String[] {"-", "not ", "2**"}) {
            Path f = write(
                    "deep.yaml",
                    "nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, '" + op.repeat(250_000 / op.length()) + "1']]\n"
                            + "head:\n  - [-1, 1, Classify, [nc]]\n");
            Cli.Result r = Cli.run("validate", f.toString());
            assertThat(r.exitCode()).as(op).isEqualTo(1);
            assertThat(r.err()).contains("error[E0405]").contains("too complex");
            assertClean(r);
        }
    }

    @Test
    void anEmptyScaleIsAUsageError() {
        String model = TestPaths.examples().resolve("yolov8.yaml").toString();
        for (String command : new String[] {"summary", "validate", "graph"}) {
            Cli.Result r = Cli.run(command, model, "--scale", "");
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err()).contains("invalid value for option '--scale': '' is empty");
        }
        Cli.Result g = Cli.run("generate", model, "--scale", " ", "--package", "a.b", "--out", "unused");
        assertThat(g.exitCode()).isEqualTo(2);
    }

    /** A thousand broken rows: the first 200 diagnostics are printed, then how many more there are; the verdict counts all. */
    @Test
    void thousandsOfErrorsPrintTheFirstTwoHundredAndACount() throws IOException {
        StringBuilder head = new StringBuilder("head: [");
        for (int i = 0; i < 999; i++) {
            head.append(i > 0 ? ", " : "").append("[-1, 1, Nope").append(i).append(", [1]]");
        }
        Path f = write("many.yaml", "nc: 80\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n" + head + "]\n");
        Cli.Result r = Cli.run("validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().split("error\\[E0201\\]", -1)).hasSize(201);
        assertThat(r.err())
                .contains("note: 799 more errors not shown: yamlnet keeps the first 200 diagnostics of a file");
        assertThat(r.out()).contains("FAILED " + f + ": 999 errors");
        // each excerpt is a window of the 31 kB line, not the line
        assertThat(r.err().length()).isLessThan(200 * 600);

        Cli.Result json = Cli.run("validate", f.toString(), "--diagnostics", "json");
        JsonObject doc = JsonParser.parseString(json.out()).getAsJsonObject();
        assertThat(doc.get("errors").getAsInt()).isEqualTo(999);
        assertThat(doc.get("omitted").getAsInt()).isEqualTo(799);
        assertThat(doc.getAsJsonArray("diagnostics")).hasSize(200);
    }

    /** A writer that fails as a full disk does. */
    private static PrintWriter fullDisk() {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {}
        });
    }

    @Test
    void lostStandardOutputExitsThree() {
        String model = TestPaths.examples().resolve("yolov8n.yaml").toString();
        for (String[] args : new String[][] {
            {"summary", model, "--json"},
            {"summary", model},
            {"validate", model},
            {"graph", model, "--format", "dot"},
            {"schema"}
        }) {
            CommandLine cli = Main.commandLine();
            StringWriter err = new StringWriter();
            cli.setOut(fullDisk());
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            assertThat(code).as(String.join(" ", args)).isEqualTo(3);
            assertThat(err.toString()).contains("cannot write to standard output");
        }
    }

    @Test
    void aDeviceAsWeightsOrAFifoAsInputIsRefusedAtOnce() throws Exception {
        String model = TestPaths.examples().resolve("yolov8n.yaml").toString();
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "a system with /dev/zero");
        Cli.Result r = Cli.run("run", model, "--imgsz", "64", "--weights", zero.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot read weights /dev/zero: not a regular file");
        assertThat(r.err()).doesNotContain("starting the PyTorch engine");
        assertClean(r);

        Path fifo = tmp.resolve("input.npy");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo on this system");
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo works");
        // before, this waited forever for a writer
        Cli.Result f = Cli.run("run", model, "--imgsz", "64", "--input", fifo.toString());
        assertThat(f.exitCode()).isEqualTo(3);
        assertThat(f.err()).contains("cannot read input " + fifo + ": not a regular file");
    }

    @Test
    void malformedWeightsAreOneMessageAndExitThree() throws IOException {
        String model = TestPaths.examples().resolve("yolov8n.yaml").toString();
        String header = "{\"model.0.conv.weight\":{\"dtype\":\"F32\",\"shape\":[\"16\"],\"data_offsets\":[0,64]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path w = Files.write(tmp.resolve("w.safetensors"), b.array());
        Cli.Result r = Cli.run("run", model, "--imgsz", "64", "--weights", w.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("tensor model.0.conv.weight has a shape that is not a list of non-negative whole numbers");
        assertClean(r);
    }

    /** Before, the process allocated until the operating system killed it. */
    @Test
    void aRunThatWouldNeedMoreMemoryThanAllowedIsRefusedBeforeBuilding() {
        String model = TestPaths.examples().resolve("yolov8n.yaml").toString();
        Cli.Result r = Cli.run("run", model, "--random", "--imgsz", "16384", "--max-memory", "16g");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("error[E0904]: running yolov8n at 16384x16384 needs about")
                .contains("more than --max-memory 16.0 GiB")
                .contains("note: peak at layer 22")
                .contains("hint: ");
        assertThat(r.err()).doesNotContain("starting the PyTorch engine");
        assertThat(r.out()).isEmpty();
        assertClean(r);
        Cli.Result bad = Cli.run("run", model, "--max-memory", "lots");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'lots' is not a positive size");
    }

    @Test
    void sizesTakeBinaryUnits() {
        CommandLine cli = Main.commandLine();
        assertThat(RunCommand.parseSize(cli, "512m")).isEqualTo(512L << 20);
        assertThat(RunCommand.parseSize(cli, "8G")).isEqualTo(8L << 30);
        assertThat(RunCommand.parseSize(cli, "2GiB")).isEqualTo(2L << 30);
        assertThat(RunCommand.parseSize(cli, "1048576")).isEqualTo(1L << 20);
        for (String wrong : new String[] {"", "0", "-1g", "1.5g", "8x", "99999999999999999999", "9999999999t"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunCommand.parseSize(cli, wrong))
                    .as(wrong)
                    .isInstanceOf(CommandLine.ParameterException.class);
        }
    }
}
