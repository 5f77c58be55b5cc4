package dev.yamlnet.compiler;

import dev.yamlnet.checkpoint.Checkpoint;
import dev.yamlnet.checkpoint.CheckpointException;
import dev.yamlnet.checkpoint.ForbiddenGlobalException;
import dev.yamlnet.compiler.check.ShapeChecker;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.diag.Diagnostics;
import dev.yamlnet.compiler.flops.FlopCounter;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.resolve.ResolvedLayer;
import dev.yamlnet.compiler.resolve.ResolvedModel;
import dev.yamlnet.compiler.resolve.Resolver;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.source.SourceFile;
import dev.yamlnet.compiler.source.Span;
import dev.yamlnet.compiler.syntax.EmbeddedYaml;
import dev.yamlnet.compiler.syntax.ModelSyntax;
import dev.yamlnet.compiler.syntax.SourceLoader;
import dev.yamlnet.compiler.syntax.SyntaxReader;
import dev.yamlnet.compiler.value.Value;
import dev.yamlnet.core.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compiler's front door. It reads like the pipeline: load the YAML, read its structure,
 * resolve rows against the module registry, check shapes for the image size, and, when nothing
 * is wrong, assemble the model with its totals. Each stage reports to one {@link Diagnostics}.
 */
public final class Compiler {
    private Compiler() {}

    private static final String NOT_REGULAR = "not a regular file";
    private static final String NOT_REGULAR_HINT =
            "yamlnet reads model files from disk, not from devices, pipes or sockets; save the model to a file";

    /**
     * Compiles a file on disk; an unreadable file is a diagnostic (E0001), not an exception. A
     * checkpoint ({@code best.pt}) compiles the model YAML it embeds, see {@link #compileCheckpoint}.
     */
    public static Compilation compile(Path path, CompileOptions options) {
        if (Checkpoint.isCheckpoint(path)) {
            return compileCheckpoint(path, options).compilation();
        }
        Diagnostics diags = new Diagnostics();
        String display = path.toString();
        Optional<ModelFile> located = ModelFile.locate(path);
        if (located.isEmpty()) {
            SourceFile none = new SourceFile(display, "");
            String alt = ModelFile.unified(path).map(u -> " (nor " + u + ")").orElse("");
            boolean special = Files.exists(path) && !Files.isDirectory(path); // a device, FIFO or socket
            diags.report(DiagCode.E0001, Span.NONE, special ? NOT_REGULAR : "no such file" + alt)
                    .hint(
                            Files.isDirectory(path)
                                    ? "this is a directory; give a .yaml file"
                                    : special ? NOT_REGULAR_HINT : "check the path")
                    .emit();
            return new Compilation(none, Optional.empty(), diags.sorted());
        }
        Path actual = located.get().actual();
        if (!Files.isRegularFile(actual)) {
            // a FIFO would block until someone writes to it, a device such as /dev/zero never ends
            diags.report(DiagCode.E0001, Span.NONE, NOT_REGULAR)
                    .hint(NOT_REGULAR_HINT)
                    .emit();
            return new Compilation(new SourceFile(actual.toString(), ""), Optional.empty(), diags.sorted());
        }
        byte[] bytes;
        int max = options.yamlLimits().maxBytes();
        try (java.io.InputStream in = Files.newInputStream(actual)) {
            long size = Files.size(actual);
            // read at most one byte past the limit, whatever the size said (the file may grow meanwhile)
            bytes = size > max ? new byte[0] : in.readNBytes(max + 1);
            if (size > max || bytes.length > max) {
                diags.report(
                                DiagCode.E0006,
                                Span.NONE,
                                "file is " + Math.max(size, bytes.length) + " bytes, more than the limit of " + max)
                        .hint("model files are a few kilobytes; check that this is the right file")
                        .emit();
                return new Compilation(new SourceFile(actual.toString(), ""), Optional.empty(), diags.sorted());
            }
        } catch (NoSuchFileException e) {
            diags.error(DiagCode.E0001, Span.NONE, "no such file");
            return new Compilation(new SourceFile(actual.toString(), ""), Optional.empty(), diags.sorted());
        } catch (IOException e) {
            diags.error(DiagCode.E0001, Span.NONE, "cannot read the file: " + e.getMessage());
            return new Compilation(new SourceFile(actual.toString(), ""), Optional.empty(), diags.sorted());
        }
        return compile(actual.toString(), bytes, options);
    }

    /**
     * Reads a checkpoint ({@code best.pt}, {@code last.pt}; nothing in it is run) and compiles the model
     * YAML it embeds, as {@link #compile(Checkpoint, String, CompileOptions)} does. A file that cannot be
     * used (missing, not a checkpoint, truncated, a forbidden global, no model YAML) is one diagnostic:
     * E0001 for a missing or unreadable file, E0010 for everything else.
     */
    public static CheckpointCompilation compileCheckpoint(Path path, CompileOptions options) {
        Diagnostics diags = new Diagnostics();
        String display = path.toString();
        SourceFile none = new SourceFile(display, "");
        if (!Files.isRegularFile(path)) {
            diags.report(DiagCode.E0001, Span.NONE, Files.isDirectory(path) ? "this is a directory" : "no such file")
                    .hint(Files.isDirectory(path) ? "give a .pt file" : "check the path")
                    .emit();
            return new CheckpointCompilation(new Compilation(none, Optional.empty(), diags.sorted()), Optional.empty());
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.read(path);
        } catch (CheckpointException e) {
            diags.report(DiagCode.E0010, Span.NONE, e.getMessage())
                    .hint(
                            e instanceof ForbiddenGlobalException
                                    ? "Ultralytics checkpoints name only tensors and module classes; "
                                            + "a file that names anything else may be built to run code when Python loads it "
                                            + "(docs/checkpoints.md lists what is allowed)"
                                    : null)
                    .emit();
            return new CheckpointCompilation(new Compilation(none, Optional.empty(), diags.sorted()), Optional.empty());
        }
        return new CheckpointCompilation(compile(checkpoint, display, options), Optional.of(checkpoint));
    }

    /**
     * Compiles the model YAML a checkpoint embeds ({@code model.yaml}, the dict Ultralytics built the
     * model from). Diagnostics name key paths into it ({@code best.pt:model.yaml.backbone[3]}). The
     * scale is the one the model was built with (the dict's {@code scale}, else the first of its
     * {@code scales}, as Ultralytics chose it) unless {@code options} gives one; the model is named
     * after the YAML file it was trained from, as Ultralytics' summary names it.
     */
    public static Compilation compile(Checkpoint checkpoint, String name, CompileOptions options) {
        Diagnostics diags = new Diagnostics();
        if (checkpoint.yaml().isEmpty()) {
            diags.report(
                            DiagCode.E0010,
                            Span.NONE,
                            "the checkpoint holds "
                                    + (checkpoint.modelKey().isEmpty()
                                            ? "a bare state dict"
                                            : "a model without its YAML (model.yaml)")
                                    + ": there is no model to compile")
                    .hint("give the model YAML and pass the checkpoint as its weights (run model.yaml --weights "
                            + Path.of(name).getFileName() + ")")
                    .emit();
            return done(new SourceFile(name, ""), null, diags);
        }
        Map<String, Object> dict = new LinkedHashMap<>(checkpoint.yaml().get());
        // keys Ultralytics adds when it loads a YAML: what they say is applied below, not re-read
        Object scale = dict.remove("scale");
        Object yamlFile = dict.remove("yaml_file");
        CompileOptions effective = options;
        if (yamlFile instanceof String f && !f.isBlank()) {
            String unix = f.replace('\\', '/');
            effective = effective.withRequestedName(unix.substring(unix.lastIndexOf('/') + 1));
        }
        if (options.scale().isEmpty()) {
            if (scale instanceof String s && !s.isEmpty()) {
                effective = effective.withScale(s);
            } else if (dict.get("scales") instanceof Map<?, ?> scales
                    && !scales.isEmpty()
                    && scales.keySet().iterator().next() instanceof String first) {
                effective = effective.withScale(first);
            }
        }
        Optional<EmbeddedYaml.Document> doc = EmbeddedYaml.of(name, "model.yaml", dict, options.yamlLimits(), diags);
        if (doc.isEmpty() || !imgszInRange(options, diags)) {
            return done(new SourceFile(name, ""), null, diags);
        }
        return compile(doc.get().source(), doc.get().root(), effective, diags);
    }

    /** Compiles bytes read elsewhere; {@code name} is what diagnostics print. */
    public static Compilation compile(String name, byte[] bytes, CompileOptions options) {
        Diagnostics diags = new Diagnostics();
        Optional<SourceFile> source = new SourceLoader(options.yamlLimits()).decode(name, bytes, diags);
        if (source.isEmpty()) {
            return new Compilation(new SourceFile(name, ""), Optional.empty(), diags.sorted());
        }
        return compile(source.get(), options, diags);
    }

    /** Compiles text already in memory. */
    public static Compilation compile(SourceFile source, CompileOptions options) {
        return compile(source, options, new Diagnostics());
    }

    private static Compilation compile(SourceFile source, CompileOptions options, Diagnostics diags) {
        if (!imgszInRange(options, diags)) {
            return done(source, null, diags);
        }
        Optional<Value> document = new SourceLoader(options.yamlLimits()).load(source, diags);
        if (document.isEmpty()) {
            return done(source, null, diags);
        }
        return compile(source, document.get(), options, diags);
    }

    /** The CLI refuses such sizes as a usage error; this guards callers of the Java API. */
    private static boolean imgszInRange(CompileOptions options, Diagnostics diags) {
        if (options.imgsz() < 1 || options.imgsz() > options.limits().maxImgsz()) {
            diags.report(
                            DiagCode.E0507,
                            Span.NONE,
                            "image size " + options.imgsz() + " is outside 1 to "
                                    + options.limits().maxImgsz())
                    .emit();
            return false;
        }
        return true;
    }

    /** The pipeline after the YAML front end: the document's structure, resolution, shapes, assembly. */
    private static Compilation compile(SourceFile source, Value document, CompileOptions options, Diagnostics diags) {
        Optional<ModelSyntax> syntax = new SyntaxReader().read(source, document, diags);
        if (syntax.isEmpty() || syntax.get().layers().isEmpty()) {
            return done(source, null, diags);
        }
        Optional<ResolvedModel> resolved = new Resolver(options, diags).resolve(syntax.get());
        if (resolved.isEmpty()) {
            return done(source, null, diags);
        }
        ShapeChecker checker = new ShapeChecker(resolved.get());
        List<Shape> shapes = checker.check(options.imgsz(), diags);
        PartialModel partial = new PartialModel(resolved.get(), shapes, options.imgsz());
        if (diags.hasErrors()) {
            return done(source, null, diags, partial);
        }
        ModelIr ir = assemble(resolved.get(), checker, shapes, options, source, diags);
        return done(source, diags.hasErrors() ? null : ir, diags, partial);
    }

    private static Compilation done(SourceFile source, ModelIr ir, Diagnostics diags) {
        return done(source, ir, diags, null);
    }

    private static Compilation done(SourceFile source, ModelIr ir, Diagnostics diags, PartialModel partial) {
        return new Compilation(
                source,
                Optional.ofNullable(ir),
                diags.sorted(),
                Optional.ofNullable(partial),
                diags.hiddenErrors(),
                diags.hiddenWarnings());
    }

    private static ModelIr assemble(
            ResolvedModel model,
            ShapeChecker checker,
            List<Shape> shapes,
            CompileOptions options,
            SourceFile source,
            Diagnostics diags) {
        Shape image = checker.image(options.imgsz(), options.imgsz());
        List<LayerIr> layers = new ArrayList<>();
        long params = 0;
        long frozen = 0;
        int leaves = 0;
        int norms = 0;
        Set<String> shared = new HashSet<>();
        for (ResolvedLayer l : model.layers()) {
            List<Shape> in = ShapeChecker.inputsOf(l, shapes, image);
            Shape out = shapes.get(l.index());
            long p = l.instance().params();
            params += p;
            frozen += l.instance().frozenParams();
            leaves += l.instance().leaves();
            norms += l.instance().norms();
            shared.addAll(l.instance().sharedLeaves());
            layers.add(new LayerIr(
                    l.index(),
                    l.syntax().section(),
                    l.fromAsWritten(),
                    l.inputs(),
                    l.repeats(),
                    l.spec(),
                    l.instance(),
                    l.instance().args(),
                    in,
                    out,
                    p,
                    l.instance().frozenParams(),
                    l.syntax().span(),
                    l.instance().extras(in, out)));
        }
        if (params > options.limits().maxParams()) {
            diags.report(
                            DiagCode.E0507,
                            Span.NONE,
                            "the model has " + params + " parameters, more than the limit of "
                                    + options.limits().maxParams())
                    .emit();
        }
        ResolvedLayer last = model.layers().get(model.layers().size() - 1);
        List<Double> strides = last.instance()
                .strides(ShapeChecker.inputsOf(last, shapes, image))
                .orElse(model.task().orElse(Task.DETECT) == Task.CLASSIFY ? List.of(1.0) : List.of(32.0));
        FlopCounter counter = new FlopCounter(model, checker);
        FlopCounter.Result at640 = counter.gflops(CompileOptions.DEFAULT_IMGSZ, strides);
        FlopCounter.Result atImgsz =
                options.imgsz() == CompileOptions.DEFAULT_IMGSZ ? at640 : counter.gflops(options.imgsz(), strides);
        if (at640.ultralyticsFails()) {
            diags.report(
                            DiagCode.W0502,
                            Span.NONE,
                            "Ultralytics prints no GFLOPs for this model: its counter fails at 640x640")
                    .hint("yamlnet reports its own static count instead")
                    .emit();
        }
        String name = ModelFile.stem(options.requestedName());
        return new ModelIr(
                name,
                source.name(),
                model.scale(),
                model.scales(),
                model.depth(),
                model.width(),
                model.maxChannels(),
                options.imgsz(),
                model.channels(),
                model.task().orElse(null),
                model.nc().orElse(null),
                layers,
                params,
                params - frozen,
                leaves + shared.size(),
                at640.yamlnet(),
                at640.ultralytics(),
                atImgsz.yamlnet(),
                strides,
                model.save(),
                norms < 10,
                counter.gflopsTorch2(CompileOptions.DEFAULT_IMGSZ, at640));
    }
}
