package dev.yamlnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.yamlnet.compiler.TestPaths;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./yamlnet} launcher's stderr filter for {@code run}: libtorch's "Could not initialize
 * NNPACK" lines (one per convolution on CPUs NNPACK does not support) are dropped, everything else
 * on stderr is kept, yamlnet's own messages bypass the filter, and {@code --verbose} shows them all.
 * The launcher is run from a copy of the repository's script in a scratch "repository" whose
 * {@code cli/target/yamlnet.jar} is either a stand-in {@code java} on the PATH or a jar that runs this
 * build's classes.
 */
class LauncherTest {
    private static final String NNPACK = "Could not initialize NNPACK! Reason: Unsupported hardware.";

    @TempDir
    Path tmp;

    /** What one launcher run produced. */
    record Run(int code, String out, String err) {}

    /** A scratch repository with the launcher and the given jar (an empty stand-in when null). */
    private Path repository(Path jar) throws IOException {
        Path root = tmp.resolve("repo");
        if (Files.exists(root)) {
            return root;
        }
        Files.createDirectories(root.resolve("cli/target/lib"));
        Files.copy(TestPaths.docs().getParent().resolve("yamlnet"), root.resolve("yamlnet"));
        Path target = root.resolve("cli/target/yamlnet.jar");
        if (jar == null) {
            Files.createFile(target);
        } else {
            Files.copy(jar, target);
        }
        return root;
    }

    /** A stand-in for java that writes like a JVM running libtorch: native lines to fd 2, yamlnet's own where told. */
    private Path fakeJava() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "own=''",
                        "for a in \"$@\"; do case \"$a\" in -Dyamlnet.stderr=*) own=\"${a#-Dyamlnet.stderr=}\";; esac; done",
                        "echo '[W1202 14:46:47.561 NNPACK.cpp:57] " + NNPACK + "' >&2",
                        "echo 'native: another warning' >&2",
                        "echo '[W1202 14:46:47.562 NNPACK.cpp:57] " + NNPACK + "' >&2",
                        "if [ -n \"$own\" ]; then echo 'yamlnet: own message past the filter' >>\"$own\";"
                                + " else echo 'yamlnet: own message through the filter' >&2; fi",
                        "echo result",
                        "exit 7",
                        ""));
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return bin;
    }

    private Run launch(Path root, Path bin, Map<String, String> env, boolean stderrToFile, String... args)
            throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("bash", root.resolve("yamlnet").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + pb.environment().get("PATH"));
        pb.environment().put("YAMLNET_NO_BUILD", "1");
        pb.environment().remove("YAMLNET_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile());
        if (stderrToFile) {
            pb.redirectError(err.toFile());
        }
        Process p = pb.start();
        String piped = stderrToFile ? "" : new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the launcher finishes").isTrue();
        return new Run(p.exitValue(), Files.readString(out), stderrToFile ? Files.readString(err) : piped);
    }

    @Test
    void runDropsTheNnpackLinesAndKeepsTheRestOfStderr() throws Exception {
        Run r = launch(repository(null), fakeJava(), Map.of(), false, "run", "m.yaml");
        assertThat(r.code()).as("the JVM's exit code").isEqualTo(7);
        assertThat(r.out()).isEqualTo("result\n");
        assertThat(r.err())
                .doesNotContain("NNPACK")
                .contains("native: another warning")
                .contains("yamlnet: own message past the filter");
    }

    @Test
    void withStderrInAFileEverythingPassesTheFilter() throws Exception {
        Run r = launch(repository(null), fakeJava(), Map.of(), true, "run", "m.yaml");
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err())
                .doesNotContain("NNPACK")
                .contains("native: another warning")
                .contains("yamlnet: own message through the filter");
    }

    @Test
    void verboseShowsTheNnpackLines() throws Exception {
        Run r = launch(repository(null), fakeJava(), Map.of(), false, "--verbose", "run", "m.yaml");
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err().lines().filter(l -> l.contains(NNPACK))).hasSize(2);
        r = launch(repository(null), fakeJava(), Map.of(), false, "run", "m.yaml", "--verbose");
        assertThat(r.err()).contains(NNPACK);
    }

    @Test
    void commandsThatDoNotRunTheEngineAreNotFiltered() throws Exception {
        // their stderr is diagnostics only, which must keep their order with stdout
        Run r = launch(repository(null), fakeJava(), Map.of(), false, "summary", "run.yaml");
        assertThat(r.err()).contains(NNPACK).contains("yamlnet: own message through the filter");
    }

    /** A jar like cli/target/yamlnet.jar whose manifest runs this build's classes: Main and the test class path. */
    private Path thisBuildsJar() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        List.of(classPath.split(File.pathSeparator)).stream()
                                .filter(e -> !e.isEmpty())
                                .map(e -> Paths.get(e).toUri().toString())
                                .collect(Collectors.joining(" ")));
        Path jar = tmp.resolve("yamlnet-under-test.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }

    private Path resource(String name) throws IOException {
        Path target = tmp.resolve("resources").resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    private Run runFixture(Map<String, String> env, String... more) throws Exception {
        Path bin = Paths.get(System.getProperty("java.home"), "bin");
        List<String> args = new ArrayList<>(List.of(
                "run",
                resource("conformance/fixtures/yolov8t.yaml").toString(),
                "--scale",
                "t",
                "--imgsz",
                "128",
                "--weights",
                resource("parity/yolov8t/weights.safetensors").toString(),
                "--input",
                resource("parity/yolov8t/input.npy").toString(),
                "--threads",
                "1"));
        args.addAll(List.of(more));
        return launch(repository(thisBuildsJar()), bin, env, false, args.toArray(new String[0]));
    }

    @Test
    void theRealRunThroughTheLauncherPrintsNoNnpackLines() throws Exception {
        Run r = runFixture(Map.of());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("model   yolov8t (yolov8t.yaml, scale t), 355,478 parameters")
                .contains("output  (1, 14, 336)");
        assertThat(r.err()).doesNotContain("NNPACK").doesNotContain("internal error");
    }

    /**
     * On this build machine NNPACK may well work: a preloaded shim (compiled here when a C compiler
     * is installed, Linux only) makes it fail as on a CPU without AVX2, so that the warnings really
     * come from libtorch, and the filter must still drop every one of them.
     */
    @Test
    void onACpuWithoutNnpackSupportTheWarningsAreHiddenUnlessVerbose() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "LD_PRELOAD is Linux's");
        Path shim = tmp.resolve("libnnpack-unsupported.so");
        Path source = resource("nnpack-unsupported.c");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-o", shim.toString(), source.toString())
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "no C compiler (cc) to build the NNPACK shim");
            return;
        }
        assumeTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc could not build the NNPACK shim");
        Map<String, String> preload = Map.of("LD_PRELOAD", shim.toString());

        Run verbose = runFixture(preload, "--verbose");
        assertThat(verbose.code()).as(verbose.err()).isZero();
        // 62 convolutions reach NNPACK's check in one forward pass of this model
        assertThat(verbose.err().lines().filter(l -> l.contains(NNPACK)).count())
                .as("libtorch's own warnings")
                .isGreaterThan(10);

        Run quiet = runFixture(preload);
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEqualTo(verbose.out());
        assertThat(quiet.err()).doesNotContain("NNPACK");
    }
}
