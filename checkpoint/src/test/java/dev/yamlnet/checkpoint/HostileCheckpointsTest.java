package dev.yamlnet.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code checkpoints/hostile/} (Ultralytics-made checkpoints altered to attack a
 * loader, and broken ones) gets the outcome its {@code manifest.json} expects: refused with a message
 * naming the forbidden global, or accepted. The code-execution payloads would create a file
 * {@code yamlnet-pwned-<case>} in the working directory; a separate JVM reads them all in an empty
 * directory and the directory stays empty.
 */
class HostileCheckpointsTest {
    @TempDir
    static Path files;

    static Stream<JsonObject> cases() throws IOException {
        JsonArray manifest = JsonParser.parseString(TestCheckpoints.text("hostile/manifest.json"))
                .getAsJsonArray();
        List<JsonObject> out = new ArrayList<>();
        manifest.forEach(e -> out.add(e.getAsJsonObject()));
        return out.stream();
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outcomeIsTheManifests(JsonObject c) throws Exception {
        Path file = TestCheckpoints.file("hostile/" + string(c, "file"), files);
        if (string(c, "expect").equals("accept")) {
            Checkpoint ckpt = Checkpoint.read(file);
            assertThat(ckpt.stateDict()).as(string(c, "what")).isNotEmpty();
            assertThat(ckpt.yaml()).isPresent();
            return;
        }
        assertThatThrownBy(() -> Checkpoint.read(file))
                .as(string(c, "what"))
                .isInstanceOf(CheckpointException.class)
                .satisfies(e -> {
                    String mention = string(c, "must_mention");
                    if (mention != null) {
                        assertThat(e)
                                .isInstanceOf(ForbiddenGlobalException.class)
                                .hasMessageContaining(mention);
                        assertThat(((ForbiddenGlobalException) e).global()).isEqualTo(mention);
                    }
                    // one line for a person, not a dump of the file
                    assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(400);
                });
    }

    @Test
    void theMalformedOnesSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> Checkpoint.read(TestCheckpoints.file("hostile/not-a-zip.pt", files)))
                .hasMessageContaining("not a PyTorch checkpoint")
                .hasMessageContaining("zip");
        assertThatThrownBy(() -> Checkpoint.read(TestCheckpoints.file("hostile/truncated-half.pt", files)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Checkpoint.read(TestCheckpoints.file("hostile/short-storage.pt", files)))
                .hasMessageContaining("best/data/304")
                .hasMessageContaining("36864 bytes")
                .hasMessageContaining("73728 bytes");
        assertThatThrownBy(() -> Checkpoint.read(TestCheckpoints.file("hostile/absurd-shape.pt", files)))
                .hasMessageContaining("(1000000, 1000000)");
        assertThatThrownBy(() -> Checkpoint.read(TestCheckpoints.file("hostile/deep-nesting.pt", files)))
                .hasMessageContaining("levels deep");
    }

    @Test
    void theLegitimateOnesGiveTheRealWeights() throws Exception {
        Checkpoint reference = Checkpoint.read(TestCheckpoints.file("yolov8t.pt", files));
        Checkpoint renamed = Checkpoint.read(TestCheckpoints.file("hostile/archive-root-renamed.pt", files));
        Checkpoint numpy = Checkpoint.read(TestCheckpoints.file("hostile/numpy-scalars.pt", files));
        assertThat(renamed.root()).isEqualTo("my_model");
        assertThat(renamed.stateDict()).isEqualTo(reference.stateDict());
        assertThat(numpy.globals()).contains("numpy.core.multiarray.scalar", "numpy.dtype", "_codecs.encode");
        assertThat(numpy.stateDict()).isEqualTo(reference.stateDict());
    }

    /** Reads every hostile file in a fresh JVM whose working directory is an empty temporary one. */
    @Test
    void nothingRunsWhileReadingThem(@TempDir Path cwd) throws Exception {
        List<String> paths = new ArrayList<>();
        for (JsonObject c : cases().toList()) {
            paths.add(
                    TestCheckpoints.file("hostile/" + string(c, "file"), files).toString());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReadCheckpoints.class.getName()));
        command.addAll(paths);
        Path log = files.resolve("read.log");
        Process p = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the reader finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        for (JsonObject c : cases().toList()) {
            String verdict = string(c, "expect").equals("accept") ? "accepted " : "refused ";
            assertThat(output).contains(verdict + string(c, "file"));
        }
        try (Stream<Path> left = Files.list(cwd)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).isEmpty();
        }
        // nor next to the files or in this JVM's own working directory
        for (JsonObject c : cases().toList()) {
            String marker = string(c, "marker");
            if (marker != null) {
                assertThat(new File(marker)).doesNotExist();
                assertThat(files.resolve(marker)).doesNotExist();
            }
        }
    }
}
