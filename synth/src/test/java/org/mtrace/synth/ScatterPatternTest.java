package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.synth.recorder.TraceMode;
import org.mtrace.synth.workload.PatternMix;

/**
 * The scatter pattern has the shape docs/synth.md claims, counted from the log itself: its
 * working set and private regions (the documented layout), every byte offset, skewed line
 * popularity, private lines touched by one CPU only, and label churn.
 */
class ScatterPatternTest {
    private static final int CPUS = 8;
    private static final long SHARED = 0xffff880008000000L;
    private static final long SHARED_END = SHARED + (1L << 25);
    private static final long PRIVATE = 0xffff880010000000L;
    private static final long PRIVATE_BYTES = 0x40000;

    @Test
    void manyLinesEveryOffsetSkewedPrivateAndChurning() throws Exception {
        GeneratedLog log = GeneratedLog.of(SynthConfig.builder().cpus(CPUS).entries(400_000).seed(5)
                .mode(TraceMode.KERNELSCOPE).mix(PatternMix.parse("scatter=1")).build());
        Map<Long, Integer> perLine = new HashMap<>();
        Set<Integer> offsets = new HashSet<>();
        Map<Long, Integer> privateOwner = new HashMap<>();
        int scatterAccesses = 0;
        int privateAccesses = 0;
        for (AccessRecord a : log.all(AccessRecord.class)) {
            long addr = a.guestAddr();
            if (Long.compareUnsigned(addr, SHARED) >= 0 && Long.compareUnsigned(addr, SHARED_END) < 0) {
                scatterAccesses++;
                perLine.merge(addr & ~63L, 1, Integer::sum);
                offsets.add((int) (addr & 63));
            } else if (Long.compareUnsigned(addr - PRIVATE, CPUS * PRIVATE_BYTES) < 0) {
                privateAccesses++;
                int cpu = a.header().cpu();
                assertEquals(cpu, (int) ((addr - PRIVATE) / PRIVATE_BYTES), "a CPU's private region");
                assertEquals(cpu, (int) privateOwner.merge(addr & ~63L, cpu, (x, y) -> x.equals(y) ? x : -1));
            }
        }
        assertEquals(64, offsets.size(), "every byte offset");
        assertTrue(perLine.size() > 30_000, "many lines: " + perLine.size()); // ~150,000 Zipf draws over 2^19 lines
        double privateShare = privateAccesses / (double) (privateAccesses + scatterAccesses);
        assertTrue(privateShare > 0.2 && privateShare < 0.3, "a quarter private: " + privateShare);
        int[] counts = perLine.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        long top = 0;
        for (int i = counts.length - counts.length / 100; i < counts.length; i++) {
            top += counts[i];
        }
        double topShare = top / (double) scatterAccesses; // Zipf s=1 over 2^19 lines: ~1/3 at this log size
        assertTrue(topShare > 0.2 && topShare < 0.6, "top 1 % of lines: " + topShare);
        assertTrue(Arrays.stream(counts).filter(c -> c == 1).count() > counts.length / 3, "a long tail");
        long labels = log.all(LabelRecord.class).stream().filter(l -> l.str().equals("kmalloc-192")).count();
        assertTrue(labels * 12 > scatterAccesses + privateAccesses, "a label every few accesses: " + labels);
    }

    /**
     * hot-scatter (the hot profile): the same shape in 2,048 lines of its own region, each hit
     * often by several CPUs, and objects that never overlap while their slots are reused.
     */
    @Test
    void hotScatterIsTwoThousandLinesSharedByEveryCpu() throws Exception {
        long hot = 0xffff88000c000000L;
        long hotEnd = hot + (2048L << 6);
        GeneratedLog log = GeneratedLog.of(SynthConfig.builder().cpus(CPUS).entries(400_000).seed(6)
                .mode(TraceMode.KERNELSCOPE).mix(PatternMix.parse("hot")).build());
        Map<Long, Set<Integer>> cpusOfLine = new HashMap<>();
        Set<Integer> offsets = new HashSet<>();
        for (AccessRecord a : log.all(AccessRecord.class)) {
            long addr = a.guestAddr();
            assertTrue(Long.compareUnsigned(addr - SHARED, 1L << 25) >= 0, "nothing in scatter's region");
            if (Long.compareUnsigned(addr, hot) >= 0 && Long.compareUnsigned(addr, hotEnd) < 0) {
                cpusOfLine.computeIfAbsent(addr & ~63L, k -> new HashSet<>()).add(a.header().cpu());
                offsets.add((int) (addr & 63));
            }
        }
        assertEquals(64, offsets.size(), "every byte offset");
        assertTrue(cpusOfLine.size() > 1900, "nearly all 2,048 lines: " + cpusOfLine.size());
        long shared = cpusOfLine.values().stream().filter(c -> c.size() > 1).count();
        assertTrue(shared > cpusOfLine.size() * 9 / 10, "most lines on several CPUs: " + shared);
        Map<Long, Long> liveEnd = new HashMap<>(); // start -> end of the live kmalloc-192 objects
        long freed = 0;
        for (LabelRecord l : log.all(LabelRecord.class)) {
            if (!l.str().equals("kmalloc-192")) {
                continue;
            }
            long start = l.guestAddr();
            assertTrue(Long.compareUnsigned(start, hot) >= 0 && Long.compareUnsigned(start + 192, hotEnd) <= 0,
                    "objects in the hot region");
            if (l.bytes() == 0) {
                assertTrue(liveEnd.remove(start) != null, "a free of a live object");
                freed++;
            } else {
                for (Map.Entry<Long, Long> o : liveEnd.entrySet()) {
                    assertTrue(start >= o.getValue() || start + 192 <= o.getKey(), "objects never overlap");
                }
                liveEnd.put(start, start + 192);
            }
        }
        assertTrue(liveEnd.size() <= 2048 * 64 / 192 * 3 / 10, "at most 30 % of the slots live: " + liveEnd.size());
        assertTrue(freed > 1000, "slots are freed and reused: " + freed);
    }

    /**
     * hot-private: hot-scatter's shared lines, and private accesses spread evenly over 4 MiB per
     * CPU (65,536 lines each), so that nearly every private access is to an address not seen before;
     * each CPU stays in its own region.
     */
    @Test
    void hotPrivateSpreadsEachCpusPrivateAccessesEvenly() throws Exception {
        long wide = 4L << 20;
        GeneratedLog log = GeneratedLog.of(SynthConfig.builder().cpus(CPUS).entries(400_000).seed(7)
                .mode(TraceMode.KERNELSCOPE).mix(PatternMix.parse("hot-private")).build());
        Map<Long, Integer> perLine = new HashMap<>();
        Set<Long> addresses = new HashSet<>();
        int privateAccesses = 0;
        for (AccessRecord a : log.all(AccessRecord.class)) {
            long addr = a.guestAddr();
            if (Long.compareUnsigned(addr - PRIVATE, CPUS * wide) < 0) {
                privateAccesses++;
                assertEquals(a.header().cpu(), (int) ((addr - PRIVATE) / wide), "a CPU's private region");
                perLine.merge(addr & ~63L, 1, Integer::sum);
                addresses.add(addr);
            }
        }
        assertTrue(privateAccesses > 20_000, "private accesses: " + privateAccesses);
        // even draws over 8 x 65,536 lines: the busiest line a handful of times, most once; a Zipf
        // draw (the hot profile) puts thousands on its first line
        int busiest = perLine.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(busiest < 10, "no hot private line: " + busiest);
        assertTrue(addresses.size() > privateAccesses * 9 / 10, "nearly every address new: " + addresses.size()
                + " of " + privateAccesses);
    }
}
