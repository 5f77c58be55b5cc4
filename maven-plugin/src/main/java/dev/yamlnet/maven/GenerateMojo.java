package dev.yamlnet.maven;

import dev.yamlnet.compiler.modules.PluginException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code yamlnet:generate}: turns model YAML files into Java classes before compilation, so a
 * project ships its models as code (no YAML parser at run time) and a broken model fails the build
 * with the compiler's diagnostics, each starting {@code /abs/path/model.yaml:line:column} so IDEs
 * link it. The work itself is in {@link SourceGenerator}; this class only maps Maven's
 * configuration onto it and adds the output directory as a source root. Plug-in modules are the
 * jars added as this plugin's own {@code <dependencies>} (docs/plugins.md); a plug-in that fails
 * fails the build with its class and jar named.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    /** Every {@code *.yaml} and {@code *.yml} file below this directory is a model (unless {@code models} is set). */
    @Parameter(property = "yamlnet.sourceDirectory", defaultValue = "${project.basedir}/src/main/yamlnet")
    File sourceDirectory;

    /** Explicit model files; when given, {@code sourceDirectory} is not scanned. */
    @Parameter
    List<File> models;

    /** The package of the generated classes (required; lowercase dotted name). */
    @Parameter(property = "yamlnet.packageName", required = true)
    String packageName;

    /** Scales to generate each model at; by default the scale the file name implies, or the model's default. */
    @Parameter
    List<String> scales;

    /** Image size the shapes are checked at, and the generated class's {@code IMGSZ}. */
    @Parameter(property = "yamlnet.imgsz", defaultValue = "640")
    int imgsz = 640;

    /** Where the sources are written; added to the project's compile source roots. */
    @Parameter(
            property = "yamlnet.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/yamlnet")
    File outputDirectory;

    /** Skips the goal (the source root is not added either). */
    @Parameter(property = "yamlnet.skip", defaultValue = "false")
    boolean skip;

    /** The stamp that lets an unchanged build skip the work; one per execution. */
    @Parameter(
            defaultValue = "${project.build.directory}/yamlnet-maven-plugin/${mojoExecution.executionId}.stamp",
            readonly = true,
            required = true)
    File stampFile;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** Maven makes configured paths absolute; this covers a relative path set any other way (tests, -D). */
    private Path inProject(File f) {
        Path p = f.toPath();
        if (!p.isAbsolute() && project != null && project.getBasedir() != null) {
            p = project.getBasedir().toPath().resolve(p);
        }
        return p.toAbsolutePath();
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("yamlnet: skipped (skip is set)");
            return;
        }
        List<Path> inputs = new ArrayList<>();
        try {
            if (models != null && !models.isEmpty()) {
                models.forEach(f -> inputs.add(inProject(f)));
            } else {
                inputs.addAll(SourceGenerator.findModels(inProject(sourceDirectory)));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("yamlnet: cannot list " + sourceDirectory + ": " + e.getMessage(), e);
        }
        Path out = inProject(outputDirectory).normalize();
        if (inputs.isEmpty()) {
            log.info("yamlnet: no model files in " + sourceDirectory + "; nothing to generate");
            return;
        }
        SourceGenerator.Request request = new SourceGenerator.Request(
                inputs,
                packageName == null ? "" : packageName.trim(),
                scales == null ? List.of() : scales.stream().map(String::trim).toList(),
                imgsz,
                out,
                stampFile.toPath(),
                GeneratorVersion.current());
        SourceGenerator.Output output = new SourceGenerator.Output() {
            @Override
            public void error(String line) {
                log.error(line);
            }

            @Override
            public void warning(String line) {
                log.warn(line);
            }

            @Override
            public void info(String line) {
                log.info(line);
            }
        };
        try {
            SourceGenerator.Result result = new SourceGenerator(output).run(request);
            if (result.upToDate()) {
                log.info("yamlnet: " + result.files().size() + " generated source(s) up to date in " + out);
            } else {
                log.info("yamlnet: generated " + result.files().size() + " source(s) in " + out + " ("
                        + result.written().size() + " written, "
                        + (result.files().size() - result.written().size())
                        + " unchanged"
                        + (result.deleted().isEmpty()
                                ? ""
                                : ", " + result.deleted().size() + " removed") + ")");
            }
        } catch (SourceGenerator.GenerationException e) {
            StringBuilder message = new StringBuilder("yamlnet: ").append(e.getMessage());
            e.locations().forEach(l -> message.append('\n').append(l));
            throw new MojoFailureException(message.toString());
        } catch (IOException e) {
            throw new MojoExecutionException("yamlnet: cannot write generated sources: " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // plug-ins come from this plugin's <dependencies>, in the class realm Maven makes the context class loader
            Optional<PluginException> plugin =
                    PluginException.blame(e, Thread.currentThread().getContextClassLoader());
            if (plugin.isEmpty()) {
                throw e;
            }
            throw new MojoExecutionException(
                    "yamlnet: " + plugin.get().getMessage()
                            + (plugin.get().pluginClass().isPresent()
                                    ? "\nhint: the fault is in the plug-in, not in yamlnet: report it "
                                            + "to the plug-in's authors, or remove it from the <dependencies> of yamlnet-maven-plugin"
                                    : ""),
                    e);
        }
        if (Files.isDirectory(out)) {
            project.addCompileSourceRoot(out.toString());
        }
    }
}
