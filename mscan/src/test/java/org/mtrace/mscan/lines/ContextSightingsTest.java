package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Context numbers against a map of the tuples in order of first sight, through far more tuples
 * than the cache in front holds (so that its slots are taken over and over), with PCs and entry
 * PCs that differ in a few low bits, as kernel addresses do.
 */
class ContextSightingsTest {
    @Test
    void numbersTuplesInOrderOfFirstSight() {
        ContextSightings sightings = new ContextSightings();
        Map<List<Long>, Integer> reference = new HashMap<>();
        Random r = new Random(11);
        for (int i = 0; i < 300_000; i++) {
            long pc = 0xffffffff81000000L + r.nextInt(40_000);
            long syscallPc = r.nextInt(4) == 0 ? 0 : 0xffffffff81a00000L + 16L * r.nextInt(300);
            int cpu = r.nextInt(64);
            boolean store = r.nextBoolean();
            int expected = reference.computeIfAbsent(List.of(pc, syscallPc, (long) cpu, store ? 1L : 0L),
                    k -> reference.size());
            assertEquals(expected, sightings.idOf(pc, syscallPc, cpu, store), "tuple " + i);
        }
    }
}
