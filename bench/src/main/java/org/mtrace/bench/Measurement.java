package org.mtrace.bench;

import java.util.Locale;

/**
 * One timed run: what was read, how long it took, and the memory it needed.
 *
 * @param cpuSeconds CPU time of all threads of this process during the run; NaN for child processes
 * @param readerCpuSeconds CPU time of the thread calling the reader (decoding, checksum); NaN for child processes
 * @param peakMemory peak heap bytes (in-process runs) or peak resident set (child processes); -1 if unknown
 * @param allocatedPerEntry bytes the reading thread allocated per entry; NaN for child processes
 */
record Measurement(String name, long entries, long bytes, double seconds, double cpuSeconds,
        double readerCpuSeconds, long peakMemory, String memoryKind, double allocatedPerEntry, String note) {

    static final String HEADER = String.format(Locale.ROOT, "%-34s %8s %8s %8s %12s %8s %13s %10s  %s",
            "case", "wall s", "cpu s", "caller s", "M entries/s", "MB/s", "peak memory", "alloc/ent", "note");

    /** A run that did not complete: only its name and why are printed. */
    static Measurement failed(String name, String why) {
        return new Measurement(name, 0, 0, Double.NaN, Double.NaN, Double.NaN, -1, "", Double.NaN, why);
    }

    String row() {
        if (Double.isNaN(seconds)) {
            return String.format(Locale.ROOT, "%-34s %8s %8s %8s %12s %8s %13s %10s  %s", name, "-", "-", "-", "-", "-",
                    "-", "-", note);
        }
        String mem = peakMemory < 0 ? "-" : String.format(Locale.ROOT, "%.0f MB %s", peakMemory / 1e6, memoryKind);
        String alloc = Double.isNaN(allocatedPerEntry) ? "-" : String.format(Locale.ROOT, "%.3f B", allocatedPerEntry);
        return String.format(Locale.ROOT, "%-34s %8.2f %8s %8s %12.2f %8.0f %13s %10s  %s", name, seconds,
                orDash(cpuSeconds), orDash(readerCpuSeconds), entries / seconds / 1e6, bytes / seconds / 1e6, mem, alloc,
                note);
    }

    private static String orDash(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
