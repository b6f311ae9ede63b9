package org.mtrace.kernelhooks.refilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtrace.mscan.lines.TransferModel;

/** Decisions worked by hand from FORMAT.md 6.3 (infinite per-CPU caches, invalidate on write). */
class RefilterModelTest {
    private static final boolean LD = false;
    private static final boolean ST = true;

    @Test
    void sixtyFourByteLinesFollowTheOwnershipRule() {
        TransferModel f = new TransferModel(64);
        assertFalse(f.access(0x1000, 8, 0, LD), "after a reset every CPU holds every line");
        assertTrue(f.access(0x1000, 8, 0, ST), "a store takes the line from the other CPUs");
        assertFalse(f.access(0x1038, 8, 0, ST), "same line, held exclusively");
        assertTrue(f.access(0x1010, 4, 1, LD), "CPU 1 lost it to CPU 0's store");
        assertFalse(f.access(0x1020, 4, 1, LD), "CPU 1 holds it now (shared)");
        assertFalse(f.access(0x1000, 4, 0, LD), "CPU 0 still holds it (shared)");
        assertTrue(f.access(0x1000, 4, 0, ST), "shared with CPU 1: a store moves it");
        assertFalse(f.access(0x1040, 8, 1, LD), "the next line was never touched");
        assertTrue(f.access(0x1000, 8, 63, ST), "CPU 63 (bit 63) steals it");
        assertTrue(f.access(0x1000, 8, 0, LD), "... and CPU 0 must fetch it back");
    }

    @Test
    void lineSizeDecidesWhatSharesALine() {
        // CPU 0 stores at 0x1000, CPU 1 loads 0x1040: another line at 64 bytes, the same line at 128.
        TransferModel small = new TransferModel(64);
        small.access(0x1000, 8, 0, ST);
        assertFalse(small.access(0x1040, 8, 1, LD));
        TransferModel big = new TransferModel(128);
        big.access(0x1000, 8, 0, ST);
        assertTrue(big.access(0x1040, 8, 1, LD), "false sharing appears with 128-byte lines");
    }

    @Test
    void straddlingAccessMovesIfEitherLineMoves() {
        TransferModel f = new TransferModel(64);
        f.access(0x1040, 8, 1, ST); // CPU 1 owns the second line only
        assertTrue(f.access(0x103c, 8, 0, LD), "bytes 0x103c..0x1043: the second line moves");
        assertFalse(f.access(0x1044, 4, 0, LD), "and CPU 0 holds the second line since");
        assertFalse(f.access(0x1038, 8, 1, LD), "CPU 1 still holds the first line (reset state)");
    }

    @Test
    void resetGivesEveryLineToEveryCpu() {
        TransferModel f = new TransferModel(64);
        f.access(0x2000, 8, 3, ST);
        assertTrue(f.access(0x2000, 8, 4, LD));
        f.reset();
        assertFalse(f.access(0x2000, 8, 4, LD));
        assertFalse(f.access(0x2000, 8, 3, LD));
    }

    @Test
    void lineSizeMustBeAPowerOfTwo() {
        assertEquals("line size must be a power of two (got 48)",
                assertThrows(IllegalArgumentException.class, () -> new TransferModel(48)).getMessage());
    }
}
