package dev.yamlnet.compiler.summary;

import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.value.PyRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether two compiled models are the same network, row by row as Ultralytics' table shows them
 * (from, n, module, the arguments it is built with): how a model YAML given beside a checkpoint is
 * checked against the YAML the checkpoint embeds. The first row that differs is reported, both ways.
 */
public final class ModelComparison {
    private ModelComparison() {}

    /**
     * The first difference between a model YAML {@code a} (named {@code aName}) and the model {@code b}
     * a checkpoint embeds, as a few lines for a person (with a hint when the class count or scale
     * differs), or empty when every row is the same.
     */
    public static Optional<String> firstDifference(ModelIr a, String aName, ModelIr b, String bName) {
        int width = Math.max(aName.length(), bName.length()) + 1;
        int n = Math.min(a.layers().size(), b.layers().size());
        for (int i = 0; i < n; i++) {
            String ra = row(a.layers().get(i));
            String rb = row(b.layers().get(i));
            if (!ra.equals(rb)) {
                return Optional.of("layer " + i + " differs:\n" + line(aName, width, ra) + "\n" + line(bName, width, rb)
                        + hint(a, b));
            }
        }
        if (a.layers().size() != b.layers().size()) {
            boolean aLonger = a.layers().size() > b.layers().size();
            ModelIr longer = aLonger ? a : b;
            return Optional.of(aName + " has " + a.layers().size() + " layers, " + bName + " has "
                    + b.layers().size()
                    + "; the first one only " + (aLonger ? aName : bName) + " has:\n"
                    + line(aLonger ? aName : bName, width, row(longer.layers().get(n))));
        }
        if (a.channels() != b.channels()) {
            return Optional.of(
                    aName + " takes " + a.channels() + " input channels, " + bName + " takes " + b.channels());
        }
        return Optional.empty();
    }

    /** {@code 22  [15, 18, 21]  1  ultralytics.nn.modules.head.Detect  [5, 16, None, [16, 32, 64]]}. */
    static String row(LayerIr l) {
        return String.format(
                Locale.ROOT,
                "%d  %s  %d  %s  %s",
                l.index(),
                SummaryText.fromText(l.from()),
                l.repeats(),
                l.spec().pythonType(),
                PyRepr.list(l.args(), false));
    }

    private static String line(String name, int width, String row) {
        return "  " + String.format(Locale.ROOT, "%-" + width + "s", name + ":") + " " + row;
    }

    private static String hint(ModelIr a, ModelIr b) {
        List<String> hints = new ArrayList<>();
        if (!Objects.equals(a.nc(), b.nc()) && b.nc() != null) {
            hints.add("pass --nc " + b.nc() + ", the checkpoint's class count");
        }
        if (!a.scale().equals(b.scale()) && !b.scale().isEmpty()) {
            hints.add("pass --scale " + b.scale() + ", the checkpoint's scale");
        }
        return hints.isEmpty() ? "" : "\nhint: " + String.join("; ", hints);
    }
}
