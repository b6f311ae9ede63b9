package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.describe.MissingAttributeException;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.index.IndexCache;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Throughput figures for the targets: cold open+index time and peak heap, cached open time,
 * describe and source queries per second. Prints results; asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure index time, peak heap, cached open and query rates on an ELF (e.g. vmlinux).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ELF")
    Path elf;

    @Option(names = "--queries", description = "Number of timed queries per kind (default ${DEFAULT-VALUE}).")
    int queries = 2_000_000;

    @Override public Integer call() throws IOException {
        Path cacheDir = Files.createTempDirectory("mdwarf-bench");
        try {
            IndexCache cache = new IndexCache(cacheDir);
            resetPeaks();
            long t0 = System.nanoTime(), cpu0 = processCpuNanos();
            DebugInfo cold = DebugInfo.open(elf, cache);
            long coldMs = ms(t0), coldCpuMs = (processCpuNanos() - cpu0) / 1_000_000;
            long peak = heapPeakMb();
            DwarfIndex idx = cold.index();
            System.out.printf("cold open+index: %d ms wall, %d ms CPU over %d cores (index %d ms, %d DIEs, %d units), "
                    + "peak heap %d MB%n", coldMs, coldCpuMs, Runtime.getRuntime().availableProcessors(),
                    cold.indexMillis(), idx.dieCount, cold.dwarf().unitCount(), peak);
            long t1 = System.nanoTime();
            DebugInfo cached = DebugInfo.open(elf, cache);
            System.out.printf("cached open: %d ms (from cache: %s)%n", ms(t1), cached.indexFromCache());
            describeRate(cached);
            sourceRate(cached);
            return 0;
        } finally {
            try (var s = Files.list(cacheDir)) { s.forEach(p -> p.toFile().delete()); }
            Files.deleteIfExists(cacheDir);
        }
    }

    private void describeRate(DebugInfo a) {
        // Queries: the largest structs' names at every 8th offset, as mscan asks for hot heap objects.
        DwarfIndex idx = a.index();
        List<String> names = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int id = 0; id < idx.types.nameCount() && names.size() < 500; id++) {
            int first = idx.types.firstDefinition(id);
            if (first == idx.types.endDefinition(id) || idx.types.tag(first) != Tag.STRUCTURE_TYPE) continue;
            long size = a.types().sizeOf(a.types().die(idx.types.die(first)));
            if (size < 16) continue;
            names.add("struct " + idx.types.name(id));
            sizes.add(size);
        }
        Random rnd = new Random(42);
        int n = 4096;
        String[] qt = new String[n];
        long[] qo = new long[n];
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(names.size());
            qt[i] = names.get(k);
            qo[i] = rnd.nextInt((int) Math.min(sizes.get(k), Integer.MAX_VALUE));
        }
        long t0 = System.nanoTime();
        int found = 0;
        for (int i = 0; i < n; i++) if (a.describe(qt[i], 0xffff888000000000L + i * 64L, qo[i], 0) != null) found++;
        double firstRate = n / ((System.nanoTime() - t0) / 1e9);
        long sink = 0;
        t0 = System.nanoTime();
        long c0 = threadCpuNanos();
        for (int i = 0; i < queries; i++) {
            String s = a.describe(qt[i & (n - 1)], 0xffff888000000000L + i * 64L, qo[i & (n - 1)], 0);
            sink += s == null ? 0 : s.length();
        }
        double rate = queries / ((System.nanoTime() - t0) / 1e9);
        double cpuRate = queries / ((threadCpuNanos() - c0) / 1e9);
        System.out.printf("describe: %.0f queries/s first-time (%d of %d described), %.0f queries/s repeated "
                + "(%.0f per CPU-second; %d queries over %d distinct (type, offset), checksum %d)%n", firstRate, found,
                n, rate, cpuRate, queries, n, sink);
    }

    private void sourceRate(DebugInfo a) {
        DwarfIndex idx = a.index();
        Random rnd = new Random(7);
        int n = 4096;
        long[] pcs = new long[n];
        for (int i = 0; i < n; i++) {
            int f = rnd.nextInt(idx.functions.size());
            long lo = idx.functions.lo(f), len = Math.max(1, idx.functions.hi(f) - lo);
            pcs[i] = lo + (long) (rnd.nextDouble() * len);
        }
        long t0 = System.nanoTime();
        long sink = 0;
        for (long pc : pcs) sink += a.sourceWithInlines(pc).size();
        double firstRate = n / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        long c0 = threadCpuNanos();
        for (int i = 0; i < queries; i++) sink += a.source(pcs[i & (n - 1)]).length();
        double rate = queries / ((System.nanoTime() - t0) / 1e9);
        double cpuRate = queries / ((threadCpuNanos() - c0) / 1e9);
        System.out.printf("source/function: %.0f PCs/s first-time (with inline chains), %.0f PCs/s repeated "
                + "(%.0f per CPU-second; checksum %d)%n", firstRate, rate, cpuRate, sink);
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long ms(long t0) { return (System.nanoTime() - t0) / 1_000_000; }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    private static long heapPeakMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum >> 20;
    }
}
