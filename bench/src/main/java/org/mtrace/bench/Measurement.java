package org.mtrace.bench;

import java.util.Locale;

/**
 * One timed run: what was read, how long it took, and the memory it needed.
 *
 * @param peakMemory peak heap bytes (in-process runs) or peak resident set (child processes); -1 if unknown
 * @param allocatedPerEntry bytes the reading thread allocated per entry; NaN for child processes
 */
record Measurement(String name, long entries, long bytes, double seconds, long peakMemory, String memoryKind,
        double allocatedPerEntry, String note) {

    static final String HEADER = String.format(Locale.ROOT, "%-34s %9s %12s %10s %13s %10s  %s",
            "case", "seconds", "M entries/s", "MB/s", "peak memory", "alloc/ent", "note");

    String row() {
        String mem = peakMemory < 0 ? "-" : String.format(Locale.ROOT, "%.0f MB %s", peakMemory / 1e6, memoryKind);
        String alloc = Double.isNaN(allocatedPerEntry) ? "-" : String.format(Locale.ROOT, "%.3f B", allocatedPerEntry);
        return String.format(Locale.ROOT, "%-34s %9.2f %12.2f %10.0f %13s %10s  %s", name, seconds,
                entries / seconds / 1e6, bytes / seconds / 1e6, mem, alloc, note);
    }
}
