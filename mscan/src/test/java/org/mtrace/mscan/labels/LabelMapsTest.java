package org.mtrace.mscan.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.engine.TraceFault;
import org.mtrace.mscan.kernel.PerCpuRange;
import org.mtrace.mscan.kernel.StaticSymbol;

/** Rules of MSCAN.md §4, worked by hand. */
class LabelMapsTest {
    private final List<String> warnings = new ArrayList<>();
    private final LabelMaps maps = new LabelMaps(warnings::add);

    /** The object of the handle {@code add} returned, or null for none. */
    static LabelObject object(LabelMaps maps, int handle) {
        return handle == LabelMaps.NO_LABEL ? null : maps.object(handle);
    }

    @Test
    void objectLookupExaminesOneCandidatePerMap() {
        LabelObject big = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "big", 0x1000, 0x100, 0));   // last byte 0x10ff
        LabelObject small = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "small", 0x1010, 0x10, 0)); // last byte 0x101f
        assertEquals(small, maps.objectAt(0x1010));
        // smallest last byte >= 0x1005 is small's 0x101f, which does not cover 0x1005: unlabelled
        assertNull(maps.objectAt(0x1005));
        assertEquals(big, maps.objectAt(0x1020));
        assertEquals(big, maps.objectAt(0x10ff));
        assertNull(maps.objectAt(0x1100));
    }

    /**
     * object(addr) tests {@code start <= addr && addr < start + bytes} in 64-bit arithmetic: an
     * object ending exactly at 2^64 has end 0, so it contains nothing (and the blocks map is
     * asked instead).
     */
    @Test
    void objectEndingAtTopOfAddressSpaceContainsNothing() {
        maps.add(LabelMaps.HEAP, "top", 0xffffffffffffffc0L, 0x40, 0); // last byte 2^64 - 1, end 0
        LabelObject block = LabelMapsTest.object(maps, maps.add(LabelMaps.BLOCK, "blk", 0xffffffffffffff00L, 0xff, 0)); // end 2^64 - 1
        assertNull(maps.objectAt(0xffffffffffffffffL));
        assertEquals(block, maps.objectAt(0xffffffffffffffc8L));
        LabelObject below = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "below", 0xffffffffffffff80L, 0x7f, 0)); // last ...fe
        assertEquals(below, maps.objectAt(0xffffffffffffff80L));
        assertNull(maps.objectAt(0xffffffffffffffffL)); // candidate "top" again; blk ends before
    }

    @Test
    void blocksAreConsultedAfterTypes() {
        LabelObject block = LabelMapsTest.object(maps, maps.add(LabelMaps.BLOCK, "page", 0x2000, 0x1000, 0));
        LabelObject heap = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "obj", 0x2100, 0x40, 0));
        assertEquals(heap, maps.objectAt(0x2100));
        assertEquals(block, maps.objectAt(0x2000));
        assertEquals(block, maps.objectAt(0x2140));
        // the original's counter is pre-incremented from 0: the first object is id 1, so id 0
        // (the key of unlabelled addresses in shared-addresses) never names an object
        assertEquals(1, block.id());
        assertEquals(2, heap.id());
    }

    @Test
    void sameStartIsAnOverlapWarningAndIgnored() {
        maps.add(LabelMaps.HEAP, "a", 0x100, 8, 0);
        assertNull(LabelMapsTest.object(maps, maps.add(LabelMaps.STATIC, "b", 0x100, 16, 0)));
        assertEquals(List.of("add_label: overlapping labels: l1 b l2 a"), warnings);
        assertEquals("a", maps.objectAt(0x100).name());
        // the id counter only counts successful insertions
        assertEquals(2, LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "c", 0x200, 8, 0)).id());
    }

    @Test
    void sameLastByteKeepsOlderObjectInLastByteIndex() {
        LabelObject older = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "older", 0x100, 0x10, 0)); // last 0x10f
        LabelObject newer = LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "newer", 0x108, 0x8, 0));  // last 0x10f too
        assertEquals(older, maps.objectAt(0x10a)); // newer reachable only by start address
        // removing newer erases the last-byte entry at 0x10f, which belongs to older
        maps.remove(LabelMaps.HEAP, 0x108, false);
        assertNull(maps.objectAt(0x100));
        assertEquals(1, maps.size());
        assertNull(maps.objectAt(newer.start()));
    }

    @Test
    void objectsOnLineWalksUpwardUntilOneFails() {
        maps.add(LabelMaps.HEAP, "a", 0x1000, 0x10, 0);
        maps.add(LabelMaps.HEAP, "b", 0x1010, 0x10, 0);
        maps.add(LabelMaps.HEAP, "c", 0x1038, 0x10, 0); // straddles into the next line
        maps.add(LabelMaps.HEAP, "d", 0x1040, 0x10, 0); // next line only
        maps.add(LabelMaps.BLOCK, "blk", 0x1000, 0x40, 0); // blocks are not looked at
        ObjectList out = new ObjectList();
        maps.objectsOnLine(0x1023, out);
        assertEquals(3, out.size());
        assertEquals("a", out.get(0).name());
        assertEquals("b", out.get(1).name());
        assertEquals("c", out.get(2).name());
        maps.objectsOnLine(0x1040, out);
        assertEquals(2, out.size());
        assertEquals("c", out.get(0).name());
        assertEquals("d", out.get(1).name());
    }

    @Test
    void unknownRemovalsWhileRecordingAreFatalOnTheFifth() {
        for (int i = 0; i < 4; i++) {
            maps.remove(LabelMaps.HEAP, 0xabc0 + i, true);
        }
        assertEquals("ERROR: unknown label removed at guest addr abc0", warnings.get(0));
        TraceFault f = assertThrows(TraceFault.class, () -> maps.remove(LabelMaps.HEAP, 0x1, true));
        assertEquals("Too many unknown labels removed", f.getMessage());
    }

    @Test
    void missesWhileNotRecordingWarnOnceAt200() {
        for (int i = 0; i < 450; i++) {
            maps.remove(LabelMaps.BLOCK, i, false);
        }
        assertEquals(List.of("suspicious number of misses: type 2"), warnings);
    }

    @Test
    void staticsAndPerCpuTemplates() {
        maps.loadStatics(List.of(new StaticSymbol("jiffies", 0xffffffff81a00000L, 8),
                new StaticSymbol("runqueues", 0x1000, 0x200)), new PerCpuRange(0x0, 0x10000));
        assertEquals("jiffies", maps.objectAt(0xffffffff81a00004L).name());
        assertNull(maps.objectAt(0x1000)); // template, not a label
        maps.instantiatePerCpu(0xffff880000000000L, 0xffff880000010000L);
        LabelObject rq = maps.objectAt(0xffff880000001010L);
        assertEquals("runqueues", rq.name());
        assertEquals(LabelMaps.PERCPU, rq.labelType());
        TraceFault f = assertThrows(TraceFault.class, () -> maps.instantiatePerCpu(0x5000, 0x5100));
        assertEquals("DefaultSegmentHandler::handle: bad label runqueues", f.getMessage());
    }

    /** Ids count like the original's: OBJECT range symbols, so the original had the same templates. */
    @Test
    void idsWithTheOriginalsTemplates() {
        maps.loadStatics(List.of(new StaticSymbol("a", 0xffffffff81000000L, 8), new StaticSymbol("pcpu", 0x10, 8),
                new StaticSymbol("b", 0xffffffff81000100L, 8)), new PerCpuRange(0x0, 0x1000));
        assertEquals(1, maps.objectAt(0xffffffff81000000L).id());
        assertEquals(2, maps.objectAt(0xffffffff81000100L).id());
        maps.instantiatePerCpu(0xffff880000000000L, 0xffff880000001000L);
        assertEquals(3, maps.objectAt(0xffff880000000010L).id());
        assertEquals(4, LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "h", 0xffff880000100000L, 8, 0)).id());
    }

    /**
     * The original saw no per-CPU range (NOTYPE range symbols): it added the per-CPU symbols as
     * statics at their link addresses (ids 2, and an overlap for the alias at the same offset), so
     * "b" is id 3 and the next guest label id 4; the per-CPU instances it never created are id 0.
     */
    @Test
    void idsWhenTheOriginalHadNoTemplates() {
        maps.loadStatics(List.of(new StaticSymbol("a", 0xffffffff81000000L, 8), new StaticSymbol("pcpu", 0x10, 8),
                new StaticSymbol("alias", 0x10, 4), new StaticSymbol("b", 0xffffffff81000100L, 8)),
                new PerCpuRange(0x0, 0x1000), PerCpuRange.NONE);
        assertEquals(List.of("add_label: overlapping labels: l1 alias l2 pcpu"), warnings);
        assertEquals(1, maps.objectAt(0xffffffff81000000L).id());
        assertEquals(3, maps.objectAt(0xffffffff81000100L).id());
        assertNull(maps.objectAt(0x10)); // a template here all the same
        maps.instantiatePerCpu(0xffff880000000000L, 0xffff880000001000L);
        LabelObject pcpu = maps.objectAt(0xffff880000000010L);
        assertEquals("pcpu", pcpu.name());
        assertEquals(0, pcpu.id());
        assertEquals(4, LabelMapsTest.object(maps, maps.add(LabelMaps.HEAP, "h", 0xffff880000100000L, 8, 0)).id());
    }

    /**
     * A template the original never had (no per-CPU range for it) that does not fit a segment is
     * left out with one warning, since the original completed such logs; the others still count.
     */
    @Test
    void misfitTemplateTheOriginalNeverHadIsSkipped() {
        maps.loadStatics(List.of(new StaticSymbol("small", 0x10, 8), new StaticSymbol("big", 0x800, 0x1000),
                new StaticSymbol("late", 0x20, 8)), new PerCpuRange(0x0, 0x2000), PerCpuRange.NONE);
        warnings.clear();
        maps.instantiatePerCpu(0xffff880000000000L, 0xffff880000001000L); // "big" ends past the segment
        maps.instantiatePerCpu(0xffff880000010000L, 0xffff880000011000L);
        assertEquals("small", maps.objectAt(0xffff880000000010L).name());
        assertEquals("late", maps.objectAt(0xffff880000010020L).name());
        assertNull(maps.objectAt(0xffff880000000900L));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("per-CPU variable big does not fit the segment [ffff880000000000, ffff880000001000): left unlabelled"
                + " (further misfits are not reported)", warnings.get(0));
    }
}
