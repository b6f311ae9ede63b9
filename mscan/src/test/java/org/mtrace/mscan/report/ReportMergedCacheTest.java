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
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * Slab caches whose name is not their objects' type, as on Debian's 6.12 running memcached over TCP
 * (recording mc612): SLUB merged {@code skbuff_fclone_cache} into {@code pool_workqueue}, so TCP's
 * clone pairs ({@code struct sk_buff_fclones}: two {@code sk_buff}s and {@code fclone_ref} at 464)
 * are labelled {@code pool_workqueue}; and {@code TCP}'s objects are {@code tcp_sock}s that their
 * allocation site ({@code sk_prot_alloc}) keeps in a {@code struct sock *}. Every expectation is
 * worked out below from the fixture kernel and the log.
 *
 * <p>The kernel: {@code pool_workqueue} (512 bytes), {@code sk_buff} (232), {@code sk_buff_fclones}
 * (472, {@code skb1} at 0), {@code sock} (776) and {@code tcp_sock} (2368, beginning with a sock).
 * Allocation sites: {@code SITE_PWQ} keeps a pool_workqueue, {@code SITE_SKB} and {@code SITE_SKB2} an
 * sk_buff, {@code SITE_SK} a sock. {@code PC_FCLONE} reads an sk_buff_fclones 464 bytes in,
 * {@code PC_TCP} a tcp_sock 1296 bytes in; {@code PC_PLAIN} proposes nothing.
 *
 * <p>The log: two CPUs in movement mode, every access a store by the CPU that does not hold the line
 * alone, so every access is one transfer (18 in all):
 * <ul>
 * <li>P, a real pool_workqueue (SITE_PWQ): +0 twice: 2, typed pool_workqueue;</li>
 * <li>F1 and F2, clone pairs (SITE_SKB, one shape): F1 +16 twice and +464 twice by PC_FCLONE, F2 +300
 * twice: the votes past sk_buff agree on sk_buff_fclones, which begins with the sk_buff the site
 * saw, so all 6 are sk_buff_fclones;</li>
 * <li>T, a TCP object (SITE_SK): +320 twice, +1296 twice by PC_TCP: 4, all tcp_sock;</li>
 * <li>E, another merged object (SITE_SKB2), no votes: +8 twice is sk_buff (2); +400 twice is past it
 * and untyped (2);</li>
 * <li>G, a clone pair of a cache named like a global variable (6.1's {@code skbuff_fclone_cache}, a
 * {@code struct kmem_cache *}), SITE_SKB: +464 twice by PC_FCLONE: 2 more sk_buff_fclones, never the
 * variable.</li>
 * </ul>
 */
class ReportMergedCacheTest {
    static final long SITE_PWQ = 0xffffffff810f044eL, SITE_SKB = 0xffffffff81a02470L, SITE_SKB2 = 0xffffffff81a02480L,
            SITE_SK = 0xffffffff819f3a10L;
    static final long PC_FCLONE = 0xffffffff81a02f3bL, PC_TCP = 0xffffffff81af8cd9L, PC_PLAIN = 0xffffffff81000030L;
    static final long P = 0xffff888000020000L, F1 = 0xffff888000021000L, F2 = 0xffff888000022000L,
            T = 0xffff888000023000L, E = 0xffff888000024000L, G = 0xffff888000025000L;

    static FixedKernelInfo kernel() {
        return FixedKernelInfo.empty()
                .type("pool_workqueue", off -> off < 8 ? ".pool" : off < 512 ? ".rest" : null)
                .layout("pool_workqueue", 512, new Member(0, 8, "pool", "struct worker_pool *"))
                .type("sk_buff", off -> off < 16 ? ".next" : off < 232 ? ".dev" : "+0x" + Long.toHexString(off))
                .layout("sk_buff", 232, new Member(0, 8, "next", "struct sk_buff *"))
                .type("sk_buff_fclones", off -> off < 232 ? ".skb1" : off < 464 ? ".skb2" : ".fclone_ref")
                .layout("sk_buff_fclones", 472, new Member(0, 232, "skb1", "struct sk_buff"))
                .type("sock", off -> off < 776 ? ".sk_lock" : "+0x" + Long.toHexString(off))
                .layout("sock", 776, new Member(0, 136, "__sk_common", "struct sock_common"))
                .type("tcp_sock", off -> off < 776 ? ".sk.sk_lock" : ".icsk_ack")
                .layout("tcp_sock", 2368, new Member(0, 776, "sk", "struct sock"))
                .allocationSite(SITE_PWQ, new SiteType("pool_workqueue", 512, SiteType.How.VARIABLE, "pwq"))
                .allocationSite(SITE_SKB, new SiteType("sk_buff", 232, SiteType.How.VARIABLE, "skb"))
                .allocationSite(SITE_SKB2, new SiteType("sk_buff", 232, SiteType.How.VARIABLE, "skb"))
                .allocationSite(SITE_SK, new SiteType("sock", 776, SiteType.How.VARIABLE, "sk"))
                .accessAt(PC_FCLONE, 464, new AccessedType("sk_buff_fclones", 472, "fclones"))
                .accessAt(PC_TCP, 1296, new AccessedType("tcp_sock", 2368, "tp"))
                .pc(PC_FCLONE, "skb_clone", "skbuff.c:2063").pc(PC_TCP, "tcp_recvmsg_locked", "tcp.c:2662")
                .pc(PC_PLAIN, "plain", "heap.c:7")
                .variable("skbuff_fclone_cache", off -> off < 8 ? "" : "+0x" + Long.toHexString(off));
    }

    static void write(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.label(0, LabelMaps.HEAP, "pool_workqueue", P, 512, SITE_PWQ);
            s.label(0, LabelMaps.HEAP, "pool_workqueue", F1, 512, SITE_SKB);
            s.label(0, LabelMaps.HEAP, "pool_workqueue", F2, 512, SITE_SKB);
            s.label(0, LabelMaps.HEAP, "TCP", T, 2368, SITE_SK);
            s.label(0, LabelMaps.HEAP, "pool_workqueue", E, 512, SITE_SKB2);
            s.label(0, LabelMaps.HEAP, "skbuff_fclone_cache", G, 512, SITE_SKB);
            s.mode(0, 1, 100, "t");
            ReportTest.twice(s, PC_PLAIN, P, 8);
            ReportTest.twice(s, PC_PLAIN, F1 + 16, 8);
            ReportTest.twice(s, PC_FCLONE, F1 + 464, 8);
            ReportTest.twice(s, PC_PLAIN, F2 + 300, 8);
            ReportTest.twice(s, PC_PLAIN, T + 320, 8);
            ReportTest.twice(s, PC_TCP, T + 1296, 8);
            ReportTest.twice(s, PC_PLAIN, E + 8, 8);
            ReportTest.twice(s, PC_PLAIN, E + 400, 8);
            ReportTest.twice(s, PC_FCLONE, G + 464, 8);
        }
    }



    @Test
    void mergedAndNamedCachesAreDescribedByWhatTheirObjectsAre(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "m.log", ReportMergedCacheTest::write, kernel());
        assertEquals(18, r.summary().transfers());
        assertEquals(16.0 / 18, r.summary().typedShare(), 1e-9);
        Map<String, Report.TypeRow> types = r.types().stream().collect(Collectors.toMap(Report.TypeRow::type, t -> t));
        assertEquals(List.of("sk_buff_fclones", "tcp_sock", "pool_workqueue", "sk_buff"),
                r.types().stream().map(Report.TypeRow::type).toList(), "by transfers, ties by name");

        Report.TypeRow fclones = types.get("sk_buff_fclones");
        assertEquals(8, fclones.transfers());
        assertEquals(3, fclones.objects());
        assertEquals(List.of(new Report.Count("pool_workqueue", 6), new Report.Count("skbuff_fclone_cache", 2)),
                fclones.labels());
        assertEquals(Report.Elsewhere.NONE, fclones.elsewhere(), "no label names sk_buff_fclones");

        Report.TypeRow tcp = types.get("tcp_sock");
        assertEquals(4, tcp.transfers(), "the sock the site saw is the tcp_sock's start");
        assertEquals(List.of(new Report.Count("TCP", 4)), tcp.labels());

        Report.TypeRow pwq = types.get("pool_workqueue");
        assertEquals(2, pwq.transfers());
        assertEquals(1, pwq.objects());
        assertEquals(new Report.Elsewhere(10, 3), pwq.elsewhere(), "F1, F2 and E: 6 + 2 + 2");

        Report.TypeRow skb = types.get("sk_buff");
        assertEquals(2, skb.transfers(), "E's sk_buff part; nothing voted past it");
        assertEquals(List.of(new Report.Count("pool_workqueue", 2)), skb.labels());

        assertEquals(List.of(new Report.Untyped("pool_workqueue past sk_buff (merged slab cache)", "name", 2)),
                r.summary().untyped());
        Report.Line past = r.lines().stream().filter(l -> l.address() == E + 384).findFirst().orElseThrow();
        assertEquals("pool_workqueue+0x190 (allocated as sk_buff, past its end)", past.what().get(0).description().text());
        Report.Line clone = r.lines().stream().filter(l -> l.address() == F1 + 448).findFirst().orElseThrow();
        assertEquals("(*(sk_buff_fclones)0xffff888000021000).fclone_ref (pool_workqueue, type inferred from accessing"
                + " instruction)", clone.what().get(0).description().text());
    }
}
