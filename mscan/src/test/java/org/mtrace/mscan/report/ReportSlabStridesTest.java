package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.alloc.SiteType;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * Objects of a slab page allocated before the recording (no label of their own), placed by the
 * cache's stride ({@link SlabStrides}). Every expectation is worked out below.
 *
 * <p>The kernel: {@code dentry} (192 bytes; {@code d_flags} before 88, {@code d_lockref.count} at 88),
 * {@code pool_workqueue} (512) and {@code sk_buff} (232; {@code dev} at 16), the allocation site
 * {@code SITE_SKB} keeping an sk_buff. The log, two CPUs in movement mode, every access a store by the
 * CPU not holding the line alone (one transfer each, 28 in all):
 * <ul>
 * <li>three 4 KiB slab pages of dentry (P1, P2, P3) and four dentries labelled in them at slots 1, 2,
 * 3 and 5 (192, 384, 576 and 960 bytes in: the greatest common divisor is 192, the slab size the
 * lowest bit of the pages' starts, 4 KiB); each dentry's +88 twice: 8, dentry;</li>
 * <li>unlabelled slots: P2 slot 4 +88, P3 slot 0 +88, P1 slot 21 (0xfc0) +8, each twice: 6, dentry
 * by the stride;</li>
 * <li>three slab pages of pool_workqueue and four objects labelled pool_workqueue from SITE_SKB, a
 * merged cache: their +16 twice: 8, sk_buff; an unlabelled slot of each of those pages +8, twice: 6,
 * untyped (a merged cache's slots may hold either type).</li>
 * </ul>
 */
class ReportSlabStridesTest {
    static final long SITE_D = 0xffffffff8146913bL, SITE_SKB = 0xffffffff81a02470L, PC = 0xffffffff81000030L;
    static final long P1 = 0xffff888000100000L, P2 = 0xffff888000101000L, P3 = 0xffff888000102000L;
    static final long Q1 = 0xffff888000200000L, Q2 = 0xffff888000202000L, Q3 = 0xffff888000204000L;

    static FixedKernelInfo kernel() {
        return FixedKernelInfo.empty()
                .type("dentry", off -> off < 88 ? ".d_flags" : off < 92 ? ".d_lockref.count" : off < 192 ? ".d_name" : null)
                .layout("dentry", 192, new Member(0, 4, "d_flags", "unsigned int"))
                .type("pool_workqueue", off -> off < 512 ? ".pool" : null)
                .layout("pool_workqueue", 512, new Member(0, 8, "pool", "struct worker_pool *"))
                .type("sk_buff", off -> off < 16 ? ".next" : off < 232 ? ".dev" : "+0x" + Long.toHexString(off))
                .layout("sk_buff", 232, new Member(0, 8, "next", "struct sk_buff *"))
                .allocationSite(SITE_SKB, new SiteType("sk_buff", 232, SiteType.How.VARIABLE, "skb"))
                .pc(PC, "plain", "heap.c:7");
    }

    static void write(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            for (long p : new long[] {P1, P2, P3}) {
                s.label(0, LabelMaps.BLOCK, "slab page of dentry", p, 0x1000, 0);
            }
            long[] dentries = {P1 + 192, P2 + 384, P3 + 576, P1 + 960};
            for (long d : dentries) {
                s.label(0, LabelMaps.HEAP, "dentry", d, 192, SITE_D);
            }
            for (long q : new long[] {Q1, Q2, Q3}) {
                s.label(0, LabelMaps.BLOCK, "slab page of pool_workqueue", q, 0x2000, 0);
            }
            long[] merged = {Q1 + 512, Q2 + 1024, Q3 + 1536, Q1 + 2048};
            for (long m : merged) {
                s.label(0, LabelMaps.HEAP, "pool_workqueue", m, 512, SITE_SKB);
            }
            s.mode(0, 1, 100, "t");
            for (long d : dentries) {
                ReportTest.twice(s, PC, d + 88, 4);
            }
            ReportTest.twice(s, PC, P2 + 4 * 192 + 88, 4);
            ReportTest.twice(s, PC, P3 + 88, 4);
            ReportTest.twice(s, PC, P1 + 0xfc0 + 8, 4);
            for (long m : merged) {
                ReportTest.twice(s, PC, m + 16, 4);
            }
            for (long q : new long[] {Q1 + 0x1808, Q2 + 8, Q3 + 8}) { // every page moves: enough slabs to trust
                ReportTest.twice(s, PC, q, 4);
            }
        }
    }

    @Test
    void aSlabPagesUnlabelledSlotsAreItsCachesTypeOneStrideApart(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "s.log", ReportSlabStridesTest::write, kernel());
        assertEquals(28, r.summary().transfers());
        assertEquals(22.0 / 28, r.summary().typedShare(), 1e-9);
        Map<String, Report.TypeRow> types = r.types().stream().collect(Collectors.toMap(Report.TypeRow::type, t -> t));
        assertEquals(14, types.get("dentry").transfers());
        assertEquals(List.of(new Report.Count("slab page (outside live objects)", 6)), types.get("dentry").labels());
        assertEquals(8, types.get("sk_buff").transfers());
        assertEquals(List.of("slab page (outside live objects)"),
                r.summary().untyped().stream().map(Report.Untyped::what).toList());
        assertEquals(6, r.summary().untyped().get(0).transfers());
        Report.Line slot = r.lines().stream().filter(l -> l.address() == P2 + 4 * 192 + 64).findFirst().orElseThrow();
        assertEquals("(*(dentry)0xffff888000101300).d_lockref.count (slab page of dentry, object inferred from the"
                + " cache's stride)", slot.what().get(0).description().text());
    }

    static final long R1 = 0xffff888000302000L, S1 = 0xffff888000401000L;

    /**
     * One slab page is enough where its label's length gives the slab size. Type {@code mm}: 64
     * bytes ending with the flexible array {@code bitmap} of 8-byte words (the cache's objects are
     * 80 bytes: the struct and two words). Cache {@code mm}: one slab page R1 (an 8 KiB label at a
     * multiple of 8 KiB, 0x...302000), objects labelled at slots 1, 2, 4 and 7 (80, 160, 320 and
     * 560 bytes in: gcd 80, within 64 bytes of sizeof), each +8 twice (8 transfers, mm), and the
     * unlabelled slot 3's bitmap[0] (3 * 80 + 64 = 304 bytes in) twice: 2, mm, at
     * {@code bitmap[0]} of the object at R1 + 240. Cache {@code nn}: the same, but its one slab page
     * S1 (8 KiB label) starts 4 KiB past a multiple of 8 KiB, so the label is not the slab: its
     * unlabelled slot's 2 transfers stay untyped, its objects' 8 are nn. 20 transfers, 18 typed.
     */
    @Test
    void oneSlabPageWhoseLabelIsTheSlabGivesTheStrideAndAFlexibleArraysElement(@TempDir Path dir) throws IOException {
        FixedKernelInfo kernel = FixedKernelInfo.empty()
                .type("mm", off -> off < 64 ? ".f" : "+0x" + Long.toHexString(off))
                .layout("mm", 64, new Member(0, 8, "f", "long"))
                .flexibleArray("mm", new org.mtrace.dwarf.describe.FlexibleArray("bitmap", 64, 8))
                .type("nn", off -> off < 64 ? ".f" : null)
                .layout("nn", 64, new Member(0, 8, "f", "long"))
                .pc(PC, "plain", "heap.c:7");
        Report r = ReportTest.report(dir, "one.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.label(0, LabelMaps.BLOCK, "slab page of mm", R1, 0x2000, 0);
                s.label(0, LabelMaps.BLOCK, "slab page of nn", S1, 0x2000, 0);
                for (long slot : new long[] {1, 2, 4, 7}) {
                    s.label(0, LabelMaps.HEAP, "mm", R1 + 80 * slot, 80, SITE_D);
                    s.label(0, LabelMaps.HEAP, "nn", S1 + 80 * slot, 80, SITE_D);
                }
                s.mode(0, 1, 100, "t");
                for (long slot : new long[] {1, 2, 4, 7}) {
                    ReportTest.twice(s, PC, R1 + 80 * slot + 8, 4);
                    ReportTest.twice(s, PC, S1 + 80 * slot + 8, 4);
                }
                ReportTest.twice(s, PC, R1 + 304, 8);
                ReportTest.twice(s, PC, S1 + 304, 8);
            }
        }, kernel);
        assertEquals(20, r.summary().transfers());
        assertEquals(18.0 / 20, r.summary().typedShare(), 1e-9);
        Map<String, Report.TypeRow> types = r.types().stream().collect(Collectors.toMap(Report.TypeRow::type, t -> t));
        assertEquals(10, types.get("mm").transfers());
        assertEquals(8, types.get("nn").transfers());
        Report.Line slot = r.lines().stream().filter(l -> l.address() == R1 + 256).findFirst().orElseThrow();
        assertEquals("(*(mm)0xffff8880003020f0).bitmap[0] (slab page of mm, object inferred from the cache's stride)",
                slot.what().get(0).description().text());
    }

    /**
     * An object smaller than its type (a {@code task_struct} ends with FPU state sized at boot: 6,208
     * bytes allocated where DWARF says 9,792): type {@code task} of 256 bytes whose objects are
     * labelled 192 bytes long, four of them at slots 1, 2, 4 and 5 of one 4 KiB slab page R1 (gcd
     * 192, within the labels' length and 64 bytes, not within sizeof's), each +8 twice (8), and the
     * unlabelled slot 3's +8 twice (2, a task at R1 + 576). 10 transfers, all typed.
     */
    @Test
    void theStrideHoldsWhatTheObjectsLabelsSayWhenSmallerThanTheType(@TempDir Path dir) throws IOException {
        FixedKernelInfo kernel = FixedKernelInfo.empty()
                .type("task", off -> off < 256 ? ".f" : null)
                .layout("task", 256, new Member(0, 8, "f", "long"))
                .pc(PC, "plain", "heap.c:7");
        Report r = ReportTest.report(dir, "small.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.label(0, LabelMaps.BLOCK, "slab page of task", R1, 0x1000, 0);
                for (long slot : new long[] {1, 2, 4, 5}) {
                    s.label(0, LabelMaps.HEAP, "task", R1 + 192 * slot, 192, SITE_D);
                }
                s.mode(0, 1, 100, "t");
                for (long slot : new long[] {1, 2, 3, 4, 5}) {
                    ReportTest.twice(s, PC, R1 + 192 * slot + 8, 4);
                }
            }
        }, kernel);
        assertEquals(10, r.summary().transfers());
        assertEquals(1.0, r.summary().typedShare(), 1e-9);
        Report.Line slot = r.lines().stream().filter(l -> l.address() == R1 + 576).findFirst().orElseThrow();
        assertEquals("(*(task)0xffff888000302240).f (slab page of task, object inferred from the cache's stride)",
                slot.what().get(0).description().text());
    }
}
