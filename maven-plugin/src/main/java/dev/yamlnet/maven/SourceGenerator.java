package dev.yamlnet.maven;

import dev.yamlnet.compiler.Compilation;
import dev.yamlnet.compiler.CompileOptions;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.backend.java.GenerationRun;
import dev.yamlnet.compiler.backend.java.JavaBackend;
import dev.yamlnet.compiler.diag.Diagnostic;
import dev.yamlnet.compiler.diag.DiagnosticPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The work of {@code yamlnet:generate}, kept free of Maven types so it can be tested as a plain
 * class: compile every model (at every requested scale), print every diagnostic the compiler's way,
 * and write one Java source per model and scale (each model's steps are {@link GenerationRun}'s,
 * the same as {@code yamlnet generate}'s; only when every model generates is anything written).
 * Re-running with the same inputs does nothing: a stamp file records a hash of the inputs' bytes,
 * the configuration and the generator's version, and a source whose content did not change is
 * never rewritten (so javac's own staleness check does not recompile it either).
 */
public final class SourceGenerator {
    /** Stamp format version: bump when the stamp's meaning changes. */
    private static final String STAMP_FORMAT = "yamlnet-generate-stamp 1";
    /** The digits then scale letter Ultralytics guesses a scale from ({@code yolov8n-bot3}). */
    private static final Pattern SCALE = Pattern.compile("[a-z0-9]{1,8}");

    /**
     * What to generate.
     *
     * @param models the model files, in the order they are reported
     * @param packageName the package of every generated class
     * @param scales the scales to generate each model at; empty means the scale the file name
     *     implies, or the model's default scale
     * @param imgsz the square image size shapes are checked at (and the class's {@code IMGSZ})
     * @param outputDirectory the source root the files are written under (package directories below it)
     * @param stampFile where the hash of the inputs is kept between builds
     * @param generatorVersion anything that changes when the generator's output may change
     */
    public record Request(
            List<Path> models,
            String packageName,
            List<String> scales,
            int imgsz,
            Path outputDirectory,
            Path stampFile,
            String generatorVersion) {
        public Request {
            models = List.copyOf(models);
            scales = List.copyOf(scales);
            Objects.requireNonNull(packageName);
            Objects.requireNonNull(outputDirectory);
            Objects.requireNonNull(stampFile);
            Objects.requireNonNull(generatorVersion);
        }
    }

    /**
     * What a run did.
     *
     * @param upToDate nothing was compiled: the stamp matched and every generated file was present
     * @param files every generated source (written or not), relative to the output directory
     * @param written the sources whose content changed and were written
     * @param deleted sources a previous run generated for models no longer configured
     */
    public record Result(boolean upToDate, List<Path> files, List<Path> written, List<Path> deleted) {}

    /** The build must fail: the models have errors, or the configuration cannot be used. */
    public static final class GenerationException extends Exception {
        private final List<String> locations;

        GenerationException(String message, List<String> locations) {
            super(message);
            this.locations = List.copyOf(locations);
        }

        /** The first line of each error ({@code file:line:column: error[E0502]: message}). */
        public List<String> locations() {
            return locations;
        }
    }

    /** Receives printed diagnostics, one line at a time, so Maven can prefix each with its level. */
    public interface Output {
        void error(String line);

        void warning(String line);

        void info(String line);
    }

    private final Output out;

    public SourceGenerator(Output out) {
        this.out = out;
    }

    /** Every {@code *.yaml} and {@code *.yml} file under {@code directory}, sorted by path; none if it is absent. */
    public static List<Path> findModels(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        }
    }

    /** Runs the generation; see the class comment. */
    public Result run(Request request) throws GenerationException, IOException {
        GenerationRun generation;
        try {
            generation = new GenerationRun(request.packageName(), GenerationRun.ScaleInName.COMPILED);
        } catch (JavaBackend.InvalidNameException e) {
            throw new GenerationException("packageName: " + e.getMessage(), List.of());
        }
        if (request.imgsz() < 1) {
            throw new GenerationException("imgsz: " + request.imgsz() + " is not a positive image size", List.of());
        }
        for (String s : request.scales()) {
            if (s == null || !SCALE.matcher(s).matches()) {
                throw new GenerationException(
                        "scales: '" + s + "' is not a scale name such as n, s, m, l or x", List.of());
            }
        }
        List<GenerationRun.Job> jobs = jobs(request);
        String key = key(request, jobs);
        Path outDir = request.outputDirectory();
        Optional<Stamp> previous = Stamp.read(request.stampFile());
        if (previous.isPresent()
                && previous.get().key().equals(key)
                && previous.get().files().stream().allMatch(f -> Files.isRegularFile(outDir.resolve(f)))) {
            return new Result(true, previous.get().files(), List.of(), List.of());
        }
        // the inputs changed: forget the stamp first, so a failure below can never leave a stale one behind
        Files.deleteIfExists(request.stampFile());

        List<GenerationRun.Generated> sources = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        int failedModels = 0;
        for (GenerationRun.Job job : jobs) {
            GenerationRun.Outcome outcome = generation.generate(job);
            Compilation c = outcome.compilation();
            print(c);
            if (outcome instanceof GenerationRun.Generated generated) {
                sources.add(generated);
                continue;
            }
            failedModels++;
            if (outcome instanceof GenerationRun.ModelErrors) {
                DiagnosticPrinter printer = new DiagnosticPrinter(c.source());
                c.errors()
                        .forEach(d -> locations.add(
                                printer.render(d).lines().findFirst().orElse("")));
                continue;
            }
            String line = job.model() + ": error: " + problem(outcome);
            out.error(line);
            locations.add(line);
        }
        if (failedModels > 0) {
            throw new GenerationException(
                    failedModels + (failedModels == 1 ? " model has" : " models have")
                            + " errors; nothing was generated",
                    locations);
        }

        List<Path> files = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (GenerationRun.Generated generated : sources) {
            Path relative = generation.relativeFile(generated.className());
            files.add(relative);
            if (generation.write(outDir, generated).changed()) {
                written.add(relative);
            }
        }
        List<Path> deleted = new ArrayList<>();
        if (previous.isPresent()) {
            for (Path old : previous.get().files()) {
                if (!files.contains(old) && Files.deleteIfExists(outDir.resolve(old))) {
                    deleted.add(old);
                }
            }
        }
        new Stamp(key, files).write(request.stampFile());
        return new Result(false, files, written, deleted);
    }

    /** Why a model that compiled generated no class, in one line. */
    private static String problem(GenerationRun.Outcome outcome) {
        if (outcome instanceof GenerationRun.NameTaken taken) {
            return "both " + origin(taken.earlier().job()) + " and " + origin(taken.job()) + " would generate class "
                    + taken.className() + "; rename one of the files";
        }
        if (outcome instanceof GenerationRun.NoRuntimeBlock noBlock) {
            return noBlock.cause().getMessage();
        }
        return ((GenerationRun.BadClassName) outcome).cause().getMessage();
    }

    /** A model as the messages name it: its file, and the scale when one is configured. */
    private static String origin(GenerationRun.Job job) {
        return job.model() + job.options().scale().map(s -> " at scale " + s).orElse("");
    }

    /** One compilation per model and configured scale (one per model without scales). */
    private static List<GenerationRun.Job> jobs(Request request) throws GenerationException {
        List<GenerationRun.Job> jobs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path m : request.models()) {
            Path model = m.toAbsolutePath().normalize();
            if (ModelFile.locate(model).isEmpty()) {
                missing.add(model + ": error: no such model file");
                continue;
            }
            CompileOptions options =
                    CompileOptions.defaults(model.getFileName().toString()).withImgsz(request.imgsz());
            if (request.scales().isEmpty()) {
                jobs.add(new GenerationRun.Job(model, options));
            } else {
                for (String s : request.scales()) {
                    jobs.add(new GenerationRun.Job(model, options.withScale(s)));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new GenerationException(
                    missing.size() == 1 ? missing.get(0) : missing.size() + " model files do not exist", missing);
        }
        return jobs;
    }

    private void print(Compilation c) {
        DiagnosticPrinter printer = new DiagnosticPrinter(c.source());
        for (Diagnostic d : c.diagnostics()) {
            Consumer<String> sink = d.isError() ? out::error : out::warning;
            printer.render(d).lines().forEach(sink);
        }
    }

    /** The hash of everything the output depends on: the generator, the configuration and every input's bytes. */
    private static String key(Request request, List<GenerationRun.Job> jobs) throws IOException {
        MessageDigest sha = sha256();
        StringBuilder config = new StringBuilder();
        config.append(STAMP_FORMAT)
                .append('\n')
                .append("generator ")
                .append(request.generatorVersion())
                .append('\n')
                .append("package ")
                .append(request.packageName())
                .append('\n')
                .append("scales ")
                .append(request.scales())
                .append('\n')
                .append("imgsz ")
                .append(request.imgsz())
                .append('\n')
                .append("output ")
                .append(request.outputDirectory().toAbsolutePath().normalize())
                .append('\n');
        sha.update(config.toString().getBytes(StandardCharsets.UTF_8));
        for (GenerationRun.Job job : jobs) {
            Path actual = ModelFile.locate(job.model()).map(ModelFile::actual).orElse(job.model());
            sha.update(("model " + job.model() + " as " + job.options().requestedName() + " from " + actual + " "
                            + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(actual))) + '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The stamp file: the key on the first line, then each generated file (relative, with '/'). */
    record Stamp(String key, List<Path> files) {
        static Optional<Stamp> read(Path file) {
            try {
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    return Optional.empty();
                }
                List<Path> files = new ArrayList<>();
                for (String l : lines.subList(1, lines.size())) {
                    Path p = Path.of(l).normalize();
                    // a stamp only ever names files below the output directory; ignore anything else
                    if (!l.isBlank() && !p.isAbsolute() && !p.startsWith("..")) {
                        files.add(p);
                    }
                }
                return Optional.of(new Stamp(lines.get(0), files));
            } catch (IOException | UncheckedIOException | java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
        }

        void write(Path file) throws IOException {
            StringBuilder sb = new StringBuilder(key).append('\n');
            new TreeSet<>(files.stream()
                            .map(p -> p.toString().replace('\\', '/'))
                            .toList())
                    .forEach(f -> sb.append(f).append('\n'));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        }
    }
}
