package dev.yamlnet.compiler.compare;

import dev.yamlnet.compiler.ir.LayerIr;
import dev.yamlnet.compiler.shape.Shape;
import dev.yamlnet.compiler.value.PyRepr;
import dev.yamlnet.compiler.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Aligns the rows of two models as an edit script: pairs of rows that correspond (the same, or the
 * same row changed) and rows only one side has (inserted, removed), so that one inserted row shows
 * as one insertion and the rows after it pair up again instead of all appearing changed.
 *
 * <p>It is a weighted edit distance (Needleman-Wunsch) over the two row lists. Leaving a row
 * unpaired costs {@link #GAP}; pairing two rows costs what tells them apart, always less than two
 * gaps, so a row that was edited in place (C2f to BoT3) stays one changed row:
 *
 * <ul>
 *   <li>a different module: {@link #MODULE};
 *   <li>for the same module, different arguments: {@link #ARGS}, or only {@link #SCALE} when they
 *       differ only in values that scale with the model (channel counts, the repeat count), as
 *       between scale n and scale s of one file; a different repeat count: {@link #SCALE};
 *   <li>a different {@code from} structure: {@link #FROM};
 *   <li>a different output shape: {@link #SHAPE}.
 * </ul>
 *
 * <p>A {@code from} entry corresponds when both are the same relative offset as written
 * ({@code -1}), or when the absolute row it names on one side is paired with the row it names on the
 * other. That depends on the alignment being computed, so the alignment is refined: a first pass
 * compares references by absolute index or by offset, each further pass by the pairing the previous
 * pass found, until the pairing no longer changes. Ties between equally cheap scripts are broken both
 * ways (an unpaired row placed as early and as late as possible), and the script whose cost is lowest
 * under its own pairing wins. Everything is integer arithmetic, so the result is deterministic.
 */
public final class LayerAlignment {
    /** Cost of a row without a partner. */
    static final int GAP = 100;
    /** Pairing rows of different modules. */
    static final int MODULE = 100;
    /** Pairing rows of one module whose arguments differ beyond what scales with the model. */
    static final int ARGS = 50;
    /** Pairing rows whose arguments or repeats differ only in what scales with the model. */
    static final int SCALE = 10;
    /** Pairing rows whose inputs do not correspond. */
    static final int FROM = 50;
    /** Pairing rows whose output shapes differ. */
    static final int SHAPE = 5;

    private static final int MAX_PASSES = 6;

    /** One step of the script: indices into the base and changed rows, {@code -1} on the side that has no row. */
    public record Step(int base, int changed) {
        public boolean paired() {
            return base >= 0 && changed >= 0;
        }
    }

    private final List<LayerIr> a;
    private final List<LayerIr> b;
    /** What pairing a[i] with b[j] costs apart from the from structure. */
    private final int[][] fixed;

    private LayerAlignment(List<LayerIr> a, List<LayerIr> b) {
        this.a = a;
        this.b = b;
        fixed = new int[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                fixed[i][j] = fixedCost(a.get(i), b.get(j));
            }
        }
    }

    /** The edit script turning {@code base}'s rows into {@code changed}'s, in row order. */
    public static List<Step> align(List<LayerIr> base, List<LayerIr> changed) {
        return new LayerAlignment(base, changed).best();
    }

    private List<Step> best() {
        List<Step> best = null;
        long bestCost = Long.MAX_VALUE;
        for (boolean gapsLate : new boolean[] {false, true}) {
            int[] mapping = null;
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                List<Step> steps = solve(mapping, gapsLate);
                int[] next = mapping(steps);
                long cost = cost(steps, next);
                if (cost < bestCost) {
                    best = steps;
                    bestCost = cost;
                }
                if (Arrays.equals(next, mapping)) {
                    break;
                }
                mapping = next;
            }
        }
        return best;
    }

    /** For each base row, the changed row it is paired with, or -1. */
    private int[] mapping(List<Step> steps) {
        int[] m = new int[a.size()];
        Arrays.fill(m, -1);
        for (Step s : steps) {
            if (s.paired()) {
                m[s.base()] = s.changed();
            }
        }
        return m;
    }

    /** The cost of a script when references are judged by its own pairing. */
    private long cost(List<Step> steps, int[] mapping) {
        long total = 0;
        for (Step s : steps) {
            total += s.paired() ? fixed[s.base()][s.changed()] + fromCost(s.base(), s.changed(), mapping) : GAP;
        }
        return total;
    }

    /** Needleman-Wunsch with references judged by {@code mapping} (or by index and offset when it is null). */
    private List<Step> solve(int[] mapping, boolean gapsLate) {
        int n = a.size();
        int m = b.size();
        long[][] d = new long[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = (long) i * GAP;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = (long) j * GAP;
        }
        int[][] pair = new int[n][m];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                pair[i - 1][j - 1] = fixed[i - 1][j - 1] + fromCost(i - 1, j - 1, mapping);
                d[i][j] = Math.min(d[i - 1][j - 1] + pair[i - 1][j - 1], Math.min(d[i - 1][j], d[i][j - 1]) + GAP);
            }
        }
        // walk back from the end; preferring a gap there places unpaired rows as late as possible
        List<Step> steps = new ArrayList<>();
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            boolean diagonal = i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + pair[i - 1][j - 1];
            boolean removed = i > 0 && d[i][j] == d[i - 1][j] + GAP;
            boolean inserted = j > 0 && d[i][j] == d[i][j - 1] + GAP;
            if (diagonal && !(gapsLate && (removed || inserted))) {
                steps.add(new Step(--i, --j));
            } else if (inserted) {
                steps.add(new Step(-1, --j));
            } else if (removed) {
                steps.add(new Step(--i, -1));
            } else {
                steps.add(new Step(--i, --j));
            }
        }
        java.util.Collections.reverse(steps);
        return steps;
    }

    private static int fixedCost(LayerIr x, LayerIr y) {
        int cost = 0;
        if (!x.module().equals(y.module())) {
            cost += MODULE;
        } else {
            String ax = PyRepr.list(x.args(), false);
            String ay = PyRepr.list(y.args(), false);
            if (!ax.equals(ay)) {
                cost += equalModuloScale(x.args(), scaled(x), y.args(), scaled(y)) ? SCALE : ARGS;
            }
            if (x.repeats() != y.repeats()) {
                cost += SCALE;
            }
        }
        if (!x.output().equals(y.output())) {
            cost += SHAPE;
        }
        return cost;
    }

    private int fromCost(int i, int j, int[] mapping) {
        return inputsCorrespond(a.get(i), b.get(j), mapping) ? 0 : FROM;
    }

    /**
     * Whether the two rows' {@code from} fields name corresponding inputs: entry by entry, the same
     * relative offset as written, or absolute rows that the pairing puts together (the image with
     * the image). Without a pairing (the first pass), the same absolute index or the same distance
     * back counts too.
     */
    static boolean inputsCorrespond(LayerIr x, LayerIr y, int[] mapping) {
        List<Integer> fx = written(x.from());
        List<Integer> fy = written(y.from());
        if (fx.size() != fy.size()
                || x.inputs().size() != fx.size()
                || y.inputs().size() != fy.size()) {
            return false;
        }
        for (int k = 0; k < fx.size(); k++) {
            if (fx.get(k) < 0 && fx.get(k).equals(fy.get(k))) {
                continue;
            }
            int ix = x.inputs().get(k);
            int iy = y.inputs().get(k);
            boolean same;
            if (mapping == null) {
                same = ix == iy || ix - x.index() == iy - y.index();
            } else {
                same = ix < 0 ? iy < 0 : ix < mapping.length && mapping[ix] == iy && iy >= 0;
            }
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The from field as written, as a list. */
    static List<Integer> written(Object from) {
        List<Integer> out = new ArrayList<>();
        if (from instanceof List<?> list) {
            for (Object o : list) {
                out.add(((Number) o).intValue());
            }
        } else if (from instanceof Number n) {
            out.add(n.intValue());
        }
        return out;
    }

    /**
     * The values in a row's arguments that change with the model's scale: its input and output
     * channel counts and its repeat count.
     */
    static Set<BigInteger> scaled(LayerIr l) {
        Set<BigInteger> out = new HashSet<>();
        for (Shape s : l.inputShapes()) {
            if (s instanceof Shape.FeatureMap f) {
                out.add(BigInteger.valueOf(f.channels()));
            }
        }
        if (l.output() instanceof Shape.FeatureMap f) {
            out.add(BigInteger.valueOf(f.channels()));
        }
        out.add(BigInteger.valueOf(l.repeats()));
        return out;
    }

    /**
     * Whether two argument lists are the same apart from values that scale with the model: position
     * by position equal, or integers that are scale-dependent on both sides (lists compared element
     * by element).
     */
    static boolean equalModuloScale(List<Value> x, Set<BigInteger> sx, List<Value> y, Set<BigInteger> sy) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int k = 0; k < x.size(); k++) {
            if (!equalModuloScale(x.get(k), sx, y.get(k), sy)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalModuloScale(Value x, Set<BigInteger> sx, Value y, Set<BigInteger> sy) {
        if (x instanceof Value.Int ix && y instanceof Value.Int iy) {
            return ix.value().equals(iy.value()) || (sx.contains(ix.value()) && sy.contains(iy.value()));
        }
        if (x instanceof Value.Seq qx && y instanceof Value.Seq qy) {
            return qx.tuple() == qy.tuple() && equalModuloScale(qx.items(), sx, qy.items(), sy);
        }
        return PyRepr.repr(x).equals(PyRepr.repr(y));
    }
}
