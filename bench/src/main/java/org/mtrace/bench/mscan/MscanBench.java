package org.mtrace.bench.mscan;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.AnalysisProvider;
import org.mtrace.mscan.engine.Engine;
import org.mtrace.mscan.engine.Pass;
import org.mtrace.mscan.engine.PassResult;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.FixedKernelInfo;

/**
 * Times one engine pass over a log and prints entries/s and peak heap. Run each configuration
 * in a fresh JVM (see docs/mscan.md) so peaks do not mix:
 * {@code MscanBench LOG bare|default|all|NAME[,NAME...]}. JSON output is discarded.
 */
public final class MscanBench {
    private MscanBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MscanBench LOG bare|default|all|NAME[,NAME...]");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        String config = args[1];
        AnalysisCatalog catalog = AnalysisCatalog.load();
        List<String> names = switch (config) {
            case "bare", "default-set" -> List.of();
            case "default" -> List.of("distinct-sys", "false-sharing", "summary");
            case "all" -> allAvailable(catalog);
            default -> Arrays.asList(config.split(","));
        };
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        long main0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long entries;
        long live;
        double runCpu = 0;
        if (config.equals("bare")) {
            entries = bareRead(log);
            live = liveHeap();
        } else {
            Pass pass = Pass.of(catalog, FixedKernelInfo.empty());
            names.forEach(pass::add);
            Engine engine = pass.engine(m -> { });
            try (LogReader r = LogReader.open(log, ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
                long runStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                PassResult result = engine.run(r, ProgressListener.NONE);
                runCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - runStart) / 1e9;
                entries = result.entries();
                live = liveHeap();
                Writer sink = new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.ISO_8859_1);
                List<String> failures = new ArrayList<>(result.failures());
                failures.addAll(engine.finish(new JsonWriter(sink)));
                if (!failures.isEmpty()) {
                    System.err.println("failures: " + failures);
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double mainCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - main0) / 1e9;
        System.out.printf("%-13s %,d entries: wall %.2f s = %,.0f entries/s, cpu %.2f s (main thread %.2f s), peak heap %,d MiB,"
                + " live after pass %,d MiB, pass without output %.2f s cpu  %s%n", config, entries, secs, entries / secs, cpu, mainCpu, peakHeap() >> 20,
                live >> 20, runCpu, names.isEmpty() ? "" : names);
    }

    /** Reads every entry and touches its type, as cheaply as the reader allows. */
    static long bareRead(Path log) throws IOException {
        long sum = 0;
        try (LogReader r = LogReader.open(log, ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
            while (r.next()) {
                sum += r.entry().typeCode();
            }
            if (sum == 42) {
                System.out.print(""); // keep the loop observable
            }
            return r.entriesRead();
        }
    }

    static List<String> allAvailable(AnalysisCatalog catalog) {
        List<String> names = new ArrayList<>();
        for (AnalysisProvider p : catalog.providers()) {
            if (!p.name().equals("stack-trace-pc") && !p.name().equals("sbw0") && !p.name().equals("distinct-ops")) {
                names.add(p.name()); // these need arguments / print every access / need a known app
            }
        }
        return names;
    }

    /** CPU time of the whole process (all threads, incl. inflate workers, JIT and GC). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Heap in use after a full collection: what the pass really retains. */
    static long liveHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Sum of the peak usage of all heap pools (an upper bound of live data plus garbage). */
    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
