package dev.yamlnet.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for a long loop (predicting a directory of pictures): {@code predict  37/120
 * [#######.............]  31%  12.4 pictures/s}, redrawn in place with a carriage return. It is drawn only on an
 * interactive terminal: in a pipe, a file or a CI log the carriage returns would leave a line per update, and the
 * summary line says the same at the end. Before anything else is printed to the terminal, {@link #clear()} removes
 * the bar; the next {@link #update} draws it again.
 */
final class ProgressBar {
    static final int WIDTH = 20;

    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private int lastLength;

    ProgressBar(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled && total > 1;
    }

    /** Whether a bar makes sense here: a terminal on both standard streams (what {@link System#console()} says). */
    static boolean interactive() {
        return System.console() != null;
    }

    /** The bar for {@code done} of the pictures after {@code seconds}. */
    static String render(int done, int total, double seconds) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String rate = seconds > 0 && done > 0 ? String.format(Locale.ROOT, "  %.1f pictures/s", done / seconds) : "";
        return String.format(
                Locale.ROOT,
                "predict %" + Integer.toString(total).length() + "d/%d [%s%s] %3d%%%s",
                done,
                total,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                total == 0 ? 100 : (int) (100L * done / total),
                rate);
    }

    void update(int done) {
        if (!enabled) {
            return;
        }
        String line = render(done, total, (System.nanoTime() - start) / 1e9);
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    void clear() {
        if (!enabled || lastLength == 0) {
            return;
        }
        err.print("\r" + " ".repeat(lastLength) + "\r");
        err.flush();
        lastLength = 0;
    }
}
