package org.mtrace.analyses.bench;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mtrace.format.io.LogReader;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.Engine;
import org.mtrace.mscan.engine.Pass;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.FixedKernelInfo;

/**
 * Throughput of a bare read and of one engine pass with the given analyses over a log; the JSON
 * goes to a counting null writer. Prints entries/s, the ratio to the bare read, and the peak
 * heap use (sum of the heap pools' peaks).
 *
 * <p>Usage: {@code AnalysesBench LOG [analysis...]} (no analyses: bare read only).
 */
public final class AnalysesBench {
    private AnalysesBench() {
    }

    public static void main(String[] args) throws IOException {
        Path log = Path.of(args[0]);
        List<String> names = Arrays.asList(args).subList(1, args.length);
        long c0 = cpuTime();
        long t0 = System.nanoTime();
        long entries = 0;
        long sum = 0;
        try (LogReader r = LogReader.open(log)) {
            while (r.next()) {
                sum += r.entry().typeCode();
                entries++;
            }
        }
        double bare = (System.nanoTime() - t0) / 1e9;
        double bareCpu = (cpuTime() - c0) / 1e9;
        System.out.printf("bare read: %d entries in %.2f s, cpu %.2f s (%.1f M entries/s) [%d]%n", entries, bare,
                bareCpu, entries / bare / 1e6, sum);
        if (names.isEmpty()) {
            return;
        }
        resetPeaks();
        Pass pass = Pass.of(AnalysisCatalog.load(), FixedKernelInfo.empty());
        names.forEach(pass::add);
        Engine engine = pass.engine(Diagnostics.STDERR);
        long[] chars = new long[1];
        Writer sink = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                chars[0] += len;
            }

            @Override
            public void write(String s) {
                chars[0] += s.length();
            }

            @Override
            public void write(int c) {
                chars[0]++;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        c0 = cpuTime();
        t0 = System.nanoTime();
        PassResult result;
        try (LogReader r = LogReader.open(log)) {
            result = engine.run(r, ProgressListener.NONE);
        }
        double pass1 = (System.nanoTime() - t0) / 1e9;
        List<String> end = engine.finish(new JsonWriter(sink));
        double total = (System.nanoTime() - t0) / 1e9;
        double totalCpu = (cpuTime() - c0) / 1e9;
        System.out.printf("%s: read+analyse %.2f s, +output %.2f s (%.2fx bare read); cpu %.2f s (%.2fx bare read cpu);"
                + " %d JSON chars, peak heap %d MiB%n",
                names, pass1, total, total / bare, totalCpu, totalCpu / bareCpu, chars[0], peakHeap() >> 20);
        if (!result.ok() || !end.isEmpty()) {
            System.out.println("problems: " + result + " " + end);
        }
    }

    /** CPU time of the whole process (reader threads and GC included), in ns. */
    private static long cpuTime() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
