package io.segments.server.internal;

import java.io.PrintStream;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A one-line progress display for long loads: percent (when the total is known), lines and lines per second.
 * On a terminal the line is redrawn in place a few times a second; otherwise a plain line is printed every
 * few seconds, so logs stay readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private int lastLength;

    public ProgressBar(PrintStream out, boolean terminal) {
        this.out = requireNonNull(out, "out is null");
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
        this.lastPrintNanos = startNanos;
    }

    /** Shows the progress if the last display is old enough; {@code total} and {@code done} in the same unit, total -1 if unknown. */
    public void update(long done, long total, long lines, long bad) {
        long now = System.nanoTime();
        if (now - lastPrintNanos < intervalNanos) {
            return;
        }
        lastPrintNanos = now;
        print(render(done, total, lines, bad, now));
    }

    /** Shows the final state and ends the line. */
    public void finish(long done, long total, long lines, long bad) {
        print(render(done, total, lines, bad, System.nanoTime()));
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    /** Seconds since this bar was made. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private String render(long done, long total, long lines, long bad, long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(String.format(Locale.ROOT, "%5.1f%%  ", fraction * 100));
        }
        s.append(String.format(Locale.ROOT, "%,d lines  %,.0f lines/s", lines, lines / seconds));
        if (bad > 0) {
            s.append(String.format(Locale.ROOT, "  %,d bad", bad));
        }
        return s.toString();
    }

    private void print(String text) {
        if (terminal) {
            int pad = Math.max(0, lastLength - text.length());
            out.print("\r" + text + " ".repeat(pad));
            lastLength = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }
}
