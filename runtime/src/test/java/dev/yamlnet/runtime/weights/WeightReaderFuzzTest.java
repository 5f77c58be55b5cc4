package dev.yamlnet.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzz targets for the weight readers: any bytes given as a {@code .safetensors}, {@code .npz} or
 * {@code .npy} file. Without {@code JAZZER_FUZZ} (every {@code mvn verify}) each replays its committed
 * inputs in {@code src/test/resources/dev/yamlnet/runtime/weights/WeightReaderFuzzTestInputs/<method>/};
 * docs/security.md says how to fuzz for real. The invariants, for any file:
 *
 * <ul>
 *   <li>the reader returns tensors or throws {@link WeightLoadException}, nothing else escapes;
 *   <li>what it returns fits what the file holds: every tensor's values match its shape, and a
 *       safetensors or npy file yields at most one value per byte of the file (an npz entry may be
 *       compressed, but is refused when it inflates past the size its header declares);
 *   <li>one input takes less than {@link #MAX_MILLIS_PER_INPUT} milliseconds.
 * </ul>
 */
class WeightReaderFuzzTest {
    /** Time one input may take, far above what any does. */
    static final long MAX_MILLIS_PER_INPUT = 10_000;

    private static void readAs(String suffix, byte[] data) throws IOException {
        long t0 = System.nanoTime();
        read(suffix, data);
        assertThat((System.nanoTime() - t0) / 1_000_000)
                .as("milliseconds for one input")
                .isLessThan(MAX_MILLIS_PER_INPUT);
    }

    private static void read(String suffix, byte[] data) throws IOException {
        Path file = Files.createTempFile("yamlnet-fuzz", suffix);
        try {
            Files.write(file, data);
            Map<String, Tensor> tensors;
            try {
                tensors = WeightLoader.read(file);
            } catch (WeightLoadException e) {
                assertThat(e.getMessage()).isNotBlank();
                return;
            }
            long values = 0;
            for (Tensor t : tensors.values()) {
                long n = 1;
                for (long d : t.shape()) {
                    n *= d;
                }
                assertThat(t.size()).as(t.name()).isEqualTo(n);
                values += n;
            }
            if (!suffix.equals(".npz")) {
                assertThat(values).isLessThanOrEqualTo(data.length);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void safetensors(byte[] data) throws IOException {
        readAs(".safetensors", data);
    }

    @FuzzTest(maxDuration = "10m")
    void npz(byte[] data) throws IOException {
        readAs(".npz", data);
    }

    @FuzzTest(maxDuration = "10m")
    void npy(byte[] data) throws IOException {
        readAs(".npy", data);
    }
}
