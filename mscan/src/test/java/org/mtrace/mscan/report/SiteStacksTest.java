package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.junit.jupiter.api.Test;

/** The per-site stack counts: what they keep, what they give back per line and per PC, and their bound. */
class SiteStacksTest {
    private static final long PC = 0xffffffff81000010L;
    private static final long OTHER = 0xffffffff81000020L;

    @Test
    void countsPerLineOffsetWidthPcAndStackAndGivesBackTheAskedLinesOrEveryPc() {
        SiteStacks s = new SiteStacks();
        assertTrue(s.of(IntHashSet.newSetWith(1)).isEmpty());
        s.count(1, 8, 8, PC, 1);
        s.count(1, 8, 8, PC, 1);
        s.count(1, 8, 8, PC, 2);
        s.count(1, 16, 8, PC, 1); // another offset: another site
        s.count(2, 8, 8, PC, 1);  // another line
        s.count(2, 8, 8, OTHER, 3);
        s.count(1, 8, 1, PC, 1); // another width at the offset (a bit operation on the field's byte): another site
        Map<SiteStacks.Site, Map<Integer, Long>> one = s.of(IntHashSet.newSetWith(1));
        assertEquals(Map.of(new SiteStacks.Site(1, 8, 8, PC), Map.of(1, 2L, 2, 1L), new SiteStacks.Site(1, 16, 8, PC), Map.of(1, 1L),
                new SiteStacks.Site(1, 8, 1, PC), Map.of(1, 1L)), one);
        // by PC, over every line, offset and width
        assertEquals(Map.of(PC, Map.of(1, 5L, 2, 1L), OTHER, Map.of(3, 1L)), s.byPc());
        assertEquals(0, s.dropped());
    }

    /**
     * Past the table's bound a transfer of a tuple it does not hold is written down and counted when
     * read back: the counts stay those of an unbounded table, computed here by hand, per line and
     * per PC; the kept tuples go on counting in the table.
     */
    @Test
    void pastTheBoundTransfersAreWrittenDownAndCountedExactly() {
        SiteStacks s = new SiteStacks(2, 100);
        s.count(1, 0, 8, PC, 1);
        s.count(1, 0, 8, PC, 2);
        s.count(1, 0, 8, PC, 3); // a third tuple: written down
        s.count(1, 0, 8, PC, 3);
        s.count(1, 0, 8, PC, 1); // in the table: counted there
        s.count(2, 8, 8, OTHER, 3); // another line, written down
        assertEquals(0, s.dropped());
        assertEquals(3, s.spilled());
        assertEquals(Map.of(new SiteStacks.Site(1, 0, 8, PC), Map.of(1, 2L, 2, 1L, 3, 2L)), s.of(IntHashSet.newSetWith(1)));
        assertEquals(Map.of(new SiteStacks.Site(2, 8, 8, OTHER), Map.of(3, 1L)), s.of(IntHashSet.newSetWith(2)));
        assertEquals(Map.of(PC, Map.of(1, 2L, 2, 1L, 3, 2L), OTHER, Map.of(3, 1L)), s.byPc());
        s.release();
    }

    /** Past both bounds a transfer is left out and counted as dropped, with the reason; the rest stay exact. */
    @Test
    void pastBothBoundsTransfersAreDroppedWithTheReason() {
        SiteStacks s = new SiteStacks(1, 2);
        s.count(1, 0, 8, PC, 1);
        s.count(1, 0, 8, PC, 2); // written down
        s.count(1, 0, 8, PC, 2); // written down
        s.count(1, 0, 8, PC, 3); // past both: dropped
        s.count(1, 0, 8, PC, 1); // in the table
        assertEquals(1, s.dropped());
        assertTrue(s.whyDropped().contains("more than 1 distinct"), s.whyDropped());
        assertEquals(Map.of(new SiteStacks.Site(1, 0, 8, PC), Map.of(1, 2L, 2, 2L)), s.of(IntHashSet.newSetWith(1)));
    }

    /**
     * Enough transfers past the bound to fill the in-memory part of the spill and go on into its
     * file: every one is read back (a random log of tuples against a map counted here).
     */
    @Test
    void aLongSpillGoesToItsFileAndComesBackWhole() {
        SiteStacks s = new SiteStacks(16, SiteStacks.SPILLED);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        Map<Integer, Long> perStack = new java.util.HashMap<>();
        int n = 3_000_000; // 36 MB written down: past the 16 MiB kept in memory
        for (int i = 0; i < n; i++) {
            int stack = 1 + rnd.nextInt(1000);
            s.count(7, 4, 8, PC, stack);
            perStack.merge(stack, 1L, Long::sum);
        }
        assertEquals(0, s.dropped());
        assertTrue(s.spilled() > (16 << 20) / 12, "past the in-memory part: " + s.spilled());
        assertEquals(Map.of(PC, perStack), s.byPc());
        assertEquals(Map.of(new SiteStacks.Site(7, 4, 8, PC), perStack), s.of(IntHashSet.newSetWith(7)));
        s.release();
    }
}
