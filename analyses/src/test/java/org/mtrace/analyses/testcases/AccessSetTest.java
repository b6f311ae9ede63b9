package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.access.PhysicalAccess;

/** Splitting and merging rules of MSCAN.md §8.10, worked by hand. */
class AccessSetTest {
    private static PhysicalAccess rec(long addr, int size, long pc, boolean write) {
        return new PhysicalAccess("", 0, addr, pc, size, write, null);
    }

    private static List<String> contents(AccessSet s) {
        List<String> out = new ArrayList<>();
        for (PhysicalAccess r : s.records()) {
            out.add(Long.toHexString(r.address()) + "+" + r.size() + (r.isWrite() ? "w" : "r") + "@" + r.pc());
        }
        return out;
    }

    @Test
    void writeInsideReadSplitsIt() {
        AccessSet s = new AccessSet();
        s.insert(rec(0x100, 16, 1, false));
        s.insert(rec(0x104, 4, 2, true));
        assertEquals(List.of("100+4r@1", "104+4w@2", "108+8r@1"), contents(s));
    }

    @Test
    void readOverWriteKeepsTheWriteForTheOverlap() {
        AccessSet s = new AccessSet();
        s.insert(rec(0x104, 4, 2, true));
        s.insert(rec(0x100, 16, 1, false));
        assertEquals(List.of("100+4r@1", "104+4w@2", "108+8r@1"), contents(s));
    }

    @Test
    void touchingAndOverlappingSameAccessesMergeBeyond255Bytes() {
        AccessSet s = new AccessSet();
        s.insert(rec(0x1000, 200, 7, true));
        s.insert(rec(0x1000 + 200, 200, 7, true));   // touching: merged
        s.insert(rec(0x1000 + 400, 8, 8, true));     // other pc: kept apart
        assertEquals(List.of("1000+400w@7", "1190+8w@8"), contents(s));
        s.insert(rec(0x1000, 400, 7, true));         // identical: no change
        assertEquals(List.of("1000+400w@7", "1190+8w@8"), contents(s));
    }

    @Test
    void newRecordMergesWithFollowingThenPreceding() {
        AccessSet s = new AccessSet();
        s.insert(rec(0x10, 8, 3, false));
        s.insert(rec(0x20, 8, 3, false));
        s.insert(rec(0x18, 8, 3, false));            // touches both sides
        assertEquals(List.of("10+24r@3"), contents(s));
        s.insert(rec(0x40, 0, 3, false));            // size 0: dropped
        assertEquals(List.of("10+24r@3"), contents(s));
    }

    /** The allocation-free shortcut never changes the outcome of the spec's insertion. */
    @Test
    void absorbedAccessesChangeNothing() {
        Random rnd = new Random(11);
        for (int round = 0; round < 200; round++) {
            AccessSet withShortcut = new AccessSet();
            AccessSet plain = new AccessSet();
            for (int i = 0; i < 300; i++) {
                PhysicalAccess r = rec(0x1000 + rnd.nextInt(96), 1 + rnd.nextInt(12), 1 + rnd.nextInt(2),
                        rnd.nextInt(3) == 0);
                if (!withShortcut.absorbs(r.address(), r.size(), r.isWrite())) {
                    withShortcut.insert(r);
                }
                plain.insert(r);
                assertEquals(contents(plain), contents(withShortcut), "round " + round + " step " + i);
            }
        }
    }
}
