package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} says "first run: unpacking libtorch" only when the engine start will unpack it: the
 * directory {@link EngineCache} computes is the one DJL's engine loads libtorch from, and it counts
 * as unpacked exactly when libtorch is in it.
 */
class EngineCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theDirectoryIsTheOneTheEngineLoadsLibtorchFrom() {
        Engine.getEngine(RunCommand.ENGINE);
        Path expected = Path.of(LibUtils.getLibtorchPath()).toAbsolutePath();
        assertThat(EngineCache.libtorchDir())
                .as("DJL's own answer: %s", expected)
                .hasValue(expected);
        assertThat(EngineCache.needsUnpacking(expected))
                .as("after the engine started")
                .isFalse();
    }

    @Test
    void aDirectoryWithoutLibtorchNeedsUnpacking() throws Exception {
        assertThat(EngineCache.needsUnpacking(tmp)).isTrue();
        assertThat(EngineCache.needsUnpacking(tmp.resolve("absent"))).isTrue();
        // DJL copies into a temporary directory and moves it in place: a directory with only some
        // other file is not an unpacked libtorch
        Files.writeString(tmp.resolve("libc10.so"), "");
        assertThat(EngineCache.needsUnpacking(tmp)).isTrue();
    }
}
