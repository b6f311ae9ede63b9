package org.mtrace.bench;

import java.util.List;
import java.util.Locale;

/**
 * One timed case of {@code mtrace-bench mscan}.
 *
 * @param cpuSeconds    CPU time of the whole process (reader, inflate threads, JIT and GC included)
 * @param mainCpuSeconds CPU time of the thread that ran the pass (entry decoding, engine, analyses):
 *                      when it is below the inflating threads' time, the analyses cost no wall time
 * @param peakHeap      sum of the heap pools' peak use (live data plus not yet collected garbage)
 * @param retainedHeap  heap in use after a full collection at the end of the log (-1: not measured)
 * @param jsonChars     size of the JSON document
 */
record MscanRun(String name, List<String> analyses, long entries, double wallSeconds, double cpuSeconds,
        double mainCpuSeconds, long peakHeap, long retainedHeap, long jsonChars, List<String> failures) {

    static final String HEADER = String.format(Locale.ROOT, "%-24s %12s %8s %8s %8s %10s %9s %9s %10s %10s %10s",
            "case", "entries", "wall s", "cpu s", "main s", "M ent/s", "cpu/bare", "wall/bare", "peak MiB", "kept MiB", "JSON MB");

    static final String SCALING_HEADER = String.format(Locale.ROOT, "%-26s %11s %11s %7s %11s %11s %7s %10s %10s %10s",
            "case", "main ns/e 1", "main ns/e 2", "ratio", "cpu ns/e 1", "cpu ns/e 2", "ratio", "peak MiB 2", "kept MiB 2",
            "JSON MB 2");

    /** One row of --scaling: the same case on the smaller and the larger log. */
    static String scalingRow(MscanRun a, MscanRun b) {
        double m1 = a.mainCpuSeconds / a.entries * 1e9;
        double m2 = b.mainCpuSeconds / b.entries * 1e9;
        double c1 = a.cpuSeconds / a.entries * 1e9;
        double c2 = b.cpuSeconds / b.entries * 1e9;
        return String.format(Locale.ROOT, "%-26s %11.1f %11.1f %6.2fx %11.1f %11.1f %6.2fx %10d %10s %10.1f%s", a.name, m1, m2,
                m2 / m1, c1, c2, c2 / c1, b.peakHeap >> 20, b.retainedHeap < 0 ? "-" : Long.toString(b.retainedHeap >> 20),
                b.jsonChars / 1e6, a.failures.isEmpty() && b.failures.isEmpty() ? "" : "  FAILED");
    }

    /** Of two rounds of the same case, the one that took less CPU time. */
    static MscanRun leastCpu(MscanRun a, MscanRun b) {
        return b.cpuSeconds < a.cpuSeconds ? b : a;
    }

    String row(MscanRun bare) {
        return String.format(Locale.ROOT, "%-24s %12d %8.2f %8.2f %8.2f %10.2f %8.2fx %8.2fx %10d %10s %10.1f%s", name, entries,
                wallSeconds, cpuSeconds, mainCpuSeconds, entries / wallSeconds / 1e6, cpuSeconds / bare.cpuSeconds,
                wallSeconds / bare.wallSeconds, peakHeap >> 20, retainedHeap < 0 ? "-" : Long.toString(retainedHeap >> 20),
                jsonChars / 1e6, failures.isEmpty() ? "" : "  FAILED");
    }
}
