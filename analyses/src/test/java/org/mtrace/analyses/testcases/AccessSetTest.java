package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
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
        AccessSet s = new AccessSet(new AccessOrigins());
        s.insert(rec(0x100, 16, 1, false));
        s.insert(rec(0x104, 4, 2, true));
        assertEquals(List.of("100+4r@1", "104+4w@2", "108+8r@1"), contents(s));
    }

    @Test
    void readOverWriteKeepsTheWriteForTheOverlap() {
        AccessSet s = new AccessSet(new AccessOrigins());
        s.insert(rec(0x104, 4, 2, true));
        s.insert(rec(0x100, 16, 1, false));
        assertEquals(List.of("100+4r@1", "104+4w@2", "108+8r@1"), contents(s));
    }

    @Test
    void touchingAndOverlappingSameAccessesMergeBeyond255Bytes() {
        AccessSet s = new AccessSet(new AccessOrigins());
        s.insert(rec(0x1000, 200, 7, true));
        s.insert(rec(0x1000 + 200, 200, 7, true));   // touching: merged
        s.insert(rec(0x1000 + 400, 8, 8, true));     // other pc: kept apart
        assertEquals(List.of("1000+400w@7", "1190+8w@8"), contents(s));
        s.insert(rec(0x1000, 400, 7, true));         // identical: no change
        assertEquals(List.of("1000+400w@7", "1190+8w@8"), contents(s));
    }

    @Test
    void newRecordMergesWithFollowingThenPreceding() {
        AccessSet s = new AccessSet(new AccessOrigins());
        s.insert(rec(0x10, 8, 3, false));
        s.insert(rec(0x20, 8, 3, false));
        s.insert(rec(0x18, 8, 3, false));            // touches both sides
        assertEquals(List.of("10+24r@3"), contents(s));
        s.insert(rec(0x40, 0, 3, false));            // size 0: dropped
        assertEquals(List.of("10+24r@3"), contents(s));
    }

    /** Touching or overlapping, same object, PC and kind (stacks are ignored). */
    static boolean mergeable(PhysicalAccess a, PhysicalAccess b) {
        return Long.compareUnsigned(a.address(), b.end()) <= 0 && Long.compareUnsigned(b.address(), a.end()) <= 0
                && a.typeName().equals(b.typeName()) && a.base() == b.base() && a.pc() == b.pc()
                && a.isWrite() == b.isWrite();
    }

    /**
     * The spec's insertion (MSCAN.md §8.10) restated literally on a sorted list with linear
     * scans, as an independent model of {@link AccessSet}.
     */
    private static final class ListModel {
        final List<PhysicalAccess> list = new ArrayList<>();

        void insert(PhysicalAccess rec) {
            if (rec.size() == 0) {
                return;
            }
            PhysicalAccess p = null;
            for (PhysicalAccess q : list) {
                if (q.address() < rec.end()) {
                    p = q; // the list is sorted: the last one found has the greatest start
                }
            }
            if (p == null || p.end() <= rec.address()) {
                list.add(rec);
                list.sort(Comparator.comparingLong(PhysicalAccess::address));
                int i = list.indexOf(rec);
                if (i + 1 < list.size() && mergeable(rec, list.get(i + 1))) {
                    PhysicalAccess f = list.remove(i + 1);
                    rec = rec.trimmed(rec.address(), Math.max(rec.end(), f.end()));
                    list.set(i, rec);
                }
                if (i > 0 && mergeable(list.get(i - 1), rec)) {
                    PhysicalAccess q = list.get(i - 1);
                    list.remove(i);
                    list.set(i - 1, q.trimmed(q.address(), Math.max(q.end(), rec.end())));
                }
                return;
            }
            if (p.address() == rec.address() && p.size() == rec.size() && p.isWrite() == rec.isWrite()) {
                return;
            }
            list.remove(p);
            insert(rec.trimmed(rec.address(), p.address()));
            insert(p.trimmed(p.address(), rec.address()));
            insert(p.trimmed(rec.end(), p.end()));
            insert(rec.trimmed(p.end(), rec.end()));
            long from = Math.max(rec.address(), p.address());
            long to = Math.min(rec.end(), p.end());
            insert(rec.isWrite() && !p.isWrite() ? rec.trimmed(from, to) : p.trimmed(from, to));
        }

        List<String> contents() {
            List<String> out = new ArrayList<>();
            for (PhysicalAccess r : list) {
                out.add(Long.toHexString(r.address()) + "+" + r.size() + (r.isWrite() ? "w" : "r") + "@" + r.pc());
            }
            return out;
        }
    }

    /**
     * Random overlapping, touching and repeated accesses: the set, with its allocation-free
     * shortcut ({@link AccessSet#absorbs}) and neighbours found by position, equals the literal model.
     */
    @Test
    void matchesLiteralModelOfTheSpec() {
        Random rnd = new Random(5);
        for (int round = 0; round < 150; round++) {
            AccessSet set = new AccessSet(new AccessOrigins());
            ListModel model = new ListModel();
            for (int i = 0; i < 200; i++) {
                PhysicalAccess r = rec(0x1000 + rnd.nextInt(128), 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 40),
                        1 + rnd.nextInt(2), rnd.nextInt(3) == 0);
                if (!set.absorbs(r.address(), r.size(), r.isWrite())) {
                    set.insert(r);
                }
                model.insert(r);
                assertEquals(model.contents(), contents(set), "round " + round + " step " + i);
            }
        }
    }
}
