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
    void countsPerLineOffsetPcAndStackAndGivesBackTheAskedLinesOrEveryPc() {
        SiteStacks s = new SiteStacks();
        assertTrue(s.of(IntHashSet.newSetWith(1)).isEmpty());
        s.count(1, 8, PC, 1);
        s.count(1, 8, PC, 1);
        s.count(1, 8, PC, 2);
        s.count(1, 16, PC, 1); // another offset: another site
        s.count(2, 8, PC, 1);  // another line
        s.count(2, 8, OTHER, 3);
        Map<SiteStacks.Site, Map<Integer, Long>> one = s.of(IntHashSet.newSetWith(1));
        assertEquals(Map.of(new SiteStacks.Site(1, 8, PC), Map.of(1, 2L, 2, 1L), new SiteStacks.Site(1, 16, PC), Map.of(1, 1L)),
                one);
        // by PC, over every line and offset
        assertEquals(Map.of(PC, Map.of(1, 4L, 2, 1L), OTHER, Map.of(3, 1L)), s.byPc());
        assertEquals(0, s.dropped());
    }

    /** Past the bound a new tuple is not kept (its transfer is counted as dropped); kept ones go on counting. */
    @Test
    void pastTheBoundNewTuplesAreDroppedAndKeptOnesCounted() {
        SiteStacks s = new SiteStacks(2);
        s.count(1, 0, PC, 1);
        s.count(1, 0, PC, 2);
        s.count(1, 0, PC, 3); // a third tuple: dropped
        s.count(1, 0, PC, 3);
        s.count(1, 0, PC, 1); // kept: counted
        assertEquals(2, s.dropped());
        assertEquals(Map.of(new SiteStacks.Site(1, 0, PC), Map.of(1, 2L, 2, 1L)), s.of(IntHashSet.newSetWith(1)));
    }
}
