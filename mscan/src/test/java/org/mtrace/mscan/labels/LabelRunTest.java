package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The run {@link LabelMaps#labelAt} gives with a label is one a cache may answer for: checked
 * against fresh lookups at the run's ends and at addresses inside it, on maps with nested and
 * overlapping labels in both maps, removals, and typed arrays.
 */
class LabelRunTest {
    private static final long BASE = 0xffff_8880_0000_0000L; // the direct map: negative as a signed long

    @Test
    void runsAgreeWithLookupsOnOverlappingLabels() {
        for (long seed = 1; seed <= 6; seed++) {
            Random rnd = new Random(seed);
            LabelMaps maps = new LabelMaps(w -> { });
            if (seed % 2 == 0) { // an array the labels below may shadow, element by element answers
                maps.addTypedArray("page", BASE + 3 * 4096, 4 * 4096, 64);
            }
            List<long[]> live = new ArrayList<>(); // type, start
            int serial = 0;
            for (int step = 0; step < 20000; step++) {
                int op = rnd.nextInt(10);
                if (op < 2 || live.isEmpty()) {
                    int type = rnd.nextInt(3) == 0 ? LabelMaps.BLOCK : LabelMaps.HEAP;
                    long start = BASE + rnd.nextInt(8 * 4096);
                    long bytes = type == LabelMaps.BLOCK ? 64L * (1 + rnd.nextInt(128)) : 1 + rnd.nextInt(300);
                    if (maps.add(type, "o" + serial++, start, bytes, 0) != LabelMaps.NO_LABEL) {
                        live.add(new long[] {type, start});
                    }
                } else if (op < 3) {
                    long[] l = live.remove(rnd.nextInt(live.size()));
                    maps.remove((int) l[0], l[1], false);
                } else {
                    check(maps, BASE - 64 + rnd.nextInt(8 * 4096 + 512), rnd);
                }
            }
        }
    }

    @Test
    void aLabelAloneAnswersForAllItsBytes() {
        LabelMaps maps = new LabelMaps(w -> { });
        int h = maps.add(LabelMaps.HEAP, "alone", BASE + 100, 200, 0);
        assertEquals(h, maps.labelAt(BASE + 150));
        assertEquals(BASE + 100, maps.runFirst());
        assertEquals(BASE + 299, maps.runLast());
        // a heap object inside a block: the block answers only around it, not for all its bytes
        maps.add(LabelMaps.BLOCK, "block", BASE + 4096, 4096, 0);
        maps.add(LabelMaps.HEAP, "inner", BASE + 4096 + 1024, 64, 0);
        int block = maps.labelAt(BASE + 4096 + 8);
        assertEquals("block", maps.labelName(block));
        assertEquals(BASE + 4096, maps.runFirst());
        assertEquals(BASE + 4096 + 1023, maps.runLast());
        maps.labelAt(BASE + 4096 + 2000);
        assertEquals(BASE + 4096 + 1024 + 64, maps.runFirst());
        assertEquals(BASE + 2 * 4096 - 1, maps.runLast());
    }

    @Test
    void labelsAtTheTopOfTheAddressSpace() {
        LabelMaps maps = new LabelMaps(w -> { });
        maps.add(LabelMaps.HEAP, "top", -256L, 256, 0); // last byte 2^64 - 1: covers nothing (as labelAt)
        maps.add(LabelMaps.HEAP, "below", -1024L, 128, 0);
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            check(maps, -2048L + rnd.nextInt(2048), rnd);
        }
    }

    private static void check(LabelMaps maps, long addr, Random rnd) {
        int h = maps.labelAt(addr);
        if (h == LabelMaps.NO_LABEL) {
            return;
        }
        long first = maps.runFirst();
        long last = maps.runLast();
        assertTrue(Long.compareUnsigned(first, addr) <= 0 && Long.compareUnsigned(addr, last) <= 0,
                "the run holds the address asked for");
        long span = last - first;
        long[] probes = {first, last, first + rnd.nextLong(span + 1 > 0 ? span + 1 : Long.MAX_VALUE),
            first + (span >>> 1)};
        for (long p : probes) {
            assertEquals(h, maps.labelAt(p), "inside the run " + Long.toHexString(first) + ".." + Long.toHexString(last)
                    + " of " + Long.toHexString(addr) + ": " + Long.toHexString(p));
        }
    }
}
