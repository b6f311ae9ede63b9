package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
        t.words(p)[t.word(p, 0)] = 0xabcdL;
        t.setField(p, 42);
        int generation = t.generation();
        t.increment(p, 9, false); // capacity 8 -> 16
        assertNotEquals(generation, t.generation());
        p = t.find(0x2000);
        assertEquals(1, t.count(p, 7, true));
        assertEquals(1, t.count(p, 9, false));
        assertEquals(0xabcdL, t.words(p)[t.word(p, 0)]);
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
            t.words(p)[t.word(p, 0)] = i;
        }
        for (int i = 0; i < 10_000; i++) {
            int p = t.find(8L * i + 7);
            assertEquals(i, t.lineNumber(p));
            assertEquals(i, t.words(p)[t.word(p, 0)]);
            assertEquals(1, t.count(p, i % 3, i % 2 == 0));
        }
    }

    /**
     * A slotted table (two CPU slots per entry, further CPUs spilled) grown to many slots at three
     * quarters full, against a map of the same counts and masks per (key, CPU); entries keyed by a
     * line address with bit 1 set (a view's second key space) are told apart from the line's own
     * entry; draining visits every counted (entry, CPU) once.
     */
    @Test
    void slottedCountersAndMasksSurviveSpillsAndGrowthAgainstAMap() {
        LineCpuTable t = new LineCpuTable(LineSize.DEFAULT, 2, 2, 75);
        Map<Long, long[]> ref = new HashMap<>(); // key -> per CPU loads, stores, load mask, store mask
        List<Long> keys = new ArrayList<>(); // by the field each key's entry gets when inserted
        Random rnd = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            long key = 0xffff888000000000L + 64L * rnd.nextInt(40_000) + (rnd.nextInt(4) == 0 ? 2 : 0);
            int cpus = i < 100_000 ? 4 : 64; // most lines see a few CPUs; later some see many
            int cpu = rnd.nextInt(cpus);
            boolean store = rnd.nextBoolean();
            long mask = 1L << rnd.nextInt(64);
            int p = t.lookupKey(key);
            if (p < 0) {
                p = t.insertAt(key, -1 - p);
                t.setField(p, keys.size()); // before counting: a continuation takes its entry's field
                keys.add(key);
            }
            t.words(p)[t.word(p, 1)] = key ^ 0x5555;
            t.add(p, cpu, store, mask); // may move entries (a continuation inserted)
            long[] r = ref.computeIfAbsent(key, k -> new long[4 * 64]);
            r[4 * cpu + (store ? 1 : 0)]++;
            r[4 * cpu + (store ? 3 : 2)] |= mask;
        }
        assertTrue(t.size() > ref.size()); // lines with a third CPU have a continuation entry
        int entries = t.size();
        assertTrue(t.lookupKey(0x1000) < 0);
        assertEquals(entries, t.size()); // a lookup inserts nothing
        for (Map.Entry<Long, long[]> e : ref.entrySet()) {
            int p = t.lookupKey(e.getKey());
            assertEquals(e.getKey(), t.address(p));
            assertEquals(e.getKey() ^ 0x5555, t.words(p)[t.word(p, 1)]);
            assertEquals(p, t.findKey(e.getKey())); // present: nothing inserted
            long[] r = e.getValue();
            for (int c = 0; c < 64; c++) {
                assertEquals(r[4 * c], t.count(p, c, false), "loads of CPU " + c);
                assertEquals(r[4 * c + 1], t.count(p, c, true), "stores of CPU " + c);
                assertEquals(r[4 * c + 2], t.mask(p, c, false), "load mask of CPU " + c);
                assertEquals(r[4 * c + 3], t.mask(p, c, true), "store mask of CPU " + c);
            }
        }
        Map<Long, long[]> seen = new HashMap<>();
        t.drainCpus((field, cpu, loads, stores, loadMask, storeMask) -> {
            long[] x = seen.computeIfAbsent(keys.get(field), k -> new long[4 * 64]);
            assertEquals(0, x[4 * cpu] + x[4 * cpu + 1], "visited twice: CPU " + cpu);
            x[4 * cpu] = loads;
            x[4 * cpu + 1] = stores;
            x[4 * cpu + 2] = loadMask;
            x[4 * cpu + 3] = storeMask;
        });
        assertEquals(ref.keySet(), seen.keySet());
        for (Map.Entry<Long, long[]> e : ref.entrySet()) {
            assertArrayEquals(e.getValue(), seen.get(e.getKey()), Long.toHexString(e.getKey()));
        }
    }

    /**
     * A slotted counter holds 28 bits; counts past 2^28 - 1 carry to the side, in a slot (the
     * entry's or its continuation's: one code path) and in the spill alike.
     */
    @Test
    void slottedCountsCarryPastTwentyEightBits() {
        LineCpuTable t = new LineCpuTable(LineSize.DEFAULT, 0, 1, 75);
        int p = t.find(0x4000);
        t.setField(p, 9);
        t.add(p, 5, true, 1);
        t.add(p, 6, false, 2); // the continuation's slot: the entry's one slot is CPU 5's
        t.add(t.find(0x4000), 7, false, 16); // both slots taken: CPU 7 spills
        assertEquals(2, t.size());
        long n = (1L << 28) + 3;
        p = t.find(0x4000);
        for (long i = 0; i < n; i++) {
            t.add(p, 5, false, 4);
            t.add(p, 7, true, 32);
        }
        t.add(p, 6, true, 8);
        assertEquals(n, t.count(p, 5, false));
        assertEquals(1, t.count(p, 5, true));
        assertEquals(1, t.count(p, 6, false));
        assertEquals(1, t.count(p, 6, true));
        assertEquals(1, t.count(p, 7, false));
        assertEquals(n, t.count(p, 7, true));
        assertEquals(4, t.mask(p, 5, false));
        assertEquals(8, t.mask(p, 6, true));
        assertEquals(2, t.mask(p, 6, false));
        assertEquals(16 | 32, t.mask(p, 7, false) | t.mask(p, 7, true));
        long[] sums = new long[8];
        t.forEachCpu((field, cpu, loads, stores, loadMask, storeMask) -> {
            assertEquals(9, field); // the continuation carries the entry's field
            sums[cpu] += loads + stores;
        });
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, n + 1, 2, n + 1}, sums);
    }
}
