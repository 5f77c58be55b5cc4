package dev.yamlnet.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for the checkpoint reader: any bytes given as a {@code .pt} file. Without
 * {@code JAZZER_FUZZ} (every {@code mvn verify}) it replays its committed inputs in
 * {@code src/test/resources/dev/yamlnet/checkpoint/CheckpointFuzzTestInputs/checkpoint/} (the small
 * hostile checkpoints: forbidden globals, not a zip); docs/security.md says how to fuzz for real.
 * The invariants, for any file: {@link Checkpoint#read} returns or throws
 * {@link CheckpointException} with a message, nothing else escapes, and one input takes less than
 * {@link #MAX_MILLIS_PER_INPUT} milliseconds.
 */
class CheckpointFuzzTest {
    /** Time one input may take, far above what any does. */
    static final long MAX_MILLIS_PER_INPUT = 10_000;

    @FuzzTest(maxDuration = "10m")
    void checkpoint(byte[] data) throws IOException {
        long t0 = System.nanoTime();
        Path file = Files.createTempFile("yamlnet-fuzz", ".pt");
        try {
            Files.write(file, data);
            try {
                Checkpoint.read(file);
            } catch (CheckpointException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat((System.nanoTime() - t0) / 1_000_000)
                .as("milliseconds for one input")
                .isLessThan(MAX_MILLIS_PER_INPUT);
    }
}
