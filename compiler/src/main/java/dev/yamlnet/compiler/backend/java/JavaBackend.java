package dev.yamlnet.compiler.backend.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.yamlnet.compiler.backend.RuntimeRecipes;
import dev.yamlnet.compiler.backend.djl.DjlBackend;
import dev.yamlnet.compiler.backend.djl.ModelLoadException;
import dev.yamlnet.compiler.diag.DiagCode;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.summary.SummaryText;
import dev.yamlnet.runtime.recipe.BlockRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The Java back end: prints a compiled model as one plain Java class that builds the same
 * {@code ModelGraph} the DJL back end builds, from the same {@link BlockRecipe}s, so a project can
 * ship a model without YAML parsing at run time. Every value taken from the YAML reaches the source
 * as numbers printed here, as string literals of printable ASCII ({@link #javaString}), or as comments
 * of printable ASCII without comment delimiters ({@link #safeComment}); identifiers are checked or
 * built from ASCII letters and digits only.
 */
public final class JavaBackend {
    private static final ClassName MODEL_GRAPH = ClassName.get("dev.yamlnet.runtime", "ModelGraph");
    private static final ClassName LAYERS = ClassName.get("dev.yamlnet.runtime.blocks", "Layers");
    private static final ClassName WEIGHT_LOADER = ClassName.get("dev.yamlnet.runtime.weights", "WeightLoader");
    private static final ClassName WEIGHT_LOAD_EXCEPTION =
            ClassName.get("dev.yamlnet.runtime.weights", "WeightLoadException");
    private static final ClassName MODEL_GRAPH_BUILDER = ClassName.get("dev.yamlnet.runtime", "ModelGraph", "Builder");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    /** {@code yolov8}, {@code yolo11}, {@code yoloe-11}: where Ultralytics' file names put the scale letter. */
    private static final Pattern VERSION = Pattern.compile("yolo(?:e-)?v?\\d+");
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

        private final DiagCode code;

        public InvalidNameException(String message) {
            this(DiagCode.E0903, message);
        }

        public InvalidNameException(DiagCode code, String message) {
            super(message);
            this.code = code;
        }

        /** E0902 (package) or E0903 (class name). */
        public DiagCode code() {
            return code;
        }
    }

    /**
     * The class name for a requested file and scale: {@code yolov8n-bot3.yaml} gives
     * {@code Yolov8nBot3Model}. Characters other than ASCII letters and digits separate words.
     */
    public static String className(String requestedFile) throws InvalidNameException {
        return fromStem(stem(requestedFile));
    }

    /** {@code yolov8n-bot3} to {@code Yolov8nBot3Model}: ASCII letters and digits kept, anything else separates words. */
    private static String fromStem(String stem) throws InvalidNameException {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : stem.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (sb.length() == 0) {
            throw new InvalidNameException("file name '" + stem + "' has no letters or digits to name a class");
        }
        if (Character.isDigit(sb.charAt(0))) {
            sb.insert(0, "Model");
        }
        sb.append("Model");
        return sb.toString();
    }

    /** Checks a package name: lowercase ASCII segments, no Java keyword. */
    public static void checkPackage(String pkg) throws InvalidNameException {
        if (!PACKAGE.matcher(pkg).matches()) {
            throw new InvalidNameException(DiagCode.E0902,
                    "package '" + safeComment(pkg) + "' is not a lowercase dotted Java package name");
        }
        for (String part : pkg.split("\\.")) {
            if (SourceVersion.isKeyword(part)) {
                throw new InvalidNameException(DiagCode.E0902, "package segment '" + part + "' is a Java keyword");
            }
        }
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
     * @throws InvalidNameException (E0903) when the file name has no ASCII letters or digits, with or
     *     without a scale
     */
    public static String className(String requestedFile, String scale, List<String> scaleKeys) throws InvalidNameException {
        String unscaled = className(requestedFile);
        if (scale == null || scale.isEmpty()) {
            return unscaled;
        }
        String stem = stem(requestedFile);
        Matcher m = VERSION.matcher(stem);
        if (!m.find()) {
            return fromStem(stem + "-" + scale);
        }
        int at = m.end();
        return fromStem(stem.substring(0, at) + scale + stem.substring(at + scaleLetterLength(stem, at, scaleKeys)));
    }

    /** How long the scale letter at {@code at} of the stem is: the longest matching scale key, else 1 for n/s/m/l/x, else 0. */
    private static int scaleLetterLength(String stem, int at, List<String> scaleKeys) {
        int longest = 0;
        for (String key : scaleKeys) {
            if (key.length() > longest && stem.startsWith(key, at)) {
                longest = key.length();
            }
        }
        if (longest == 0 && at < stem.length() && "nslmx".indexOf(stem.charAt(at)) >= 0) {
            longest = 1;
        }
        return longest;
    }

    /** The file name without directories and without everything from its first dot, as {@link #className(String)} reads it. */
    private static String stem(String requestedFile) {
        String stem = requestedFile.replace('\\', '/');
        stem = stem.substring(stem.lastIndexOf('/') + 1);
        int dot = stem.indexOf('.');
        return dot > 0 ? stem.substring(0, dot) : stem;
    }

    /**
     * Generates the source of the class; identical inputs give identical bytes.
     *
     * @throws ModelLoadException when a layer has no runtime block (its diagnostics, E0901, name the rows)
     * @throws InvalidNameException when the package or class name cannot be used
     */
    public static JavaFile generate(ModelIr model, String pkg, String className)
            throws ModelLoadException, InvalidNameException {
        checkPackage(pkg);
        checkClassName(className);
        List<BlockRecipe> recipes = RuntimeRecipes.require(model, "generated");

        MethodSpec.Builder block = MethodSpec.methodBuilder("block")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(MODEL_GRAPH)
                .addJavadoc("Builds the model's block, uninitialised, with Ultralytics' parameter names "
                        + "({@code model.0.conv.weight}...).\n"
                        + "Initialise it for {@code [1, CHANNELS, IMGSZ, IMGSZ]} and load weights with {@link #loadWeights}.\n")
                .addStatement("$T graph = $T.builder()", MODEL_GRAPH_BUILDER, MODEL_GRAPH);
        List<MethodSpec> parts = new ArrayList<>();
        for (List<LayerIr> part : parts(model.layers(), recipes)) {
            MethodSpec method = part(part, recipes, partName(part, model.layers()));
            parts.add(method);
            block.addStatement("$N(graph)", method);
        }
        block.addStatement("$T g = graph.build()", MODEL_GRAPH);
        block.addComment(DjlBackend.batchNormEpsilon(model) == DjlBackend.DETECTION_BN_EPS
                ? "Ultralytics sets BatchNorm eps to 1e-3 in detection-family models" : "PyTorch's default BatchNorm eps");
        block.addStatement("g.setBatchNormEpsilon($Lf)", Float.toString(DjlBackend.batchNormEpsilon(model)));
        block.addStatement("return g");

        MethodSpec load = MethodSpec.methodBuilder("loadWeights")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(MODEL_GRAPH, "graph")
                .addParameter(Path.class, "file")
                .addException(WEIGHT_LOAD_EXCEPTION)
                .addJavadoc("Loads an Ultralytics state dict ({@code .safetensors} or {@code .npz}) into an initialised block.\n"
                        + "Nothing changes unless every tensor fits.\n")
                .addStatement("$T.load(graph, file)", WEIGHT_LOADER)
                .build();

        CodeBlock.Builder strides = CodeBlock.builder();
        for (int i = 0; i < model.strides().size(); i++) {
            strides.add(i == 0 ? "$L" : ", $L", Integer.toString((int) Math.round(model.strides().get(i))));
        }
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L", javadoc(model))
                .addField(FieldSpec.builder(int.class, "IMGSZ", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The square input size, in pixels, the shapes above were computed for.\n")
                        .initializer("$L", Integer.toString(model.imgsz())).build())
                .addField(FieldSpec.builder(int.class, "CHANNELS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Input channels.\n")
                        .initializer("$L", Integer.toString(model.channels())).build())
                .addField(FieldSpec.builder(int.class, "NC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Number of classes (0 when the model has none).\n")
                        .initializer("$L", Integer.toString(model.nc() == null ? 0 : model.nc())).build())
                .addField(FieldSpec.builder(int[].class, "STRIDES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("{$L}", strides.build()).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("strides").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(int[].class).addJavadoc("The head's strides, in pixels (a copy).\n")
                        .addStatement("return STRIDES.clone()").build())
                .addMethod(block.build());
        parts.forEach(type::addMethod);
        type.addMethod(load);
        return JavaFile.builder(pkg, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static void checkClassName(String className) throws InvalidNameException {
        if (!SourceVersion.isName(className) || !className.chars().allMatch(c -> c < 128)) {
            throw new InvalidNameException("class name '" + safeComment(className) + "' is not a Java identifier");
        }
    }

    /**
     * Layers grouped into the private methods {@code block()} calls: one per section ({@code backbone},
     * {@code head}), cut into several when a section has more than {@link #MAX_LAYERS_PER_METHOD} layers
     * or more than {@link #MAX_CHARS_PER_METHOD} characters of statements. A method's bytecode is at most
     * about twice its statements' characters (an array element {@code 128, } is 7 bytes), so every
     * method stays far below Java's 64 KB limit whatever the model's size.
     */
    private static List<List<LayerIr>> parts(List<LayerIr> layers, List<BlockRecipe> recipes) {
        List<List<LayerIr>> out = new ArrayList<>();
        List<LayerIr> current = new ArrayList<>();
        int chars = 0;
        for (LayerIr l : layers) {
            int size = statement(l, recipes.get(l.index())).toString().length();
            boolean newSection = !current.isEmpty() && !current.get(0).section().equals(l.section());
            boolean full = current.size() >= MAX_LAYERS_PER_METHOD || (!current.isEmpty() && chars + size > MAX_CHARS_PER_METHOD);
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

    private static MethodSpec part(List<LayerIr> layers, List<BlockRecipe> recipes, String name) {
        LayerIr first = layers.get(0);
        LayerIr last = layers.get(layers.size() - 1);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(MODEL_GRAPH_BUILDER, "graph")
                .addJavadoc("$L", safeComment(capitalized(first.section()))
                        + (first == last ? " layer " + first.index() : " layers " + first.index() + " to " + last.index()) + ".\n");
        for (LayerIr l : layers) {
            String output = SummaryText.outputText(l.output());
            m.addComment("$L", safeComment("layer " + l.index() + ": " + l.module() + ", output " + output));
            m.addStatement(statement(l, recipes.get(l.index())));
        }
        return m.build();
    }

    /** {@code graph.add(Layers.conv(3, 16, 3, 2, 1, 1, 1, true), -1)}. */
    private static CodeBlock statement(LayerIr l, BlockRecipe r) {
        CodeBlock block = r.factoryClass().equals(BlockRecipe.LAYERS)
                ? call(r) // Layers' factories return blocks
                : CodeBlock.of("$T.asBlock($L)", LAYERS, call(r));
        return CodeBlock.of("graph.add($L, $L)", block, ints(l.inputs()));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String javadoc(ModelIr model) {
        StringBuilder sb = new StringBuilder();
        sb.append("The ").append(safeComment(model.name())).append(" network, generated by yamlnet from ")
                .append(safeComment(fileName(model.source())))
                .append(model.scale().isEmpty() ? "" : " at scale " + safeComment(model.scale()))
                .append(" for ").append(model.imgsz()).append("x").append(model.imgsz())
                .append(" images.\nDo not edit: regenerate it.\n\n<pre>\n");
        sb.append(String.format(Locale.ROOT, "%3s  %-16s %-12s %10s  %s%n", "", "from", "module", "params", "output"));
        for (LayerIr l : model.layers()) {
            sb.append(String.format(Locale.ROOT, "%3d  %-16s %-12s %,10d  %s%n", l.index(), safeComment(from(l.from())),
                    safeComment(l.module()), l.params(), safeComment(SummaryText.outputText(l.output()))));
        }
        sb.append("</pre>\n\n");
        sb.append(String.format(Locale.ROOT, "%,d parameters, strides %s.%n", model.params(), strideText(model.strides())));
        return sb.toString();
    }

    private static String from(Object from) {
        return from instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ", "[", "]"))
                : String.valueOf(from);
    }

    private static String strideText(List<Double> strides) {
        return strides.stream().map(d -> Integer.toString((int) Math.round(d)))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String fileName(String source) {
        String s = String.valueOf(source).replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** Text for comments: printable ASCII only, no comment terminators, no unicode escapes, no HTML. */
    static String safeComment(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 && c != '\\' && c != '<' && c != '>' && c != '&' && c != '@' ? c : '?');
        }
        return sb.toString().replace("*/", "*?").replace("/*", "?*");
    }

    /**
     * A string as a Java literal of printable ASCII only, on one line. JavaPoet's {@code $S} writes
     * non-ASCII characters as they are, and JavaPoet starts a new line at every Unicode line break in
     * the code it writes (U+2028 and U+0085 included), even inside a literal, which leaves the literal
     * unclosed (found by the hostile-YAML test). Here quotes, backslashes and control characters get the
     * escapes the lexer reads ({@code \n}, octal {@code \013}), and every character from U+0080 up a
     * unicode escape; those are decoded before lexing, which is safe because none of them decodes to a
     * quote, a backslash or a line terminator.
     */
    static String javaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format(Locale.ROOT, "\\%03o", (int) c));
                    } else if (c >= 0x80) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static CodeBlock call(BlockRecipe r) {
        ClassName factory = ClassName.bestGuess(r.factoryClass());
        CodeBlock.Builder b = CodeBlock.builder().add("$T.$N(", factory, r.method());
        for (int i = 0; i < r.args().size(); i++) {
            b.add(i == 0 ? "" : ", ").add(literal(r.args().get(i)));
        }
        return b.add(")").build();
    }

    private static CodeBlock literal(Object a) {
        if (a instanceof String s) {
            return CodeBlock.of("$L", javaString(s));
        }
        if (a instanceof Integer || a instanceof Boolean) {
            return CodeBlock.of("$L", a.toString());
        }
        if (a instanceof Long l) {
            return CodeBlock.of("$LL", l.toString());
        }
        if (a instanceof Double d) {
            if (d.isInfinite()) {
                return CodeBlock.of(d > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
            }
            if (d.isNaN()) {
                return CodeBlock.of("$T.NaN", Double.class);
            }
            return CodeBlock.of("$L", Double.toString(d));
        }
        if (a instanceof List<?> list) {
            List<Integer> ints = new ArrayList<>();
            list.forEach(o -> ints.add((Integer) o));
            return CodeBlock.of("new int[] {$L}", ints(ints));
        }
        if (a instanceof BlockRecipe.DoubleList dl) {
            CodeBlock.Builder b = CodeBlock.builder().add("new double[] {");
            for (int i = 0; i < dl.values().length; i++) {
                b.add(i == 0 ? "" : ", ").add(literal(dl.values()[i]));
            }
            return b.add("}").build();
        }
        if (a instanceof BlockRecipe r) {
            return CodeBlock.of("() -> $L", call(r));
        }
        throw new IllegalArgumentException("unsupported recipe argument " + a.getClass().getName());
    }

    private static String ints(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(values.get(i).intValue());
        }
        return sb.toString();
    }
}
