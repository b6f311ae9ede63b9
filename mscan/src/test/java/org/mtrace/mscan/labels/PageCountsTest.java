package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Page counts against a HashMap of counts under random labels, removals (backward shifts) and growth. */
class PageCountsTest {
    @Test
    void countsThePagesEachLabelTouches() {
        Random rnd = new Random(3);
        PageCounts counts = new PageCounts();
        Map<Long, Integer> ref = new HashMap<>();
        List<long[]> live = new ArrayList<>();
        long base = 0xffff888000000000L;
        for (int step = 0; step < 200_000; step++) {
            if (live.isEmpty() || rnd.nextInt(3) > 0) {
                long start = switch (rnd.nextInt(4)) {
                    case 0 -> -4096L * (1 + rnd.nextInt(4)) + rnd.nextInt(4096); // the top pages
                    case 1 -> rnd.nextInt(1 << 20); // page 0 and its neighbours
                    default -> base + 8L * rnd.nextInt(1 << 22);
                };
                long bytes = rnd.nextInt(10) == 0 ? rnd.nextInt(3 * 4096) : 8L * rnd.nextInt(20);
                long last = start + bytes - 1; // may wrap past 2^64, or lie below start (0 bytes)
                counts.add(start, last);
                live.add(new long[] {start, last});
                change(ref, start, last, 1);
            } else {
                long[] l = live.remove(rnd.nextInt(live.size()));
                counts.remove(l[0], l[1]);
                change(ref, l[0], l[1], -1);
            }
            if (step % 1000 == 0) {
                assertEquals(ref.size(), counts.size(), "pages at step " + step);
                for (long page : ref.keySet()) {
                    assertEquals(true, counts.covered(page << 12 | rnd.nextInt(4096)), "page " + Long.toHexString(page));
                }
            }
            long probe = base + 8L * rnd.nextInt(1 << 22);
            assertEquals(ref.containsKey(probe >>> 12), counts.covered(probe), "probe " + Long.toHexString(probe));
        }
    }

    /** The reference: every page from start's to last's, or the two ends' pages when last is below start. */
    private static void change(Map<Long, Integer> ref, long start, long last, int delta) {
        List<Long> pages = new ArrayList<>();
        if (Long.compareUnsigned(start, last) > 0) {
            pages.add(start >>> 12);
            if (last >>> 12 != start >>> 12) {
                pages.add(last >>> 12);
            }
        } else {
            for (long p = start >>> 12; Long.compareUnsigned(p, last >>> 12) <= 0; p++) {
                pages.add(p);
            }
        }
        for (long p : pages) {
            ref.merge(p, delta, Integer::sum);
            if (ref.get(p) == 0) {
                ref.remove(p);
            }
        }
    }
}
