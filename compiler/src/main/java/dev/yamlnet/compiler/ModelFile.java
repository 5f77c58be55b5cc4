package dev.yamlnet.compiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model's file name means, in one place: its stem (the model's name, and the start of a
 * generated class's name), the scale letter Ultralytics guesses from it, and the file to read for a
 * requested name the way Ultralytics' scale-less naming works: {@code yolov8n.yaml} means
 * {@code yolov8.yaml} at scale {@code n} when no file of the exact name exists. Unlike Ultralytics,
 * an existing file of the exact name always wins (Ultralytics tries the scale-less name first, so a
 * user's own {@code yolov8n.yaml} can be shadowed), and only the file name is rewritten, never the
 * directories above it.
 *
 * @param requested the path the user gave (the scale is guessed from its name)
 * @param actual the file to read
 */
public record ModelFile(Path requested, Path actual) {
    private static final Pattern SCALE_LETTER = Pattern.compile("(\\d+)[nslmx](.+)$");
    /** Ultralytics' {@code guess_model_scale}: {@code yolo}, maybe {@code e-}, maybe {@code v}, digits, a letter. */
    private static final Pattern SCALE_GUESS = Pattern.compile("yolo(?:e-)?[v]?\\d+([nslmx])");
    /** {@code yolov8}, {@code yolo11}, {@code yoloe-11}: where Ultralytics' file names put the scale letter. */
    /** {@code yolov5n6.yaml}, {@code yolov8x6.yaml}: Ultralytics' old P6 names. */
    private static final Pattern LEGACY_P6 = Pattern.compile("(yolov[58][nslmx])6(\\.ya?ml)");
    /** {@code yolov5nu.yaml}, {@code yolov3u.yaml}: the "u" (anchor-free) names of YOLOv3/v5. */
    private static final Pattern LEGACY_U = Pattern.compile("(yolov[35].*)u(\\.ya?ml)");

    private static final Pattern VERSION = Pattern.compile("yolo(?:e-)?v?\\d+");

    /**
     * The file to read for a requested name.
     *
     * @param requested the path the user gave
     * @return the file of that name, else the one without the scale letter, or empty when neither exists
     */
    public static Optional<ModelFile> locate(Path requested) {
        if (Files.isRegularFile(requested)) {
            return Optional.of(new ModelFile(requested, requested));
        }
        Optional<Path> legacy = legacy(requested);
        if (legacy.isPresent()) {
            Path renamed = legacy.get();
            if (Files.isRegularFile(renamed)) {
                return Optional.of(new ModelFile(requested, renamed));
            }
            Optional<Path> u = unified(renamed).filter(Files::isRegularFile);
            if (u.isPresent()) {
                return Optional.of(new ModelFile(requested, u.get()));
            }
        }
        return unified(requested).filter(Files::isRegularFile).map(u -> new ModelFile(requested, u));
    }

    /**
     * Ultralytics' legacy file names, renamed as its loader does: {@code yolov5n6.yaml} and
     * {@code yolov8n6.yaml} (any scale letter) become {@code yolov5n-p6.yaml}, {@code yolov8n-p6.yaml},
     * and a {@code yolov3}/{@code yolov5} name ending in {@code u} loses it ({@code yolov5nu.yaml} to
     * {@code yolov5n.yaml}). Only the file name is rewritten.
     *
     * @param requested the path the user gave
     * @return the renamed path, or empty when the name is not a legacy one
     */
    public static Optional<Path> legacy(Path requested) {
        Path name = requested.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String file = name.toString();
        String renamed = file;
        Matcher p6 = LEGACY_P6.matcher(renamed);
        if (p6.matches()) {
            renamed = p6.group(1) + "-p6" + p6.group(2);
        }
        Matcher u = LEGACY_U.matcher(renamed);
        if (u.matches()) {
            renamed = u.group(1) + u.group(2);
        }
        return renamed.equals(file) ? Optional.empty() : Optional.of(requested.resolveSibling(renamed));
    }

    /**
     * The name without its scale letter: {@code dir/yolov8n-p6.yaml} to {@code dir/yolov8-p6.yaml}.
     *
     * @param requested the path the user gave
     * @return the path with the letter dropped, or empty when the name has no scale letter
     */
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

    /**
     * The file's name without directories (after the last {@code /} or backslash) and without its
     * last extension, as Python's {@code Path.stem} reads it: {@code dir/yolov8n.yaml} gives
     * {@code yolov8n}, {@code a.b.yaml} gives {@code a.b}, and a name whose only dot is its first
     * character ({@code .yaml}) is kept whole.
     *
     * @param fileName a file name or path
     * @return the stem: the model's name
     */
    public static String stem(String fileName) {
        String name = fileName(fileName);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * {@link #stem(String)} of a path's last element.
     *
     * @param file a path
     * @return the stem of its name
     */
    public static String stem(Path file) {
        return stem(file.toString());
    }

    /**
     * The file's name without the directories above it; {@code /} and backslash both separate them.
     *
     * @param path a path as text
     * @return what follows its last separator
     */
    public static String fileName(String path) {
        String name = path.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /**
     * Ultralytics' {@code guess_model_scale}: the letter after {@code yolo[e-][v]<digits>} in the
     * file's stem ({@code yolo11x-seg.yaml} gives {@code x}), or empty when there is none.
     *
     * @param fileName the requested file name
     * @return the scale letter, or empty
     */
    public static String guessScale(String fileName) {
        Matcher m = SCALE_GUESS.matcher(stem(fileName));
        return m.find() ? m.group(1) : "";
    }

    /**
     * The file's stem as Ultralytics would name the file at {@code scale}: the scale letter after
     * the version number ({@code yolov8-bot3.yaml} at {@code n} gives {@code yolov8n-bot3}), replacing
     * a letter already there ({@code yolov8n.yaml} at {@code s}: {@code yolov8s}); a name without a
     * version number gets the scale as a last word ({@code mynet.yaml} at {@code s}: {@code mynet-s}).
     * An empty or null scale, or the scale the name already implies, gives the {@link #stem} itself.
     *
     * @param fileName the requested file name
     * @param scale the scale, or empty or null for none
     * @return the stem with the scale in it
     */
    public static String scaledStem(String fileName, String scale) {
        return scaledStem(fileName, scale, List.of());
    }

    /**
     * {@link #scaledStem(String, String)} for a model whose {@code scales} table has the given keys: a
     * scale letter right after the version number is one of those keys (the longest that matches) or
     * a letter Ultralytics reads as a scale (n, s, m, l, x), so {@code yolov8t.yaml} with a {@code t}
     * scale, at {@code t}, stays {@code yolov8t}.
     *
     * @param fileName the requested file name
     * @param scale the scale, or empty or null for none
     * @param scaleKeys the keys of the model's {@code scales} table, in any order
     * @return the stem with the scale in it
     */
    public static String scaledStem(String fileName, String scale, List<String> scaleKeys) {
        String stem = stem(fileName);
        if (scale == null || scale.isEmpty()) {
            return stem;
        }
        Matcher m = VERSION.matcher(stem);
        if (!m.find()) {
            return stem + "-" + scale;
        }
        int at = m.end();
        return stem.substring(0, at) + scale + stem.substring(at + scaleLetterLength(stem, at, scaleKeys));
    }

    /** How long the scale letter at {@code at} is: the longest matching scale key, else 1 for n/s/m/l/x, else 0. */
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
}
