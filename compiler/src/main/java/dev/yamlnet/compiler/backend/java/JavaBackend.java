package dev.yamlnet.compiler.backend.java;

import static dev.yamlnet.compiler.backend.java.JavaNames.checkClassName;
import static dev.yamlnet.compiler.backend.java.JavaText.safeComment;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.backend.LayerBlocks;
import dev.yamlnet.compiler.backend.ModelLoadException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * The Java back end: prints a compiled model as one plain Java class that builds the same
 * {@code ModelGraph} the DJL back end builds, from the same module instances' block calls (printed by
 * {@link JavaBlocks}, built by the DJL back end's factory), so a project can
 * ship a model without YAML parsing at run time. Every value taken from the YAML reaches the source
 * as numbers printed here, as string literals of printable ASCII ({@link JavaText#javaString}), or as
 * comments of printable ASCII without comment delimiters ({@link JavaText#safeComment}); identifiers
 * are checked ({@link JavaNames}) or built from ASCII letters and digits only ({@link ClassNames}).
 * This class generates the source; naming, checks and sanitising are in those three classes.
 */
public final class JavaBackend {
    private static final ClassName MODEL_GRAPH = ClassName.get("dev.yamlnet.runtime", "ModelGraph");
    private static final ClassName WEIGHT_LOADER = ClassName.get("dev.yamlnet.runtime.weights", "WeightLoader");
    private static final ClassName WEIGHT_LOAD_EXCEPTION =
            ClassName.get("dev.yamlnet.runtime.weights", "WeightLoadException");
    private static final ClassName MODEL_GRAPH_BUILDER = ClassName.get("dev.yamlnet.runtime", "ModelGraph", "Builder");
    private static final Pattern SECTION = Pattern.compile("[a-z]+");
    private static final java.util.Set<String> RESERVED = java.util.Set.of("block", "strides", "layers");
    /** At most this many layers per generated method (readability; sections are usually far shorter). */
    static final int MAX_LAYERS_PER_METHOD = 64;
    /** At most this many characters of statements per generated method (Java's 64 KB bytecode limit). */
    static final int MAX_CHARS_PER_METHOD = 16_000;

    private JavaBackend() {}

    /**
     * Thrown when a requested package or class name cannot be used. {@link #code()} is the diagnostic
     * code to report it under: E0902 for a package, E0903 for a class name.
     */
    public static final class InvalidNameException extends Exception {
        private static final long serialVersionUID = 1L;

        /** E0902 (package) or E0903 (class name). */
        private final DiagCode code;

        /**
         * A class name that cannot be used (E0903).
         *
         * @param message what is wrong with it
         */
        public InvalidNameException(String message) {
            this(DiagCode.E0903, message);
        }

        /**
         * A name that cannot be used, reported under {@code code}.
         *
         * @param code E0902 for a package, E0903 for a class name
         * @param message what is wrong with it
         */
        public InvalidNameException(DiagCode code, String message) {
            super(message);
            this.code = code;
        }

        /**
         * The code to report this under.
         *
         * @return E0902 (package) or E0903 (class name)
         */
        public DiagCode code() {
            return code;
        }
    }

    /**
     * The class name for a requested file: {@code yolov8n-bot3.yaml} gives {@code Yolov8nBot3Model}.
     * Characters other than ASCII letters and digits separate words; a name starting with a digit
     * gets {@code Model} in front too.
     *
     * @param requestedFile the model file as the user named it (directories and extension are dropped)
     * @return the simple name of the class
     * @throws InvalidNameException (E0903) when the file's stem has no ASCII letter or digit
     */
    public static String className(String requestedFile) throws InvalidNameException {
        return ClassNames.of(requestedFile);
    }

    /**
     * Checks a package name: lowercase ASCII segments, no Java keyword.
     *
     * @param pkg the package, e.g. {@code com.example.models}
     * @throws InvalidNameException (E0902) when it cannot be used
     */
    public static void checkPackage(String pkg) throws InvalidNameException {
        JavaNames.checkPackage(pkg);
    }

    /** The class name of a compiled model: {@link #className(String, String, List)} with its scale and scale keys. */
    public static String className(String requestedFile, ModelIr model) throws InvalidNameException {
        return className(requestedFile, model.scale(), model.scales());
    }

    /**
     * The class name for a requested file at a scale: the file's name with the scale letter in it, as
     * Ultralytics names scaled files ({@code yolov8-bot3.yaml} at scale {@code n} gives
     * {@code Yolov8nBot3Model}, as {@code yolov8n-bot3.yaml} does). A scale letter right after the
     * version number is replaced ({@code yolov8n.yaml} at {@code s}: {@code Yolov8sModel}); it is one
     * of the model's own scale keys ({@code scaleKeys}: {@code yolov8t.yaml} with a {@code t} scale, at
     * {@code t}, gives {@code Yolov8tModel}) or a letter Ultralytics reads as a scale (n, s, m, l, x).
     * A name without a version number gets the scale as a last word ({@code mynet.yaml} at {@code s}:
     * {@code MynetSModel}). An empty scale (a model without a scales table) changes nothing.
     *
     * @param requestedFile the model file as the user named it
     * @param scale the scale the class builds, or empty or null for none
     * @param scaleKeys the keys of the model's {@code scales} table
     * @return the simple name of the class
     * @throws InvalidNameException (E0903) when the file name has no ASCII letters or digits, with or
     *     without a scale
     */
    public static String className(String requestedFile, String scale, List<String> scaleKeys)
            throws InvalidNameException {
        return ClassNames.of(requestedFile, scale, scaleKeys);
    }

    /**
     * {@link #className(String, String, List)} for a model whose scale table is not known (n, s, m,
     * l and x are read as scale letters).
     *
     * @param requestedFile the model file as the user named it
     * @param scale the scale the class builds, or empty or null for none
     * @return the simple name of the class
     * @throws InvalidNameException (E0903) when the file name has no ASCII letters or digits
     */
    public static String className(String requestedFile, String scale) throws InvalidNameException {
        return ClassNames.of(requestedFile, scale);
    }

    /**
     * Generates the source of the class; identical inputs give identical bytes.
     *
     * @param model the compiled model
     * @param pkg the package of the class
     * @param className the simple name of the class
     * @return the source file
     * @throws ModelLoadException when a layer has no runtime block (its diagnostics, E0901, name the rows)
     * @throws InvalidNameException when the package or class name cannot be used
     */
    public static JavaFile generate(ModelIr model, String pkg, String className)
            throws ModelLoadException, InvalidNameException {
        checkPackage(pkg);
        checkClassName(className);
        List<CodeBlock> calls = LayerBlocks.require(model, JavaBlocks.INSTANCE, "generated");

        MethodSpec.Builder block = MethodSpec.methodBuilder("block")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(MODEL_GRAPH)
                .addJavadoc(
                        "Builds the model's block, uninitialised, with Ultralytics' parameter names "
                                + "({@code model.0.conv.weight}...).\n"
                                + "Initialise it for {@code [1, CHANNELS, IMGSZ, IMGSZ]} and load weights with {@link #loadWeights}.\n")
                .addStatement("$T graph = $T.builder()", MODEL_GRAPH_BUILDER, MODEL_GRAPH);
        List<MethodSpec> parts = new ArrayList<>();
        for (List<LayerIr> part : parts(model.layers(), calls)) {
            MethodSpec method = part(part, calls, partName(part, model.layers()));
            parts.add(method);
            block.addStatement("$N(graph)", method);
        }
        block.addStatement("$T g = graph.build()", MODEL_GRAPH);
        block.addComment(
                model.batchNormEpsilon() == ModelIr.DETECTION_BN_EPS
                        ? "Ultralytics sets BatchNorm eps to 1e-3 in detection-family models"
                        : "PyTorch's default BatchNorm eps");
        block.addStatement("g.setBatchNormEpsilon($Lf)", Float.toString(model.batchNormEpsilon()));
        block.addStatement("return g");

        MethodSpec load = MethodSpec.methodBuilder("loadWeights")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(MODEL_GRAPH, "graph")
                .addParameter(Path.class, "file")
                .addException(WEIGHT_LOAD_EXCEPTION)
                .addJavadoc(
                        "Loads an Ultralytics state dict ({@code .safetensors} or {@code .npz}) into an initialised block.\n"
                                + "Nothing changes unless every tensor fits.\n")
                .addStatement("$T.load(graph, file)", WEIGHT_LOADER)
                .build();

        CodeBlock.Builder strides = CodeBlock.builder();
        for (int i = 0; i < model.strides().size(); i++) {
            strides.add(i == 0 ? "$L" : ", $L", Integer.toString((int)
                    Math.round(model.strides().get(i))));
        }
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L", javadoc(model))
                .addField(FieldSpec.builder(int.class, "IMGSZ", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The square input size, in pixels, the shapes above were computed for.\n")
                        .initializer("$L", Integer.toString(model.imgsz()))
                        .build())
                .addField(FieldSpec.builder(int.class, "CHANNELS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Input channels.\n")
                        .initializer("$L", Integer.toString(model.channels()))
                        .build())
                .addField(FieldSpec.builder(int.class, "NC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Number of classes (0 when the model has none).\n")
                        .initializer("$L", Integer.toString(model.nc() == null ? 0 : model.nc()))
                        .build())
                .addField(FieldSpec.builder(int[].class, "STRIDES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("{$L}", strides.build())
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .build())
                .addMethod(MethodSpec.methodBuilder("strides")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(int[].class)
                        .addJavadoc("The head's strides, in pixels (a copy).\n")
                        .addStatement("return STRIDES.clone()")
                        .build())
                .addMethod(block.build());
        parts.forEach(type::addMethod);
        type.addMethod(load);
        return JavaFile.builder(pkg, type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /**
     * Layers grouped into the private methods {@code block()} calls: one per section ({@code backbone},
     * {@code head}), cut into several when a section has more than {@link #MAX_LAYERS_PER_METHOD} layers
     * or more than {@link #MAX_CHARS_PER_METHOD} characters of statements. A method's bytecode is at most
     * about twice its statements' characters (an array element {@code 128, } is 7 bytes), so every
     * method stays far below Java's 64 KB limit whatever the model's size.
     */
    private static List<List<LayerIr>> parts(List<LayerIr> layers, List<CodeBlock> calls) {
        List<List<LayerIr>> out = new ArrayList<>();
        List<LayerIr> current = new ArrayList<>();
        int chars = 0;
        for (LayerIr l : layers) {
            int size = statement(l, calls.get(l.index())).toString().length();
            boolean newSection = !current.isEmpty() && !current.get(0).section().equals(l.section());
            boolean full = current.size() >= MAX_LAYERS_PER_METHOD
                    || (!current.isEmpty() && chars + size > MAX_CHARS_PER_METHOD);
            if (newSection || full) {
                out.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            current.add(l);
            chars += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** {@code backbone}, or {@code backbone0To63} when the section is cut into several methods. */
    private static String partName(List<LayerIr> part, List<LayerIr> all) {
        String section = part.get(0).section();
        String name = SECTION.matcher(section).matches() && !RESERVED.contains(section) ? section : "layers";
        long inSection = all.stream().filter(l -> l.section().equals(section)).count();
        if (inSection == part.size()) {
            return name;
        }
        return name + part.get(0).index() + "To" + part.get(part.size() - 1).index();
    }

    private static MethodSpec part(List<LayerIr> layers, List<CodeBlock> calls, String name) {
        LayerIr first = layers.get(0);
        LayerIr last = layers.get(layers.size() - 1);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(MODEL_GRAPH_BUILDER, "graph")
                .addJavadoc(
                        "$L",
                        safeComment(capitalized(first.section()))
                                + (first == last
                                        ? " layer " + first.index()
                                        : " layers " + first.index() + " to " + last.index())
                                + ".\n");
        for (LayerIr l : layers) {
            String output = Shape.outputText(l.output());
            m.addComment("$L", safeComment("layer " + l.index() + ": " + l.module() + ", output " + output));
            m.addStatement(statement(l, calls.get(l.index())));
        }
        return m.build();
    }

    /** {@code graph.add(Layers.conv(3, 16, 3, 2, 1, 1, 1, true), -1)}, the call as {@link JavaBlocks} printed it. */
    private static CodeBlock statement(LayerIr l, CodeBlock call) {
        return CodeBlock.of("graph.add($L, $L)", call, ints(l.inputs()));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String javadoc(ModelIr model) {
        StringBuilder sb = new StringBuilder();
        sb.append("The ")
                .append(safeComment(model.name()))
                .append(" network, generated by yamlnet from ")
                .append(safeComment(ModelFile.fileName(String.valueOf(model.source()))))
                .append(model.scale().isEmpty() ? "" : " at scale " + safeComment(model.scale()))
                .append(" for ")
                .append(model.imgsz())
                .append("x")
                .append(model.imgsz())
                .append(" images.\nDo not edit: regenerate it.\n\n<pre>\n");
        sb.append(String.format(Locale.ROOT, "%3s  %-16s %-12s %10s  %s%n", "", "from", "module", "params", "output"));
        for (LayerIr l : model.layers()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%3d  %-16s %-12s %,10d  %s%n",
                    l.index(),
                    safeComment(from(l.from())),
                    safeComment(l.module()),
                    l.params(),
                    safeComment(Shape.outputText(l.output()))));
        }
        sb.append("</pre>\n\n");
        sb.append(String.format(
                Locale.ROOT, "%,d parameters, strides %s.%n", model.params(), strideText(model.strides())));
        return sb.toString();
    }

    private static String from(Object from) {
        return from instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ", "[", "]"))
                : String.valueOf(from);
    }

    private static String strideText(List<Double> strides) {
        return strides.stream()
                .map(d -> Integer.toString((int) Math.round(d)))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String ints(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(values.get(i).intValue());
        }
        return sb.toString();
    }
}
