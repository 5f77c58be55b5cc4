package dev.yamlnet.cli;

import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where DJL keeps the libtorch of this build, so that {@code run} says "unpacking libtorch" only when
 * the engine start is about to do it. It follows the choices of DJL's PyTorch engine (0.36): a
 * libtorch found through {@code PYTORCH_LIBRARY_PATH} is used where it is (a libtorch on
 * {@code java.library.path}, such as Debian's libtorch 1.13, is not: DJL still loads its own); otherwise the native jar's libraries are copied into
 * {@code <engine cache>/pytorch/<version>-<flavor>-<classifier>/} unless that directory already holds
 * {@code libtorch}.
 */
final class EngineCache {
    private static final String LIBTORCH = System.mapLibraryName("torch");

    private EngineCache() {}

    /** The directory the engine start unpacks libtorch into; empty when it uses a libtorch elsewhere or cannot tell. */
    static Optional<Path> libtorchDir() {
        if (foundIn(System.getenv("PYTORCH_LIBRARY_PATH"))) {
            return Optional.empty();
        }
        try {
            Platform platform = Platform.detectPlatform("pytorch");
            if (platform.isPlaceholder()) {
                return Optional.empty();
            }
            String flavor = platform.getFlavor();
            if (!flavor.endsWith("-precxx11")
                    && Arrays.asList(platform.getLibraries()).contains("libstdc++.so.6")) {
                flavor += "-precxx11"; // DJL's rule for PyTorch 1.9 and older
            }
            return Optional.of(Utils.getEngineCacheDir("pytorch")
                    .resolve(platform.getVersion() + '-' + flavor + '-' + platform.getClassifier()));
        } catch (RuntimeException | AssertionError e) {
            return Optional.empty();
        }
    }

    /** Whether starting the engine first copies libtorch (about 450 MB) into {@code dir}. */
    static boolean needsUnpacking(Path dir) {
        return !Files.isRegularFile(dir.resolve(LIBTORCH));
    }

    /** DJL's search of a library path: an entry that is libtorch itself, or a directory holding it. */
    private static boolean foundIn(String path) {
        if (path == null) {
            return false;
        }
        for (String entry : path.split(File.pathSeparator)) {
            File f = new File(entry);
            if (!entry.isEmpty() && ((f.isFile() && f.getName().equals(LIBTORCH)) || new File(f, LIBTORCH).isFile())) {
                return true;
            }
        }
        return false;
    }
}
