package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The column storage behind the label maps: handles, ids of any size, objects made on demand, no allocation per query. */
class LabelStorageTest {

    @Test
    void idsBeyondThirtyTwoBitsKeepTheirValueAndEarlierOnesStay() {
        LabelMap map = new LabelMap(0);
        int small = map.insert(7, LabelMaps.HEAP, 3, 0x1000, 16);
        int unsigned = map.insert(0xffff_fff0L, LabelMaps.STATIC, 4, 0x2000, 16); // needs the sign bit of an int
        assertEquals(0xffff_fff0L, map.id(unsigned));
        int wide = map.insert((1L << 40) + 5, LabelMaps.PERCPU, 5, 0x3000, 16);   // switches the column to longs
        assertEquals(7, map.id(small));
        assertEquals(0xffff_fff0L, map.id(unsigned));
        assertEquals((1L << 40) + 5, map.id(wide));
        for (int i = 0; i < 100; i++) { // growth after the switch keeps them
            map.insert(100 + i, LabelMaps.HEAP, 6, 0x10000 + 64L * i, 8);
        }
        assertEquals((1L << 40) + 5, map.id(wide));
        assertEquals(LabelMaps.PERCPU, map.labelType(wide));
        assertEquals(5, map.kind(wide));
        assertEquals(0x3000, map.start(wide));
        assertEquals(0x300f, map.lastByte(wide));
    }

    @Test
    void handlesReadTheFieldsTheLabelWasAddedWith() {
        LabelMaps maps = new LabelMaps(w -> { });
        maps.add(LabelMaps.BLOCK, "page", 0x2000, 0x1000, 0x40);
        int h = maps.add(LabelMaps.HEAP, "dentry", 0x2100, 0xc0, 0xffffffff81234567L);
        assertEquals(h, maps.labelAt(0x21bf));
        assertEquals(2, maps.labelId(h));
        assertEquals(LabelMaps.HEAP, maps.labelType(h));
        assertEquals("dentry", maps.labelName(h));
        assertEquals(0x2100, maps.labelStart(h));
        assertEquals(0xc0, maps.labelBytes(h));
        assertEquals(0xffffffff81234567L, maps.labelAllocPc(h));
        int block = maps.labelAt(0x21c0); // past dentry: the block
        assertNotEquals(h, block);
        assertEquals(LabelMaps.BLOCK, maps.labelType(block));
        assertEquals(new LabelObject(1, LabelMaps.BLOCK, "page", 0x2000, 0x1000, 0x40, maps.labelKind(block)),
                maps.object(block));
        assertEquals(LabelMaps.NO_LABEL, maps.labelAt(0x3000));
    }

    @Test
    void typedArrayElementsAreLabelsWithoutId() {
        LabelMaps maps = new LabelMaps(w -> { });
        maps.addTypedArray("page", 0xffffea0000000000L, 64 * 1000, 64);
        int h = maps.labelAt(0xffffea0000000000L + 64 * 7 + 12);
        assertEquals(0, maps.labelId(h));
        assertEquals(LabelMaps.TYPED_ARRAY, maps.labelType(h));
        assertEquals("page", maps.labelName(h));
        assertEquals(0xffffea0000000000L + 64 * 7, maps.labelStart(h));
        assertEquals(64, maps.labelBytes(h));
        assertEquals(h, maps.labelAt(0xffffea0000000000L + 64 * 7), "one label per element, kept");
        assertEquals(LabelMaps.NO_LABEL, maps.labelAt(0xffffea0000000000L + 64 * 1000));
    }

    /** Elements across many pages of handles: each address finds its own element, the same one every time. */
    @Test
    void typedArrayElementsAcrossPagesOfHandles() {
        LabelMaps maps = new LabelMaps(w -> { });
        long base = 0xffffea0000000000L;
        int n = 100_000;
        maps.addTypedArray("page", base, 64L * n, 64);
        java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
        java.util.Random rnd = new java.util.Random(9);
        for (int k = 0; k < 50_000; k++) {
            int index = k < 10 ? n - 1 - k : rnd.nextInt(n);
            int h = maps.labelAt(base + 64L * index + rnd.nextInt(64));
            assertEquals(base + 64L * index, maps.labelStart(h));
            assertEquals(h, seen.computeIfAbsent(index, i -> h).intValue(), "element " + index);
        }
        assertEquals(seen.size(), new java.util.HashSet<>(seen.values()).size(), "one handle per element");
    }

    /** A label in the maps over an array's addresses wins over the element (maps first), also after the array answered alone. */
    @Test
    void aLabelOverATypedArrayStillWins() {
        LabelMaps maps = new LabelMaps(w -> { });
        long base = 0xffffea0000000000L;
        maps.addTypedArray("page", base, 64 * 1000, 64);
        assertEquals(LabelMaps.TYPED_ARRAY, maps.labelType(maps.labelAt(base + 64 * 9)));
        maps.add(LabelMaps.HEAP, "odd", base + 64 * 9 + 8, 16, 0);
        int h = maps.labelAt(base + 64 * 9 + 10);
        assertEquals("odd", maps.labelName(h));
        assertEquals(LabelMaps.TYPED_ARRAY, maps.labelType(maps.labelAt(base + 64 * 9)), "outside the label: the element");
        maps.remove(LabelMaps.HEAP, base + 64 * 9 + 8, true);
        assertEquals(LabelMaps.TYPED_ARRAY, maps.labelType(maps.labelAt(base + 64 * 9 + 10)));

        LabelMaps early = new LabelMaps(w -> { }); // a label made before the array
        early.add(LabelMaps.BLOCK, "pages", base, 4096, 0);
        early.addTypedArray("page", base, 64 * 1000, 64);
        assertEquals("pages", early.labelName(early.labelAt(base + 100)));
    }

    /** The per-access queries allocate nothing once warm, and objects of labels asked for again are reused. */
    @Test
    void queriesDoNotAllocate() {
        LabelMaps maps = new LabelMaps(w -> { });
        long base = 0xffff888000000000L;
        for (int i = 0; i < 10_000; i++) {
            maps.add(LabelMaps.HEAP, "obj", base + 64L * i, 48, 0x1000 + (i & 7));
        }
        ObjectList out = new ObjectList();
        KindList kinds = new KindList();
        long sum = run(maps, base, out, kinds); // warm: line caches, hints, the snapshot of each label
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        sum += run(maps, base, out, kinds);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, allocated + " bytes allocated by 40,000 queries");
        assertTrue(sum > 0);
        assertSame(maps.objectAt(base + 64), maps.objectAt(base + 64 + 47));
    }

    private static long run(LabelMaps maps, long base, ObjectList out, KindList kinds) {
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            long addr = base + 64L * (i % 2000) + (i & 31);
            sum += maps.labelBytes(maps.labelAt(addr));
            maps.objectsOnLine(addr, out);
            maps.kindsOnLine(addr, kinds);
            sum += out.size() + kinds.size() + maps.objectAt(addr).bytes();
        }
        return sum;
    }
}
