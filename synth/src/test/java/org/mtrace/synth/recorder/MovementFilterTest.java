package org.mtrace.synth.recorder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cache-line model of FORMAT.md §6.3, worked by hand. */
class MovementFilterTest {
    private static final long A = 0x7f3a40001000L;
    private static final long A_SAME_LINE = A + 0x38;
    private static final long B = A + 64;

    @Test
    void twoCpusOnOneLine() {
        MovementFilter f = new MovementFilter(2);
        f.reset();
        assertFalse(f.load(0, A), "after a reset every CPU holds every line");
        assertFalse(f.load(1, A));
        assertTrue(f.store(0, A), "mask {0,1} -> {0}");
        assertFalse(f.store(0, A), "already exclusive");
        assertFalse(f.load(0, A_SAME_LINE), "same 64-byte line, still held");
        assertTrue(f.load(1, A), "CPU 1 lost the line to CPU 0's store");
        assertFalse(f.load(1, A), "now held");
        assertFalse(f.load(0, A), "CPU 0 still holds it (shared)");
        assertTrue(f.store(0, A_SAME_LINE), "{0,1} is not exclusive");
        assertTrue(f.store(1, A), "{0} -> {1}");
        assertTrue(f.load(0, A));
        assertTrue(f.store(1, B), "another line: still in its reset state, held by both");
        assertFalse(f.store(1, B));
        f.reset();
        assertFalse(f.load(0, A), "a reset makes the line present everywhere again");
        assertTrue(f.store(1, A));
    }

    @Test
    void oneCpuNeverMovesLines() {
        MovementFilter f = new MovementFilter(1);
        assertFalse(f.store(0, A), "the single CPU holds every line exclusively");
        assertFalse(f.load(0, B));
    }

    @Test
    void cpusBeyondEightAndBeyondSixtyFourHaveTheirOwnBit() {
        MovementFilter f = new MovementFilter(70);
        assertFalse(f.load(65, A), "reset state includes CPU 65 (the original's 8-bit mask would log this)");
        assertFalse(f.load(9, A));
        assertTrue(f.store(65, A), "everyone -> {65}");
        assertFalse(f.store(65, A), "exclusive: CPU 65 only, in the second mask word");
        assertTrue(f.load(9, A), "CPU 9 lost it");
        assertTrue(f.load(3, A));
        assertFalse(f.load(9, A));
        assertFalse(f.load(65, A), "CPU 65 kept a shared copy");
        assertTrue(f.store(69, A), "{3,9,65} -> {69}");
        assertTrue(f.load(65, A));
        assertTrue(f.store(0, A));
        assertFalse(f.store(0, A));
    }

    @Test
    void manyLinesSurviveTableGrowth() {
        MovementFilter f = new MovementFilter(4);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(f.store(i & 3, A + 64L * i));
        }
        for (int i = 0; i < 100_000; i++) {
            assertFalse(f.store(i & 3, A + 64L * i), "line " + i + " still exclusive to its writer");
            assertTrue(f.load((i + 1) & 3, A + 64L * i));
        }
    }
}
