package dev.yamlnet.compiler.backend.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.yamlnet.compiler.backend.djl.DjlBackend;
import dev.yamlnet.compiler.backend.djl.ModelLoadException;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.summary.SummaryText;
import dev.yamlnet.runtime.recipe.BlockRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The Java back end: prints a compiled model as one plain Java class that builds the same
 * {@code ModelGraph} the DJL back end builds, from the same {@link BlockRecipe}s, so a project can
 * ship a model without YAML parsing at run time. Every value taken from the YAML reaches the source
 * through JavaPoet's placeholders ({@code $S} strings are escaped, {@code $L} only ever receives
 * numbers produced here), and identifiers are checked before use.
 */
public final class JavaBackend {
    private static final ClassName MODEL_GRAPH = ClassName.get("dev.yamlnet.runtime", "ModelGraph");
    private static final ClassName LAYERS_ASBLOCK = ClassName.get("dev.yamlnet.runtime.blocks", "Layers");
    private static final ClassName WEIGHT_LOADER = ClassName.get("dev.yamlnet.runtime.weights", "WeightLoader");
    private static final ClassName WEIGHT_LOAD_EXCEPTION =
            ClassName.get("dev.yamlnet.runtime.weights", "WeightLoadException");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    private JavaBackend() {}

    /** Thrown when a requested package or class name cannot be used. */
    public static final class InvalidNameException extends Exception {
        public InvalidNameException(String message) {
            super(message);
        }
    }

    /**
     * The class name for a requested file and scale: {@code yolov8n-bot3.yaml} gives
     * {@code Yolov8nBot3Model}. Characters other than ASCII letters and digits separate words.
     */
    public static String className(String requestedFile) throws InvalidNameException {
        String stem = requestedFile.replace('\\', '/');
        stem = stem.substring(stem.lastIndexOf('/') + 1);
        int dot = stem.indexOf('.');
        if (dot > 0) {
            stem = stem.substring(0, dot);
        }
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
            throw new InvalidNameException("package '" + pkg + "' is not a lowercase dotted Java package name");
        }
        for (String part : pkg.split("\\.")) {
            if (SourceVersion.isKeyword(part)) {
                throw new InvalidNameException("package segment '" + part + "' is a Java keyword");
            }
        }
    }

    /** Generates the source of the class; identical inputs give identical bytes. */
    public static JavaFile generate(ModelIr model, String pkg, String className)
            throws ModelLoadException, InvalidNameException {
        checkPackage(pkg);
        if (!SourceVersion.isName(className) || !className.chars().allMatch(c -> c < 128)) {
            throw new InvalidNameException("class name '" + className + "' is not a Java identifier");
        }
        List<Optional<BlockRecipe>> recipes = DjlBackend.recipes(model);
        List<String> missing = new ArrayList<>();
        for (LayerIr l : model.layers()) {
            if (recipes.get(l.index()).isEmpty()) {
                missing.add("layer " + l.index() + " (" + l.module() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException("the DJL runtime has no block yet for " + String.join(", ", missing)
                    + "; such models can be validated and summarised but not generated");
        }
        MethodSpec.Builder block = MethodSpec.methodBuilder("block")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(MODEL_GRAPH)
                .addJavadoc("Builds the model's (uninitialised) block, with Ultralytics parameter names.\n")
                .addStatement("$T.Builder graph = $T.builder()", MODEL_GRAPH, MODEL_GRAPH);
        for (LayerIr l : model.layers()) {
            BlockRecipe r = recipes.get(l.index()).get();
            block.addComment("$L", safeComment("layer " + l.index() + ": " + l.module()));
            block.addStatement("graph.add($T.asBlock($L), $L)", LAYERS_ASBLOCK, call(r), ints(l.inputs()));
        }
        block.addStatement("$T g = graph.build()", MODEL_GRAPH);
        block.addStatement("g.setBatchNormEpsilon($Lf)", Float.toString(DjlBackend.batchNormEpsilon(model)));
        block.addStatement("return g");

        MethodSpec load = MethodSpec.methodBuilder("loadWeights")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(MODEL_GRAPH, "graph")
                .addParameter(Path.class, "file")
                .addException(WEIGHT_LOAD_EXCEPTION)
                .addJavadoc("Loads Ultralytics-named weights (safetensors) into an initialised block.\n")
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
                        .initializer("$L", Integer.toString(model.imgsz())).build())
                .addField(FieldSpec.builder(int[].class, "STRIDES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("{$L}", strides.build()).build())
                .addField(FieldSpec.builder(int.class, "NC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$L", Integer.toString(model.nc() == null ? 0 : model.nc())).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("strides").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(int[].class).addJavadoc("The head's strides (a copy).\n")
                        .addStatement("return STRIDES.clone()").build())
                .addMethod(block.build())
                .addMethod(load);
        return JavaFile.builder(pkg, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static String javadoc(ModelIr model) {
        StringBuilder sb = new StringBuilder();
        sb.append("Generated by yamlnet from ").append(safeComment(fileName(model.source()))).append(" (scale ")
                .append(safeComment(String.valueOf(model.scale()))).append(", imgsz ").append(model.imgsz())
                .append("). Do not edit; regenerate.\n\n<pre>\n");
        for (LayerIr l : model.layers()) {
            sb.append(String.format(Locale.ROOT, "%3d  %-24s %10d  %s%n", l.index(), safeComment(l.module()), l.params(),
                    safeComment(SummaryText.outputText(l.output()))));
        }
        sb.append("</pre>\n").append(model.params()).append(" parameters.\n");
        return sb.toString();
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
            return CodeBlock.of("$S", s);
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
