package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineCpuTableTest {
    @Test
    void groupsAddressesByTheLineSizeAndCountsPerCpuAndKind() {
        LineCpuTable t = new LineCpuTable(LineSize.of(128), 2);
        int p = t.find(0x1000);
        t.increment(p, 0, false);
        t.increment(t.find(0x107f), 0, true); // same 128-byte line
        t.increment(t.find(0x1040), 3, false);
        t.increment(t.find(0x1080), 1, true); // the next line
        p = t.find(0x1010);
        assertEquals(0x1000, t.address(p));
        assertEquals(0, t.lineNumber(p));
        assertEquals(1, t.count(p, 0, false));
        assertEquals(1, t.count(p, 0, true));
        assertEquals(1, t.count(p, 3, false));
        assertEquals(0, t.count(p, 1, true));
        int q = t.find(0x10ff);
        assertEquals(1, t.lineNumber(q));
        assertEquals(1, t.count(q, 1, true));
        assertEquals(3, t.maxCpu());
        long[] lines = t.lines();
        Arrays.sort(lines);
        assertArrayEquals(new long[] {0x1000, 0x1080}, lines);
    }

    /**
     * A CPU above the dense capacity widens every entry (entries move: the generation changes) and
     * keeps the counters, the view's words and field; CPUs from 64 up are counted on the side.
     */
    @Test
    void widensForHigherCpusKeepingCountsAndViewState() {
        LineCpuTable t = new LineCpuTable(LineSize.DEFAULT, 1);
        int p = t.find(0x2000);
        t.increment(p, 7, true);
        t.words()[t.word(p, 0)] = 0xabcdL;
        t.setField(p, 42);
        int generation = t.generation();
        t.increment(p, 9, false); // capacity 8 -> 16
        assertNotEquals(generation, t.generation());
        p = t.find(0x2000);
        assertEquals(1, t.count(p, 7, true));
        assertEquals(1, t.count(p, 9, false));
        assertEquals(0xabcdL, t.words()[t.word(p, 0)]);
        assertEquals(42, t.field(p));
        t.increment(p, 70, true);
        t.increment(t.find(0x2000), 70, true);
        assertEquals(2, t.count(t.find(0x2000), 70, true));
        assertEquals(0, t.count(t.find(0x2000), 70, false));
        assertEquals(70, t.maxCpu());
    }

    @Test
    void growingTheTableKeepsEveryLine() {
        LineCpuTable t = new LineCpuTable(LineSize.of(8), 1);
        for (int i = 0; i < 10_000; i++) { // past the first 2^12 slots at half load
            int p = t.find(8L * i);
            t.increment(p, i % 3, i % 2 == 0);
            t.words()[t.word(p, 0)] = i;
        }
        for (int i = 0; i < 10_000; i++) {
            int p = t.find(8L * i + 7);
            assertEquals(i, t.lineNumber(p));
            assertEquals(i, t.words()[t.word(p, 0)]);
            assertEquals(1, t.count(p, i % 3, i % 2 == 0));
        }
    }

    /**
     * A table with byte masks, widened one CPU at a time from 1 and grown to many slots at three
     * quarters full, against a map of the same counts and masks; entries keyed by a line address
     * with bit 1 set (a view's second key space) are told apart from the line's own entry.
     */
    @Test
    void masksAndCountersSurviveWideningAndGrowthAgainstAMap() {
        LineCpuTable t = new LineCpuTable(LineSize.DEFAULT, 2, true, 1, 75);
        Map<Long, long[]> ref = new HashMap<>(); // key -> per CPU loads, stores, load mask, store mask; then word 0
        Random rnd = new Random(11);
        int cpus = 1;
        for (int i = 0; i < 200_000; i++) {
            if (i % 20_000 == 0 && cpus < 64) {
                cpus *= 2;
                t.reserveCpus(cpus);
                assertEquals(cpus, t.cpuCapacity());
            }
            long key = 0xffff888000000000L + 64L * rnd.nextInt(40_000) + (rnd.nextInt(4) == 0 ? 2 : 0);
            int cpu = rnd.nextInt(cpus);
            boolean store = rnd.nextBoolean();
            long mask = 1L << rnd.nextInt(64);
            int p = t.lookupKey(key);
            if (p < 0) {
                p = t.insertAt(key, -1 - p);
            }
            t.add(p, cpu, store, mask);
            t.words()[t.word(p, 1)] = key ^ 0x5555;
            long[] r = ref.computeIfAbsent(key, k -> new long[4 * 64]);
            r[4 * cpu + (store ? 1 : 0)]++;
            r[4 * cpu + (store ? 3 : 2)] |= mask;
        }
        assertEquals(ref.size(), t.size());
        int[] visited = new int[1];
        t.forEachEntry(p -> visited[0]++);
        assertEquals(ref.size(), visited[0]);
        for (Map.Entry<Long, long[]> e : ref.entrySet()) {
            int p = t.lookupKey(e.getKey());
            assertEquals(e.getKey(), t.address(p));
            assertEquals(e.getKey() ^ 0x5555, t.words()[t.word(p, 1)]);
            long[] r = e.getValue();
            for (int c = 0; c < 64; c++) {
                assertEquals(r[4 * c], t.count(p, c, false), "loads of CPU " + c);
                assertEquals(r[4 * c + 1], t.count(p, c, true), "stores of CPU " + c);
                assertEquals(r[4 * c + 2], t.mask(p, c, false), "load mask of CPU " + c);
                assertEquals(r[4 * c + 3], t.mask(p, c, true), "store mask of CPU " + c);
            }
        }
        int absent = t.lookupKey(0x1000);
        assertTrue(absent < 0);
        assertEquals(ref.size(), t.size()); // a lookup inserts nothing
    }
}
