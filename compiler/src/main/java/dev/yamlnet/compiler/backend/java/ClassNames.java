package dev.yamlnet.compiler.backend.java;

import dev.yamlnet.compiler.ModelFile;
import dev.yamlnet.compiler.backend.java.JavaBackend.InvalidNameException;

/**
 * Names a generated class after its model file and scale: the file's stem with the scale letter
 * where Ultralytics' file names put it ({@link ModelFile#scaledStem}), cut into words at anything
 * other than an ASCII letter or digit, each word capitalised, {@code Model} appended.
 */
final class ClassNames {
    private ClassNames() {}

    /** {@code yolov8n-bot3.yaml} gives {@code Yolov8nBot3Model}; see {@link JavaBackend#className(String)}. */
    static String of(String requestedFile) throws InvalidNameException {
        return fromStem(ModelFile.stem(requestedFile));
    }

    /**
     * {@code yolov8-bot3.yaml} at scale {@code n} gives {@code Yolov8nBot3Model}; see
     * {@link JavaBackend#className(String, String)}.
     */
    static String of(String requestedFile, String scale) throws InvalidNameException {
        return of(requestedFile, scale, java.util.List.of());
    }

    /**
     * As {@link #of(String, String)} for a model with these {@code scales} keys (see
     * {@link ModelFile#scaledStem(String, String, java.util.List)}); a file name without letters or
     * digits is E0903 with or without a scale.
     */
    static String of(String requestedFile, String scale, java.util.List<String> scaleKeys) throws InvalidNameException {
        of(requestedFile);
        return fromStem(ModelFile.scaledStem(requestedFile, scale, scaleKeys));
    }

    /** {@code yolov8n-bot3} to {@code Yolov8nBot3Model}: ASCII letters and digits kept, others separate words. */
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
}
