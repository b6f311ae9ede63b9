package org.mtrace.mscan.progress;

import java.io.PrintStream;
import org.mtrace.format.cli.Terminal;
import org.mtrace.format.io.LogReader;
import org.mtrace.mscan.engine.ProgressListener;

/**
 * One self-overwriting stderr line: entries, decompressed MB, rate and ETA (estimated from the
 * position in the file, i.e. compressed bytes for gzip logs). At most two updates per second.
 */
public final class ProgressReporter implements ProgressListener {
    private static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private final PrintStream out;
    private final long fileSize;
    private final long startNanos = System.nanoTime();
    private long lastNanos;
    private boolean printed;

    public ProgressReporter(PrintStream out, long fileSize) {
        this.out = out;
        this.fileSize = fileSize;
    }

    /** Progress only makes sense on a terminal: off when stderr is redirected or quiet is asked. */
    public static ProgressListener forStderr(long fileSize, boolean quiet) {
        return quiet || !Terminal.stderrIsTerminal() ? NONE : new ProgressReporter(System.err, fileSize);
    }

    @Override
    public void progress(LogReader reader) {
        long now = System.nanoTime();
        if (now - lastNanos < MIN_INTERVAL_NANOS) {
            return;
        }
        lastNanos = now;
        out.print("\r" + line(reader.entriesRead(), reader.bytesRead(), reader.inputPosition(), now - startNanos) + "   ");
        out.flush();
        printed = true;
    }

    @Override
    public void done(LogReader reader) {
        if (printed) {
            out.print("\r" + " ".repeat(78) + "\r");
            out.flush();
        }
    }

    /** The text of one progress line (package-visible for tests). */
    String line(long entries, long bytes, long inputPosition, long elapsedNanos) {
        double secs = Math.max(elapsedNanos / 1e9, 1e-9);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,d entries, %,.0f MB, %,.0f entries/s", entries, bytes / 1e6, entries / secs));
        if (fileSize > 0 && inputPosition > 0 && inputPosition <= fileSize) {
            long eta = (long) (secs * (fileSize - inputPosition) / inputPosition);
            sb.append(String.format(", %d%%, ETA %d:%02d", inputPosition * 100 / fileSize, eta / 60, eta % 60));
        }
        return sb.toString();
    }
}
