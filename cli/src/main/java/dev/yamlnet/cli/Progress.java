package dev.yamlnet.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A progress line for a step that is usually quick but can take a while (starting the engine, which
 * unpacks libtorch on first use; loading a large weight file). Nothing is printed when the step
 * finishes within the delay, so fast runs stay quiet; otherwise one line says what is going on and
 * a second one how long it took. Lines go to stderr, never mixed into results on stdout.
 */
final class Progress implements AutoCloseable {
    /** Steps shorter than this print nothing. */
    static final long DELAY_MILLIS = 1000;

    private final PrintWriter err;
    private final String done;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> pending;
    private volatile boolean shown;

    private Progress(PrintWriter err, String message, String done, long delayMillis) {
        this.err = err;
        this.done = done;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yamlnet-progress");
            t.setDaemon(true);
            return t;
        });
        this.pending = timer.schedule(
                () -> {
                    shown = true;
                    err.println(message);
                    err.flush();
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Prints {@code message} if the step is still running after a second, and {@code done} + the time when it ends. */
    static Progress start(PrintWriter err, String message, String done) {
        return new Progress(err, message, done, DELAY_MILLIS);
    }

    static Progress start(PrintWriter err, String message, String done, long delayMillis) {
        return new Progress(err, message, done, delayMillis);
    }

    @Override
    public void close() {
        pending.cancel(false);
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shown) {
            err.println(String.format(Locale.ROOT, "%s in %.1f s", done, (System.nanoTime() - start) / 1e9));
            err.flush();
        }
    }
}
