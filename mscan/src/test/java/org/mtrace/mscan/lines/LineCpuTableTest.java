package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
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
        int generation = t.generation();
        t.increment(p, 7, true); // capacity 2 -> 8
        assertNotEquals(generation, t.generation());
        p = t.find(0x2000);
        t.words()[t.word(p, 0)] = 0xabcdL;
        t.setField(p, 42);
        generation = t.generation();
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
            t.increment(p, i % 3, i % 2 == 0); // CPU 2 widens the entries once: they move
            t.words()[t.word(t.find(8L * i), 0)] = i;
        }
        for (int i = 0; i < 10_000; i++) {
            int p = t.find(8L * i + 7);
            assertEquals(i, t.lineNumber(p));
            assertEquals(i, t.words()[t.word(p, 0)]);
            assertEquals(1, t.count(p, i % 3, i % 2 == 0));
        }
    }

    /**
     * Adding lines never moves an entry (the index grows, the entries stay side by side): a position
     * kept from the first line's find is still its entry after 100,000 more lines, and the generation
     * did not change; lines lie in order of first access.
     */
    @Test
    void addingLinesKeepsEveryEntryWhereItIs() {
        LineCpuTable t = new LineCpuTable(LineSize.DEFAULT, 1);
        int p = t.find(0x40);
        t.increment(p, 1, true); // widen to 2 CPUs' counters before the positions are kept
        p = t.find(0x40);
        int generation = t.generation();
        for (int i = 2; i < 100_002; i++) {
            t.increment(t.find(64L * i), 0, false);
        }
        assertEquals(generation, t.generation());
        assertEquals(0x40, t.address(p));
        assertEquals(1, t.count(p, 1, true));
        assertEquals(p, t.find(0x7f));
        long[] lines = t.lines();
        assertEquals(100_001, lines.length);
        assertEquals(0x40, lines[0]);
        assertEquals(64L * 100_001, lines[100_000]);
    }

    /**
     * Lines whose numbers agree in their low 32 bits (addresses 2^38 apart with 64-byte lines) have
     * one fingerprint in the index; each still has its own entry.
     */
    @Test
    void linesOfOneFingerprintStayApart() {
        LineCpuTable t = new LineCpuTable(LineSize.DEFAULT, 1);
        long apart = 1L << 38;
        for (int i = 0; i < 5_000; i++) { // past the first index's size: the index is rebuilt
            t.increment(t.find(0xffff888000000000L + i * apart), i % 2, true);
        }
        for (int i = 0; i < 5_000; i++) {
            int p = t.find(0xffff888000000000L + i * apart + 63);
            assertEquals(i, t.lineNumber(p));
            assertEquals(1, t.count(p, i % 2, true));
            assertEquals(0, t.count(p, 1 - i % 2, true));
        }
    }
}
