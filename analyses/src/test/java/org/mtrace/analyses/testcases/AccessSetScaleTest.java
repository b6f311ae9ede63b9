package org.mtrace.analyses.testcases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.access.PhysicalAccess;

/**
 * {@link AccessSet} grown to tens of thousands of records, so its columns split chunks and its
 * chunk directory splits blocks (and wide accesses empty whole chunks), against the original
 * algorithm on a {@code TreeMap} of record objects: same records, in the same order, with the same
 * type names and bases.
 */
class AccessSetScaleTest {
    private static final String[] TYPE_NAMES = {"", "dentry", "inode"};

    /** MSCAN.md §8.10's insertion as the original did it: an ordered map of records by start. */
    private static final class TreeMapModel {
        final TreeMap<Long, PhysicalAccess> byStart = new TreeMap<>(Long::compareUnsigned);

        void insert(PhysicalAccess rec) {
            if (rec.size() == 0) {
                return;
            }
            Map.Entry<Long, PhysicalAccess> lower = byStart.lowerEntry(rec.end());
            PhysicalAccess p = lower == null ? null : lower.getValue();
            if (p == null || Long.compareUnsigned(p.end(), rec.address()) <= 0) {
                byStart.put(rec.address(), rec);
                PhysicalAccess merged = rec;
                PhysicalAccess f = byStart.get(rec.end());
                if (f != null && AccessSetTest.mergeable(rec, f)) {
                    byStart.remove(f.address());
                    merged = rec.trimmed(rec.address(), maxUnsigned(rec.end(), f.end()));
                    byStart.put(merged.address(), merged);
                }
                if (p != null && AccessSetTest.mergeable(p, merged)) {
                    byStart.remove(merged.address());
                    byStart.put(p.address(), p.trimmed(p.address(), maxUnsigned(p.end(), merged.end())));
                }
                return;
            }
            if (p.address() == rec.address() && p.size() == rec.size() && p.isWrite() == rec.isWrite()) {
                return;
            }
            byStart.remove(p.address());
            insert(rec.trimmed(rec.address(), p.address()));
            insert(p.trimmed(p.address(), rec.address()));
            insert(p.trimmed(rec.end(), p.end()));
            insert(rec.trimmed(p.end(), rec.end()));
            long from = maxUnsigned(rec.address(), p.address());
            long to = Long.compareUnsigned(rec.end(), p.end()) <= 0 ? rec.end() : p.end();
            insert(rec.isWrite() && !p.isWrite() ? rec.trimmed(from, to) : p.trimmed(from, to));
        }

        private static long maxUnsigned(long a, long b) {
            return Long.compareUnsigned(a, b) >= 0 ? a : b;
        }
    }

    @Test
    void matchesTheOriginalAlgorithmOnLargeSets() {
        Random rnd = new Random(17);
        long[] bases = {0x7fffffffffff0000L, 0xffff880000000000L}; // the second crosses the sign bit's order
        for (long base : bases) {
            AccessSet set = new AccessSet(new AccessOrigins());
            TreeMapModel model = new TreeMapModel();
            for (int step = 0; step < 200_000; step++) {
                PhysicalAccess r = randomAccess(rnd, base);
                if (!set.absorbs(r.address(), r.size(), r.isWrite())) {
                    set.insert(r);
                }
                model.insert(r);
                if (step % 50_000 == 0 || step == 199_999) {
                    assertSameRecords(new ArrayList<>(model.byStart.values()), set.records(), step);
                }
            }
            assertEquals(true, set.records().size() > 40_000, "the set grew past one block of chunks");
        }
    }

    /** Mostly short accesses spread over 1 MB, a few up to 255 bytes that split and cover many records. */
    private static PhysicalAccess randomAccess(Random rnd, long base) {
        long address = base + rnd.nextInt(1 << 20);
        int size = rnd.nextInt(50) == 0 ? 1 + rnd.nextInt(255) : 1 + rnd.nextInt(8);
        int object = rnd.nextInt(TYPE_NAMES.length);
        return new PhysicalAccess(TYPE_NAMES[object], object == 0 ? 0 : address & ~0xfffL, address,
                1 + rnd.nextInt(3), size, rnd.nextInt(3) == 0, null);
    }

    /** Reports the first difference only (the sets are too large to print). */
    private static void assertSameRecords(List<PhysicalAccess> expected, List<PhysicalAccess> actual, int step) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "step " + step + ", record " + i);
        }
        assertEquals(expected.size(), actual.size(), "step " + step + ": number of records");
    }
}
