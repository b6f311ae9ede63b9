package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.junit.jupiter.api.Test;

/** The per-site stack counts: what they keep, what they give back per line, and their bound. */
class SiteStacksTest {
    private static final long PC = 0xffffffff81000010L;

    @Test
    void countsPerLineOffsetPcAndStackAndGivesBackTheAskedLines() {
        SiteStacks s = new SiteStacks();
        assertTrue(s.of(IntHashSet.newSetWith(1)).isEmpty());
        s.count(1, 8, PC, 1);
        s.count(1, 8, PC, 1);
        s.count(1, 8, PC, 2);
        s.count(1, 16, PC, 1); // another offset: another site
        s.count(2, 8, PC, 1);  // another line
        Map<SiteStacks.Site, List<SiteStacks.Count>> one = s.of(IntHashSet.newSetWith(1));
        assertEquals(2, one.size());
        List<SiteStacks.Count> at8 = one.get(new SiteStacks.Site(1, 8, PC));
        assertEquals(List.of(new SiteStacks.Count(1, 2), new SiteStacks.Count(2, 1)),
                at8.stream().sorted((a, b) -> Integer.compare(a.stackId(), b.stackId())).toList());
        assertEquals(List.of(new SiteStacks.Count(1, 1)), one.get(new SiteStacks.Site(1, 16, PC)));
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
        List<SiteStacks.Count> kept = s.of(IntHashSet.newSetWith(1)).get(new SiteStacks.Site(1, 0, PC));
        assertEquals(List.of(new SiteStacks.Count(1, 2), new SiteStacks.Count(2, 1)),
                kept.stream().sorted((a, b) -> Integer.compare(a.stackId(), b.stackId())).toList());
    }
}
