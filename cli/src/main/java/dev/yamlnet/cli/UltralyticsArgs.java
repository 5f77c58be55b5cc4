package dev.yamlnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Ultralytics' {@code key=value} arguments ({@code yolo predict model=yolov8n.pt imgsz=320}) as a
 * YOLO user types them. Before picocli parses the command line, each {@code key=value} word is read
 * as the yamlnet option it stands for on that command: {@code imgsz=320} as {@code --imgsz 320},
 * {@code model=m.yaml} as the model file, {@code source=x.npy} as {@code run --input x.npy}, any
 * other key as the option of that name ({@code weights=w.safetensors}, {@code json=True}; a boolean
 * option is given for True and left out for False). A key Ultralytics knows that has no equivalent
 * on the command is answered with a usage error naming the yamlnet spelling, where there is one on
 * another command. Words that are not {@code key=value}, that follow {@code --}, that are the value
 * of an option, or that name an existing file, are left alone.
 */
final class UltralyticsArgs {
    private static final Pattern KEY_VALUE = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*)=(.*)$", Pattern.DOTALL);

    /** Ultralytics keys whose yamlnet option has another name. */
    private static final Map<String, String> RENAMED = Map.of("source", "--input");

    /** Ultralytics keys that name the model file: the command's first positional parameter. */
    private static final Set<String> MODEL = Set.of("model", "cfg");

    /** Keys of Ultralytics' settings (ultralytics/cfg/default.yaml) that are worth an answer when yamlnet has no match. */
    private static final Set<String> ULTRALYTICS = Set.of(
            "task",
            "mode",
            "data",
            "epochs",
            "time",
            "patience",
            "batch",
            "save",
            "cache",
            "device",
            "workers",
            "project",
            "name",
            "exist_ok",
            "pretrained",
            "optimizer",
            "seed",
            "deterministic",
            "single_cls",
            "rect",
            "resume",
            "amp",
            "fraction",
            "profile",
            "freeze",
            "val",
            "split",
            "conf",
            "iou",
            "max_det",
            "half",
            "dnn",
            "plots",
            "vid_stride",
            "visualize",
            "augment",
            "agnostic_nms",
            "classes",
            "retina_masks",
            "embed",
            "show",
            "save_frames",
            "save_txt",
            "save_conf",
            "save_crop",
            "show_labels",
            "show_conf",
            "show_boxes",
            "line_width",
            "format",
            "keras",
            "optimize",
            "int8",
            "dynamic",
            "simplify",
            "opset",
            "workspace",
            "nms",
            "lr0",
            "imgsz",
            "verbose",
            "stream");

    /** Answers for Ultralytics keys that have no yamlnet option anywhere. */
    private static final Map<String, String> NO_EQUIVALENT = Map.of(
            "device", "yamlnet runs on the CPU only",
            "batch", "yamlnet runs one image at a time",
            "half", "yamlnet runs in float32",
            "conf", "yamlnet run writes the model's raw output (no confidence threshold, no NMS)",
            "iou", "yamlnet run writes the model's raw output (no confidence threshold, no NMS)",
            "data", "yamlnet reads the class count from the model file or --nc");

    private UltralyticsArgs() {}

    /**
     * The command line with every recognised {@code key=value} word replaced by yamlnet's spelling.
     *
     * @throws ParameterException for a {@code key=value} word that is an Ultralytics setting the
     *     command has no option for
     */
    static String[] translate(CommandLine root, String[] args) {
        List<String> out = new ArrayList<>();
        CommandLine current = root;
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded) {
                out.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                out.add(arg);
                continue;
            }
            if (arg.startsWith("-")) {
                out.add(arg);
                OptionSpec o = current.getCommandSpec().findOption(arg);
                // the value of an option such as '--output imgsz=3' is the option's, not a key
                if (o != null && !arg.contains("=") && o.arity().min() > 0 && i + 1 < args.length) {
                    out.add(args[++i]);
                }
                continue;
            }
            CommandLine sub = current.getSubcommands().get(arg);
            if (sub != null) {
                current = sub;
                out.add(arg);
                continue;
            }
            Matcher m = KEY_VALUE.matcher(arg);
            if (m.matches() && !exists(arg)) {
                out.addAll(translate(current, root, m.group(1), m.group(2), arg));
            } else {
                out.add(arg);
            }
        }
        return out.toArray(String[]::new);
    }

    private static boolean exists(String arg) {
        try {
            return Files.exists(Path.of(arg));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> translate(CommandLine cmd, CommandLine root, String rawKey, String value, String arg) {
        String key = rawKey.toLowerCase(Locale.ROOT);
        CommandSpec spec = cmd.getCommandSpec();
        if (MODEL.contains(key) && !spec.positionalParameters().isEmpty()) {
            return List.of(value);
        }
        String own = "--" + key.replace('_', '-');
        // predict has --source itself; run spells Ultralytics' source as --input
        String option = spec.findOption(own) != null ? own : RENAMED.getOrDefault(key, own);
        OptionSpec o = spec.findOption(option);
        if (o != null && !o.hidden()) {
            if (o.arity().max() == 0) {
                return switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> List.of(option);
                    case "false", "0", "no" -> List.of();
                    default ->
                        throw new ParameterException(
                                cmd,
                                "'" + arg + "': " + option + " is a flag; write " + option + " (or " + key
                                        + "=True), or leave it out");
                };
            }
            return List.of(option, value);
        }
        String elsewhere = elsewhere(root, option);
        boolean known = ULTRALYTICS.contains(key) || RENAMED.containsKey(key) || MODEL.contains(key);
        if (cmd == root || !(known || elsewhere != null)) {
            return List.of(arg); // not a setting we know: picocli reports it as it stands
        }
        String command = spec.qualifiedName();
        StringBuilder message = new StringBuilder("'" + arg + "' is " + (known ? "an Ultralytics setting" : "a setting")
                + " that '" + command + "' has no option for");
        if (elsewhere != null) {
            message.append("; it is '")
                    .append(elsewhere)
                    .append(" ")
                    .append(option)
                    .append(value.isEmpty() ? "" : " " + value)
                    .append("'");
        } else if (NO_EQUIVALENT.containsKey(key)) {
            message.append(": ").append(NO_EQUIVALENT.get(key));
        }
        throw new ParameterException(cmd, message.toString());
    }

    /** The first command (in the order of the help) that has {@code option}, as {@code yamlnet run}. */
    private static String elsewhere(CommandLine root, String option) {
        for (CommandLine sub : root.getSubcommands().values()) {
            OptionSpec o = sub.getCommandSpec().findOption(option);
            if (o != null && !o.hidden() && !o.inherited()) {
                return sub.getCommandSpec().qualifiedName();
            }
        }
        return null;
    }
}
