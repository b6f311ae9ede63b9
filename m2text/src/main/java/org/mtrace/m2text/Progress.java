package org.mtrace.m2text;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress on stderr for long runs: entries read and, for a file, the share
 * of it consumed. It redraws one line at most once a second and erases it at
 * the end; it is off unless stderr is a terminal, so logs and pipes stay clean.
 */
final class Progress {
    /** Entries between clock reads, so the check costs nothing measurable per entry. */
    static final int CHECK_EVERY = 1 << 16;
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private final String name;
    private final long inputSize; // 0 when unknown (stdin, pipes)
    private final long intervalNanos;
    private long next;
    private boolean drawn;

    Progress(PrintStream err, String name, long inputSize, long intervalNanos) {
        this.err = err;
        this.name = name;
        this.inputSize = inputSize;
        this.intervalNanos = intervalNanos;
        this.next = System.nanoTime() + intervalNanos;
    }

    /** A reporter, or null when progress should not be shown. */
    static Progress create(boolean wanted, PrintStream err, String name, Path file) {
        if (!wanted) {
            return null;
        }
        long size = 0;
        if (file != null) {
            try {
                size = Files.isRegularFile(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                size = 0;
            }
        }
        return new Progress(err, name, size, INTERVAL_NANOS);
    }

    /**
     * Called every {@link #CHECK_EVERY} entries. The share of the file is shown
     * once the reader reports a file position (a single gzip member reports it
     * only at its end, so such logs show the decompressed amount instead).
     */
    void update(long entries, long inputPosition, long bytesDecoded) {
        long now = System.nanoTime();
        if (now < next) {
            return;
        }
        next = now + intervalNanos;
        String where = inputSize > 0 && inputPosition > 0
                ? String.format(Locale.ROOT, "%.0f%% of %s", 100.0 * inputPosition / inputSize, name)
                : String.format(Locale.ROOT, "%d MiB decoded from %s", bytesDecoded >> 20, name);
        err.print("\rm2text: " + entries + " entries, " + where + "\u001b[K");
        err.flush();
        drawn = true;
    }

    /** Erases the progress line. */
    void finish() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
