package dev.yamlnet.compiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the file for a requested model name the way Ultralytics' scale-less naming works:
 * {@code yolov8n.yaml} means {@code yolov8.yaml} at scale {@code n} when no file of the exact
 * name exists. Unlike Ultralytics, an existing file of the exact name always wins (Ultralytics
 * tries the scale-less name first, so a user's own {@code yolov8n.yaml} can be shadowed), and only
 * the file name is rewritten, never the directories above it.
 *
 * @param requested the path the user gave (the scale is guessed from its name)
 * @param actual the file to read
 */
public record ModelFile(Path requested, Path actual) {
    private static final Pattern SCALE_LETTER = Pattern.compile("(\\d+)[nslmx](.+)$");

    /** The file to read for {@code requested}, or empty when neither name exists. */
    public static Optional<ModelFile> locate(Path requested) {
        if (Files.isRegularFile(requested)) {
            return Optional.of(new ModelFile(requested, requested));
        }
        return unified(requested).filter(Files::isRegularFile).map(u -> new ModelFile(requested, u));
    }

    /** {@code dir/yolov8n-p6.yaml} to {@code dir/yolov8-p6.yaml}; empty when the name has no scale letter. */
    public static Optional<Path> unified(Path requested) {
        Path name = requested.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = SCALE_LETTER.matcher(name.toString());
        if (!m.find()) {
            return Optional.empty();
        }
        String replaced = name.toString().substring(0, m.start()) + m.group(1) + m.group(2);
        return Optional.of(requested.resolveSibling(replaced));
    }
}
