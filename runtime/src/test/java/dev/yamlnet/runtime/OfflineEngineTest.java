package dev.yamlnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine needs nothing but Maven Central jars: in a fresh JVM with an empty DJL cache and DJL's
 * offline mode (any download attempt fails at once), libtorch is extracted from the
 * {@code pytorch-native-cpu} jar and a forward pass runs. DJL reads the cache location once per JVM,
 * hence the separate process.
 */
@Tag("engine")
class OfflineEngineTest {
    @TempDir
    Path cache;

    @Test
    void engineStartsFromTheClasspathWithAnEmptyCacheInOfflineMode() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                "-cp",
                System.getProperty("java.class.path"),
                OfflineEngineProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PYTORCH_") || k.equals("ENGINE_CACHE_DIR") || k.startsWith("DJL_"));
        env.put("DJL_CACHE_DIR", cache.toString());
        env.put("DJL_OFFLINE", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("engine PyTorch 2.7.1 forward (1, 4, 8, 8)");
        assertThat(filesUnder(cache))
                .as("libtorch extracted into the empty cache")
                .anyMatch(f -> f.endsWith("libtorch_cpu.so"))
                .anyMatch(f -> f.endsWith("libdjl_torch.so"));
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }
}
