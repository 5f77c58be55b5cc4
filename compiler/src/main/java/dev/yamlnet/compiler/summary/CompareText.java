package dev.yamlnet.compiler.summary;

import dev.yamlnet.compiler.compare.ModelComparison;
import dev.yamlnet.compiler.compare.RowDiff;
import dev.yamlnet.compiler.compare.RowDiff.Field;
import dev.yamlnet.compiler.compare.RowDiff.Status;
import dev.yamlnet.compiler.compare.SpeedReport;
import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.ir.ModelIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The text form of {@code yamlnet compare}: the models' rows aligned in one table, then what
 * changed, attention memory, where the shapes first differ, the totals and (when measured) the
 * speed. One changed model gets a table like a unified diff: a row both models have in the same
 * form is one line, a changed row is two (the base's, then the changed model's), an inserted row is
 * marked {@code +} and a removed one {@code -}. Several changed models get one column group each
 * (index, module, output, parameters and their change) beside the base's columns, with {@code =}
 * for a row that is the same as the base's; the arguments and GFLOPs of their changed rows are in
 * the list of changes below the table.
 *
 * <p>Lines of changed, inserted and removed rows are coloured (yellow, green, red) only when asked
 * to: the command line does it on a terminal.
 */
public final class CompareText {
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    private final List<ModelComparison> comparisons;
    private final Optional<SpeedReport> speed;
    private final boolean color;

    private CompareText(List<ModelComparison> comparisons, Optional<SpeedReport> speed, boolean color) {
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        this.comparisons = List.copyOf(comparisons);
        this.speed = speed;
        this.color = color;
    }

    /** The text for comparisons that share one base model, without colours. */
    public static String render(List<ModelComparison> comparisons, Optional<SpeedReport> speed) {
        return render(comparisons, speed, false);
    }

    /** The text, with ANSI colours on changed, inserted and removed rows when {@code color} is set. */
    public static String render(List<ModelComparison> comparisons, Optional<SpeedReport> speed, boolean color) {
        return new CompareText(comparisons, speed, color).render();
    }

    private ModelIr base() {
        return comparisons.get(0).base();
    }

    private String render() {
        StringBuilder out = new StringBuilder();
        header(out);
        out.append('\n');
        if (comparisons.size() == 1) {
            pairTable(out, comparisons.get(0));
        } else {
            groupTable(out);
        }
        out.append('\n');
        for (ModelComparison c : comparisons) {
            changes(out, c);
        }
        attention(out);
        shapes(out);
        out.append('\n');
        totals(out);
        speed.ifPresent(s -> {
            out.append('\n');
            speed(out, s);
        });
        return out.toString();
    }

    private void header(StringBuilder out) {
        Table t = new Table("LLL");
        t.row("base", base().name(), origin(base()));
        for (ModelComparison c : comparisons) {
            t.row("changed", c.changed().name(), origin(c.changed()));
        }
        t.render(out, List.of());
        out.append("imgsz    ").append(base().imgsz()).append('\n');
    }

    private static String origin(ModelIr m) {
        return m.source() + (m.scale().isEmpty() ? "" : ", scale " + m.scale());
    }

    // ---- one changed model: a diff-like table

    private void pairTable(StringBuilder out, ModelComparison c) {
        Table t = new Table("LRRRRLLLRRRR");
        t.row("", "base", "new", "from", "n", "module", "arguments", "output", "params", "change", "GFLOPs", "change");
        List<String> colors = new ArrayList<>();
        colors.add("");
        for (RowDiff r : c.rows()) {
            switch (r.status()) {
                case SAME -> {
                    t.row(cells(" ", r.base(), r.base().index(), r.changed().index(), "", ""));
                    colors.add("");
                }
                case CHANGED -> {
                    t.row(cells("~", r.base(), r.base().index(), r.changed().index(), "", ""));
                    t.row(cells(
                            " ",
                            r.changed(),
                            -1,
                            -1,
                            r.paramsDelta() == 0 ? "" : signed(r.paramsDelta()),
                            r.gflopsDelta() == 0 ? "" : signedGflops(r.gflopsDelta())));
                    colors.add(YELLOW);
                    colors.add(YELLOW);
                }
                case INSERTED -> {
                    t.row(cells(
                            "+",
                            r.changed(),
                            -1,
                            r.changed().index(),
                            signed(r.paramsDelta()),
                            signedGflops(r.gflopsDelta())));
                    colors.add(GREEN);
                }
                case REMOVED -> {
                    t.row(cells(
                            "-",
                            r.base(),
                            r.base().index(),
                            -1,
                            signed(r.paramsDelta()),
                            signedGflops(r.gflopsDelta())));
                    colors.add(RED);
                }
            }
        }
        t.render(out, color ? colors : List.of());
    }

    private static String[] cells(
            String mark, LayerIr l, int baseIndex, int newIndex, String paramsChange, String gflopsChange) {
        return new String[] {
            mark,
            baseIndex < 0 ? "" : String.valueOf(baseIndex),
            newIndex < 0 ? "" : String.valueOf(newIndex),
            SummaryText.fromText(l.from()),
            String.valueOf(l.repeats()),
            l.module(),
            PyRepr.list(l.args(), false),
            Shape.outputText(l.output()),
            thousands(l.params()),
            paramsChange,
            gflops(RowDiff.gflops(l)),
            gflopsChange
        };
    }

    // ---- several changed models: one column group each

    /** One line of the merged table: a base row (or none) and, per model, its row diff (or none). */
    private record Line(LayerIr base, List<RowDiff> cells) {}

    private List<Line> mergedLines() {
        int n = base().layers().size();
        int k = comparisons.size();
        // per model: the diff of each base row, and the rows inserted before each base row (n: at the end)
        List<RowDiff[]> byBase = new ArrayList<>();
        List<List<List<RowDiff>>> insertedBefore = new ArrayList<>();
        for (ModelComparison c : comparisons) {
            RowDiff[] rows = new RowDiff[n];
            List<List<RowDiff>> ins = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                ins.add(new ArrayList<>());
            }
            List<RowDiff> pending = new ArrayList<>();
            for (RowDiff r : c.rows()) {
                if (r.status() == Status.INSERTED) {
                    pending.add(r);
                } else {
                    rows[r.base().index()] = r;
                    ins.get(r.base().index()).addAll(pending);
                    pending.clear();
                }
            }
            ins.get(n).addAll(pending);
            byBase.add(rows);
            insertedBefore.add(ins);
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            for (int m = 0; m < k; m++) {
                for (RowDiff r : insertedBefore.get(m).get(i)) {
                    List<RowDiff> cells = new ArrayList<>();
                    for (int x = 0; x < k; x++) {
                        cells.add(x == m ? r : null);
                    }
                    lines.add(new Line(null, cells));
                }
            }
            if (i < n) {
                List<RowDiff> cells = new ArrayList<>();
                for (int m = 0; m < k; m++) {
                    cells.add(byBase.get(m)[i]);
                }
                lines.add(new Line(base().layers().get(i), cells));
            }
        }
        return lines;
    }

    private void groupTable(StringBuilder out) {
        StringBuilder layout = new StringBuilder("RLLR");
        for (int m = 0; m < comparisons.size(); m++) {
            layout.append("LLRLLRR");
        }
        Table t = new Table(layout.toString());
        List<String> heads = new ArrayList<>(List.of("#", "module", "output", "params"));
        for (ModelComparison c : comparisons) {
            heads.addAll(List.of("|", "", "#", "module", "output", "params", "change"));
        }
        t.row(heads.toArray(String[]::new));
        List<String> colors = new ArrayList<>(List.of(""));
        for (Line line : mergedLines()) {
            List<String> cells = new ArrayList<>();
            LayerIr b = line.base();
            if (b == null) {
                cells.addAll(List.of("", "", "", ""));
            } else {
                cells.addAll(List.of(
                        String.valueOf(b.index()), b.module(), Shape.outputText(b.output()), thousands(b.params())));
            }
            String lineColor = "";
            for (RowDiff r : line.cells()) {
                cells.add("|");
                if (r == null) {
                    cells.addAll(List.of("", "", "", "", "", ""));
                    continue;
                }
                switch (r.status()) {
                    case SAME ->
                        cells.addAll(List.of(" ", String.valueOf(r.changed().index()), "=", "", "", ""));
                    case REMOVED -> cells.addAll(List.of("-", "", "(removed)", "", "", signed(r.paramsDelta())));
                    default -> {
                        LayerIr c = r.changed();
                        cells.addAll(List.of(
                                r.status() == Status.INSERTED ? "+" : "~",
                                String.valueOf(c.index()),
                                c.module(),
                                Shape.outputText(c.output()),
                                thousands(c.params()),
                                r.paramsDelta() == 0 ? "" : signed(r.paramsDelta())));
                    }
                }
                if (lineColor.isEmpty() && r.status() != Status.SAME) {
                    lineColor = r.status() == Status.INSERTED ? GREEN : r.status() == Status.REMOVED ? RED : YELLOW;
                }
            }
            t.row(cells.toArray(String[]::new));
            colors.add(lineColor);
        }
        StringBuilder table = new StringBuilder();
        t.render(table, color ? colors : List.of());
        // the models' names above their groups, which start after each '|' of the heading
        String heading = table.substring(0, table.indexOf("\n"));
        StringBuilder names = new StringBuilder();
        int group = 0;
        for (int at = heading.indexOf('|'); at >= 0; at = heading.indexOf('|', at + 1)) {
            names.append(" ".repeat(Math.max(1, at - names.length())))
                    .append("|  ")
                    .append(comparisons.get(group++).changed().name());
        }
        out.append(names.toString().stripTrailing()).append('\n').append(table);
    }

    // ---- below the table

    private void changes(StringBuilder out, ModelComparison c) {
        Map<Status, Integer> counts = c.counts();
        String title =
                comparisons.size() == 1 ? "rows" : "rows of " + c.changed().name();
        out.append(title)
                .append(": ")
                .append(counts.get(Status.SAME))
                .append(" same, ")
                .append(counts.get(Status.CHANGED))
                .append(" changed, ")
                .append(counts.get(Status.INSERTED))
                .append(" inserted, ")
                .append(counts.get(Status.REMOVED))
                .append(" removed\n");
        for (RowDiff r : c.differences()) {
            out.append("  ").append(describe(r)).append('\n');
        }
    }

    /** One line for a row that is not the same: where it is and what differs, base value first. */
    static String describe(RowDiff r) {
        switch (r.status()) {
            case INSERTED: {
                LayerIr l = r.changed();
                return "+ layer " + l.index() + " " + l.module() + " " + PyRepr.list(l.args(), false)
                        + " inserted: params " + signed(r.paramsDelta()) + ", GFLOPs " + signedGflops(r.gflopsDelta());
            }
            case REMOVED: {
                LayerIr l = r.base();
                return "- layer " + l.index() + " " + l.module() + " " + PyRepr.list(l.args(), false)
                        + " removed: params " + signed(r.paramsDelta()) + ", GFLOPs " + signedGflops(r.gflopsDelta());
            }
            default:
                break;
        }
        LayerIr b = r.base();
        LayerIr c = r.changed();
        String where = b.index() == c.index() ? "layer " + b.index() : "layer " + b.index() + " -> " + c.index();
        List<String> parts = new ArrayList<>();
        for (Field f : r.differences()) {
            switch (f) {
                case MODULE -> parts.add(b.module() + " -> " + c.module());
                case ARGS -> parts.add("args " + PyRepr.list(b.args(), false) + " -> " + PyRepr.list(c.args(), false));
                case FROM ->
                    parts.add("from " + SummaryText.fromText(b.from()) + " -> " + SummaryText.fromText(c.from()));
                case REPEATS -> parts.add("n " + b.repeats() + " -> " + c.repeats());
                case OUTPUT -> parts.add("output " + outputChange(b.output(), c.output()));
                case PARAMS ->
                    parts.add("params " + thousands(b.params()) + " -> " + thousands(c.params()) + " ("
                            + signed(r.paramsDelta()) + ")");
                case GFLOPS ->
                    parts.add("GFLOPs " + gflops(r.baseGflops()) + " -> " + gflops(r.changedGflops()) + " ("
                            + signedGflops(r.gflopsDelta()) + ")");
            }
        }
        return "~ " + where + (r.differences().contains(Field.MODULE) ? " " : " " + b.module() + ": ")
                + String.join(", ", parts);
    }

    /** {@code 16x320x320 -> 32x320x320}; in full when the output column reads the same on both sides (a head's levels). */
    static String outputChange(Shape b, Shape c) {
        String x = Shape.outputText(b);
        String y = Shape.outputText(c);
        return x.equals(y) ? full(b) + " -> " + full(c) : x + " -> " + y;
    }

    /** Every tensor of an output: {@code (84x8400, {boxes: 64x8400, ..., feats: (64x80x80, ...)})}. */
    static String full(Shape s) {
        if (s instanceof Shape.Tuple t) {
            return "("
                    + String.join(
                            ", ", t.items().stream().map(CompareText::full).toList()) + ")";
        }
        if (s instanceof Shape.Dict d) {
            List<String> parts = new ArrayList<>();
            d.entries().forEach((k, v) -> parts.add(k + ": " + full(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        return Shape.describe(s);
    }

    /** Every layer with attention memory, on either side, once. */
    private void attention(StringBuilder out) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (LayerIr l : base().layers()) {
            RowDiff.attentionText(l)
                    .ifPresent(t -> lines.put(
                            base().name() + l.index(),
                            base().name() + " layer " + l.index() + " " + l.module() + ": " + t));
        }
        for (ModelComparison c : comparisons) {
            for (LayerIr l : c.changed().layers()) {
                RowDiff.attentionText(l)
                        .ifPresent(t -> lines.putIfAbsent(
                                c.changed().name() + l.index(),
                                c.changed().name() + " layer " + l.index() + " " + l.module() + ": " + t));
            }
        }
        if (!lines.isEmpty()) {
            out.append("attention memory:\n");
            lines.values().forEach(s -> out.append("  ").append(s).append('\n'));
        }
    }

    private void shapes(StringBuilder out) {
        for (ModelComparison c : comparisons) {
            String who = comparisons.size() == 1 ? "" : " (" + c.changed().name() + ")";
            Optional<RowDiff> first = c.firstShapeDivergence();
            if (first.isEmpty()) {
                out.append("shapes").append(who).append(": the same in every pair of rows\n");
                continue;
            }
            LayerIr b = first.get().base();
            LayerIr x = first.get().changed();
            String where = b.index() == x.index() ? "layer " + b.index() : "layer " + b.index() + " -> " + x.index();
            String module = b.module().equals(x.module()) ? b.module() : b.module() + " -> " + x.module();
            out.append("shapes")
                    .append(who)
                    .append(": first differ at ")
                    .append(where)
                    .append(" (")
                    .append(module)
                    .append("): ")
                    .append(Shape.outputText(b.output()))
                    .append(" -> ")
                    .append(Shape.outputText(x.output()))
                    .append('\n');
        }
    }

    private void totals(StringBuilder out) {
        StringBuilder layout = new StringBuilder("LR");
        List<String> head = new ArrayList<>(List.of("totals", base().name()));
        for (ModelComparison c : comparisons) {
            layout.append("RRR");
            head.addAll(List.of(c.changed().name(), "change", ""));
        }
        Table t = new Table(layout.toString());
        t.row(head.toArray(String[]::new));
        boolean other = base().imgsz() != 640;
        String[][] rows = {
            {"params", "parameters"},
            {"gradients", "gradients"},
            {"layers", "layers"},
            {"gflops", "GFLOPs"},
            {"gflops_imgsz", "GFLOPs at " + base().imgsz()}
        };
        for (String[] key : rows) {
            if (key[0].equals("gflops_imgsz") && !other) {
                continue;
            }
            boolean g = key[0].startsWith("gflops");
            List<String> cells = new ArrayList<>(List.of(
                    "  " + key[1], total(comparisons.get(0).total(key[0]).base(), g)));
            for (ModelComparison c : comparisons) {
                ModelComparison.Total x = c.total(key[0]);
                cells.add(total(x.changed(), g));
                cells.add(g ? signedTotalGflops(x.delta()) : signed((long) x.delta()));
                cells.add(percent(x.delta(), x.relative()));
            }
            t.row(cells.toArray(String[]::new));
        }
        t.render(out, List.of());
    }

    private void speed(StringBuilder out, SpeedReport s) {
        String threads = s.threads() == null
                ? "the engine's default threads"
                : s.threads() + (s.threads() == 1 ? " thread" : " threads");
        out.append("speed: forward pass of a 1x")
                .append(base().channels())
                .append('x')
                .append(base().imgsz())
                .append('x')
                .append(base().imgsz())
                .append(" input, random weights, ")
                .append(s.engine())
                .append(", ")
                .append(threads)
                .append(";\n       ")
                .append(s.timings().get(0).runs())
                .append(" timed passes per model after ")
                .append(s.warmup())
                .append(" warm-up, the models taking turns\n");
        Table t = new Table("LRRR");
        double baseMedian = s.timings().get(0).medianMs();
        List<String> names = new ArrayList<>();
        names.add(base().name());
        comparisons.forEach(c -> names.add(c.changed().name()));
        for (int i = 0; i < s.timings().size() && i < names.size(); i++) {
            SpeedReport.Timing x = s.timings().get(i);
            String change = i == 0
                    ? ""
                    : percent(x.medianMs() - baseMedian, OptionalDouble.of((x.medianMs() - baseMedian) / baseMedian));
            t.row(
                    "  " + names.get(i),
                    String.format(Locale.ROOT, "min %.2f ms", x.minMs()),
                    String.format(Locale.ROOT, "median %.2f ms", x.medianMs()),
                    change);
        }
        t.render(out, List.of());
        out.append("machine load: ")
                .append(load(s.loadBefore()))
                .append(" before, ")
                .append(load(s.loadAfter()))
                .append(" after (one-minute load average, ")
                .append(s.cores())
                .append(s.cores() == 1 ? " core" : " cores")
                .append(")\n");
    }

    private static String load(double l) {
        return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
    }

    // ---- numbers

    static String thousands(long v) {
        return String.format(Locale.US, "%,d", v);
    }

    /** {@code +5}, {@code -240,384}, {@code 0}. */
    static String signed(long v) {
        return v == 0 ? "0" : String.format(Locale.US, "%+,d", v);
    }

    /** A layer's GFLOPs: three decimals. */
    static String gflops(double g) {
        return String.format(Locale.ROOT, "%.3f", g);
    }

    /** {@code +0.012}, {@code -0.095}; {@code 0} for no change at all. */
    static String signedGflops(double g) {
        return g == 0 ? "0" : String.format(Locale.ROOT, "%+.3f", g);
    }

    private static String total(double v, boolean gflops) {
        return gflops ? String.format(Locale.ROOT, "%.2f", v) : thousands((long) v);
    }

    static String signedTotalGflops(double g) {
        String s = String.format(Locale.ROOT, "%+.2f", g);
        return g == 0 ? "0" : s;
    }

    /** {@code (-7.6 %)}; empty for no change or a zero base. */
    static String percent(double delta, OptionalDouble relative) {
        if (delta == 0 || relative.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "(%+.1f %%)", relative.getAsDouble() * 100);
    }

    /**
     * Columns of text, each left- ({@code L}) or right-aligned ({@code R}), two spaces apart, trailing
     * blanks removed; a column that is empty on every row takes no room.
     */
    static final class Table {
        private final String align;
        private final List<String[]> rows = new ArrayList<>();

        Table(String align) {
            this.align = align;
        }

        void row(String... cells) {
            if (cells.length != align.length()) {
                throw new IllegalArgumentException(cells.length + " cells for " + align.length() + " columns");
            }
            rows.add(cells);
        }

        /** Appends the rows; {@code colors}, when not empty, holds one ANSI colour (or "") per row. */
        void render(StringBuilder out, List<String> colors) {
            int[] w = new int[align.length()];
            for (String[] r : rows) {
                for (int k = 0; k < r.length; k++) {
                    w[k] = Math.max(w[k], r[k].length());
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                StringBuilder line = new StringBuilder();
                String[] r = rows.get(i);
                boolean first = true;
                for (int k = 0; k < r.length; k++) {
                    if (w[k] == 0) {
                        continue;
                    }
                    if (!first) {
                        line.append("  ");
                    }
                    first = false;
                    String pad = " ".repeat(w[k] - r[k].length());
                    line.append(align.charAt(k) == 'R' ? pad + r[k] : r[k] + pad);
                }
                String text = line.toString().stripTrailing();
                String c = colors.isEmpty() ? "" : colors.get(i);
                out.append(c.isEmpty() ? text : c + text + RESET).append('\n');
            }
        }
    }
}
