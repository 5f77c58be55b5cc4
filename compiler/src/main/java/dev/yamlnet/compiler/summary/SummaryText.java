package dev.yamlnet.compiler.summary;

import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ultralytics' layer table and summary line, character for character, with yamlnet's output
 * shape column appended:
 *
 * <pre>
 *                    from  n    params  module                                       arguments                     output
 *   0                  -1  1       464  ultralytics.nn.modules.conv.Conv             [3, 16, 3, 2]                 16x320x320
 * ...
 * YOLOv8n summary: 130 layers, 3,157,200 parameters, 3,157,184 gradients, 8.9 GFLOPs
 * </pre>
 */
public final class SummaryText {
    private SummaryText() {}

    public static String render(ModelIr model) {
        int argsWidth = 30;
        List<String> argTexts = new ArrayList<>();
        for (LayerIr l : model.layers()) {
            String a = PyRepr.list(l.args(), false);
            argTexts.add(a);
            argsWidth = Math.max(argsWidth, a.length() + 2);
        }
        StringBuilder out = new StringBuilder();
        out.append('\n');
        out.append(String.format(
                                Locale.ROOT,
                                "%3s%20s%3s%10s  %-45s%-" + argsWidth + "s%s",
                                "",
                                "from",
                                "n",
                                "params",
                                "module",
                                "arguments",
                                "output")
                        .stripTrailing())
                .append('\n');
        for (LayerIr l : model.layers()) {
            out.append(row(l, argTexts.get(l.index()), argsWidth)).append('\n');
        }
        out.append(summaryLine(model)).append('\n');
        out.append(details(model));
        return out.toString();
    }

    /** One table row exactly as Ultralytics prints it, then the output shape. */
    public static String row(LayerIr l, String argText, int argsWidth) {
        String from = fromText(l.from());
        return String.format(
                        Locale.ROOT,
                        "%3d%20s%3d%10d  %-45s%-" + argsWidth + "s%s",
                        l.index(),
                        from,
                        l.repeats(),
                        l.params(),
                        l.spec().pythonType(),
                        argText,
                        Shape.outputText(l.output()))
                .stripTrailing();
    }

    /** Python's {@code str()} of the from field: {@code -1} or {@code [-1, 6]}. */
    public static String fromText(Object from) {
        if (from instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(o -> parts.add(String.valueOf(o)));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(from);
    }

    /** {@code YOLOv8n summary: 130 layers, 3,157,200 parameters, 3,157,184 gradients, 8.9 GFLOPs}. */
    public static String summaryLine(ModelIr model) {
        String title = (model.name().isEmpty() ? "Model" : model.name().replace("yolo", "YOLO")) + " summary"
                + (model.fusedLabel() ? " (fused)" : "");
        String line = String.format(
                Locale.US,
                "%s: %,d layers, %,d parameters, %,d gradients",
                title,
                model.layerCount(),
                model.params(),
                model.gradients());
        // where Ultralytics' counter fails (get_flops returns 0.0) its line ends after the gradients;
        // details() gives yamlnet's count
        if (model.gflopsUltralytics().isPresent() && model.gflops() > 0) {
            line += ", " + oneDecimal(model.gflops()) + " GFLOPs";
        }
        return line;
    }

    /** Python's {@code f"{x:.1f}"}: half-even rounding of the exact binary value. */
    public static String oneDecimal(double x) {
        return new BigDecimal(x).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String details(ModelIr model) {
        StringBuilder out = new StringBuilder();
        if (model.gflopsUltralytics().isEmpty()) {
            out.append("GFLOPs: ")
                    .append(oneDecimal(model.gflops()))
                    .append(" at 640 by yamlnet's static count; Ultralytics prints none for this model")
                    .append(" (its counter fails at 640)\n");
        }
        out.append("input: ")
                .append(model.channels())
                .append('x')
                .append(model.imgsz())
                .append('x')
                .append(model.imgsz());
        if (model.imgsz() != 640) {
            out.append(", ")
                    .append(oneDecimal(model.gflopsImgsz()))
                    .append(" GFLOPs at ")
                    .append(model.imgsz());
        }
        out.append('\n');
        List<String> strides = new ArrayList<>();
        model.strides().forEach(s -> strides.add(SummaryJson.number(s).toString()));
        out.append("strides: [").append(String.join(", ", strides)).append("]\n");
        out.append("scale: ")
                .append(model.scale().isEmpty() ? "none" : model.scale())
                .append(String.format(
                        Locale.ROOT,
                        " (depth %s, width %s, max_channels %s)",
                        PyRepr.floatRepr(model.depth()),
                        PyRepr.floatRepr(model.width()),
                        Double.isInfinite(model.maxChannels())
                                ? "none"
                                : SummaryJson.number(model.maxChannels()).toString()))
                .append('\n');
        for (LayerIr l : model.layers()) {
            for (Map.Entry<String, Object> e : l.extras().entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    continue; // figures for machines go to the JSON; the table shows the readable form
                }
                out.append("layer ")
                        .append(l.index())
                        .append(' ')
                        .append(l.module())
                        .append(": ")
                        .append(e.getKey().replace('_', ' '))
                        .append(' ')
                        .append(e.getValue())
                        .append('\n');
            }
        }
        return out.toString();
    }
}
