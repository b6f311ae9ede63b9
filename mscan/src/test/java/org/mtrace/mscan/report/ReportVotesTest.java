package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.alloc.SiteType;
import org.mtrace.dwarf.frame.StackSlot;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * The report's descriptions from the accessing instructions (issue 11, with the analyses' rules of
 * docs/analyses.md "attribution"): untyped {@code kmalloc-64} objects typed by the votes of their
 * shape's accesses, stack addresses by the frame their {@code %rsp} accesses agree on, and the text's
 * code sites merged when two PCs print alike. Every expectation is worked out below from the fixture
 * kernel and the log; none is taken from a run.
 *
 * <p>The kernel: {@code struct conn} (40 bytes: {@code id} at 0-7, {@code state} at 8-11, {@code rest}
 * to 39). The instruction at {@code PC_CONN} reads a {@code conn} 8 bytes in, the one at {@code PC_OTHER}
 * a {@code struct other} at its start; {@code PC_PLAIN} and {@code PC_PLAIN2} propose nothing and are
 * one source line ({@code plain at heap.c:7}). The allocation site {@code SITE_C} returns a conn;
 * {@code SITE_A} and {@code SITE_B} say nothing. On the stack, {@code OP_PC} and {@code SAME_PC} access
 * do_sys_openat2's local {@code op.open_flag} through %rsp, {@code OTHER_PC} get_page_from_freelist's
 * frame; {@code POINTER_PC} no %rsp slot.
 */
class ReportVotesTest {
    static final long PC_CONN = 0xffffffff81000010L, PC_OTHER = 0xffffffff81000020L, PC_PLAIN = 0xffffffff81000030L,
            PC_PLAIN2 = 0xffffffff81000038L;
    static final long OP_PC = 0xffffffff81347085L, SAME_PC = 0xffffffff813470a2L, OTHER_PC = 0xffffffff812e3695L,
            POINTER_PC = 0xffffffff81000040L;
    static final long SITE_A = 0xffffffff81100000L, SITE_B = 0xffffffff81100010L, SITE_C = 0xffffffff81100020L;
    // one object per line: kmalloc-64 from SITE_A (H1, H2), SITE_B (H3), SITE_C (H4)
    static final long H1 = 0xffff888000010000L, H2 = 0xffff888000011000L, H3 = 0xffff888000012000L,
            H4 = 0xffff888000013000L;
    static final long S = 0xffffc90000a38000L; // stack of 812 (rm), 16 KiB, then of 1000 (ls)
    static final long S2 = S + 0x4000;         // stack of 900 (sh), 16 KiB
    static final long U = 0xffffc90000b00010L; // unlabelled, in the vmalloc area

    static KernelInfo kernel() {
        FixedKernelInfo fixed = FixedKernelInfo.empty()
                .type("conn", off -> off < 8 ? ".id" : off < 12 ? ".state" : off < 40 ? ".rest" : "+0x" + Long.toHexString(off))
                .accessAt(PC_CONN, 8, new AccessedType("conn", 40, "c"))
                .accessAt(PC_OTHER, 0, new AccessedType("other", 16, "o"))
                .allocationSite(SITE_C, new SiteType("conn", 40, SiteType.How.VARIABLE, "c"))
                .pc(PC_CONN, "conn_get", "conn.c:3").pc(PC_OTHER, "other_get", "other.c:4")
                .pc(PC_PLAIN, "plain", "heap.c:7").pc(PC_PLAIN2, "plain", "heap.c:7")
                .stackSlotAt(OP_PC, new StackSlot("do_sys_openat2", null, -60, "op", ".open_flag"))
                .stackSlotAt(SAME_PC, new StackSlot("do_sys_openat2", null, -60, "op", ".open_flag"))
                .stackSlotAt(OTHER_PC, new StackSlot("get_page_from_freelist", null, -8, null, null));
        return ReportTest.withStruct(fixed, "conn", 40, List.of(new Member(0, 8, "id", "long"),
                new Member(8, 4, "state", "int"), new Member(12, 28, "rest", "char[28]")));
    }

    /**
     * Two CPUs in movement mode: after the reset both hold every line, so each store below moves its
     * line (the other CPU holds it), and the load of U by CPU 1 too (CPU 0's store left it alone).
     * Every access is one transfer: 18 in all.
     */
    static void write(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.label(0, LabelMaps.HEAP, "kmalloc-64", H1, 64, SITE_A);
            s.label(0, LabelMaps.HEAP, "kmalloc-64", H2, 64, SITE_A);
            s.label(0, LabelMaps.HEAP, "kmalloc-64", H3, 64, SITE_B);
            s.label(0, LabelMaps.HEAP, "kmalloc-64", H4, 64, SITE_C);
            s.label(0, LabelMaps.BLOCK, "stack of 812 (rm)", S, 0x4000, 0);
            s.label(0, LabelMaps.BLOCK, "stack of 900 (sh)", S2, 0x4000, 0);
            s.mode(0, 1, 100, "t");
            // H4 first: typed by its allocation site (conn.id, conn.state); the same name and offsets
            // as H3's, which must not borrow its type
            ReportTest.access(s, 0, true, PC_PLAIN, H4, 8);
            ReportTest.access(s, 1, true, PC_PLAIN, H4 + 8, 4);
            // H1: PC_CONN proposes conn (8 bytes in); H2, the same shape, is typed by that vote too
            ReportTest.access(s, 0, true, PC_CONN, H1 + 8, 4);
            ReportTest.access(s, 1, true, PC_PLAIN, H1, 8);
            ReportTest.access(s, 0, true, PC_PLAIN, H2, 8);
            ReportTest.access(s, 1, true, PC_PLAIN2, H2, 8);
            // H3 (SITE_B): conn and other proposed: the shape stays untyped
            ReportTest.access(s, 0, true, PC_CONN, H3 + 8, 4);
            ReportTest.access(s, 1, true, PC_OTHER, H3, 8);
            // S's line: +0x3f28 agreed on do_sys_openat2's op.open_flag; +0x3f30 two functions: no frame
            // for the address, each access names its own
            ReportTest.access(s, 0, true, OP_PC, S + 0x3f28, 8);
            ReportTest.access(s, 1, true, SAME_PC, S + 0x3f28, 8);
            ReportTest.access(s, 0, true, OTHER_PC, S + 0x3f30, 8);
            ReportTest.access(s, 1, true, OP_PC, S + 0x3f30, 8);
            // S's memory serves the next task's stack: its accesses there name another frame, which
            // must not undo 812's; the line lists both (on a stack each access is described as its
            // instruction sees it, with its key's first object: 1000's stack for the new key)
            s.label(0, LabelMaps.BLOCK, "stack of 812 (rm)", S, 0, 0);
            s.label(0, LabelMaps.BLOCK, "stack of 1000 (ls)", S, 0x4000, 0);
            ReportTest.access(s, 0, true, OTHER_PC, S + 0x3f28, 8);
            ReportTest.access(s, 1, true, OTHER_PC, S + 0x3f28, 8);
            // S2, the same shape and offset as S + 0x3f28, another frame: a frame is per address
            ReportTest.access(s, 0, true, OTHER_PC, S2 + 0x3f28, 8);
            ReportTest.access(s, 1, true, OTHER_PC, S2 + 0x3f28, 8);
            // U: unlabelled vmalloc memory; POINTER_PC abstains
            ReportTest.access(s, 0, true, OTHER_PC, U, 8);
            ReportTest.access(s, 1, false, POINTER_PC, U, 8);
        }
    }

    private static Report report(Path dir) throws IOException {
        return ReportTest.report(dir, "v.log", ReportVotesTest::write, kernel());
    }

    private static Report.Line line(Report r, long address) {
        return r.lines().stream().filter(l -> l.address() == address).findFirst().orElseThrow();
    }

    private static List<String> texts(Report.Line l) {
        return l.what().stream().map(w -> w.description().text()).toList();
    }

    @Test
    void untypedHeapObjectsTakeTheTypeTheirShapesAccessesAgreeOn(@TempDir Path dir) throws IOException {
        Report r = report(dir);
        assertEquals(18, r.summary().transfers());
        // typed: H4 (2, allocation site), H1 and H2 (2 each, accessing instruction); H3 is not
        assertEquals(6.0 / 18, r.summary().typedShare(), 1e-9);
        assertEquals(List.of("(*(conn)0xffff888000010000).id (kmalloc-64, type inferred from accessing instruction)",
                "(*(conn)0xffff888000010000).state (kmalloc-64, type inferred from accessing instruction)"),
                texts(line(r, H1)));
        assertEquals(List.of("(*(conn)0xffff888000011000).id (kmalloc-64, type inferred from accessing instruction)"),
                texts(line(r, H2)), "no access of H2 proposes: its shape's votes type it");
        assertEquals("state", line(r, H1).offsets().get(1).field());
        assertEquals(List.of("kmalloc-64+0x0", "kmalloc-64+0x8"), texts(line(r, H3)));
        assertEquals(AddressDescription.Form.NAME, line(r, H3).what().get(0).description().form());
        assertNull(line(r, H3).offsets().get(1).field(), "not H4's conn.state: descriptions are per shape, not per name");
        assertEquals(List.of("(*(conn)0xffff888000013000).id (kmalloc-64, type inferred from allocation site)",
                "(*(conn)0xffff888000013000).state (kmalloc-64, type inferred from allocation site)"), texts(line(r, H4)));

        // the type profile: conn's 6 transfers in 3 objects on 3 lines; id 1 (H1) + 2 (H2) + 1 (H4), state 1 + 1
        assertEquals(1, r.types().size());
        Report.TypeRow conn = r.types().get(0);
        assertEquals("conn", conn.type());
        assertEquals(6, conn.transfers());
        assertEquals(3, conn.objects());
        assertEquals(3, conn.lines());
        // all 6 from objects labelled kmalloc-64: what a count by label name finds under that name
        assertEquals(List.of(new Report.Count("kmalloc-64", 6)), conn.labels());
        assertEquals(List.of(4L, 2L, 0L), conn.layout().stream().map(Report.LayoutRow::transfers).toList());
    }

    @Test
    void stackAddressesTakeTheFrameTheirAccessesAgreeOn(@TempDir Path dir) throws IOException {
        Report r = report(dir);
        Report.Line s = line(r, S + 0x3f00);
        assertEquals(6, s.transfers());
        assertEquals(List.of("stack of 812 (rm)+0x3f28, frame of do_sys_openat2: op.open_flag",
                "stack of 1000 (ls)+0x3f28, frame of get_page_from_freelist",
                "stack of 812 (rm)+0x3f30, frame of get_page_from_freelist",
                "stack of 812 (rm)+0x3f30, frame of do_sys_openat2: op.open_flag"), texts(s));
        AddressDescription frame = s.what().get(0).description();
        assertEquals(AddressDescription.Form.STACK, frame.form());
        assertEquals("do_sys_openat2", frame.type());
        assertEquals("op.open_flag", frame.field());
        assertEquals("frame of do_sys_openat2: op.open_flag", s.offsets().get(0).field());
        assertEquals("frame of get_page_from_freelist", s.offsets().get(1).field(),
                "do_sys_openat2 and get_page_from_freelist, one transfer each: the top site's (ties by PC)");
        assertEquals(List.of("stack of 900 (sh)+0x3f28, frame of get_page_from_freelist"), texts(line(r, S2 + 0x3f00)));
        Report.Line u = line(r, U & -64);
        assertEquals(AddressDescription.Form.STACK, u.what().get(0).description().form());
        assertTrue(texts(u).get(0).startsWith("+0xffffc90000b00010 ") && texts(u).get(0).endsWith(", frame of get_page_from_freelist"),
                texts(u).toString());
        assertEquals("frame of get_page_from_freelist", u.offsets().get(0).field());
        assertTrue(r.types().stream().noneMatch(t -> t.type().contains("frame")), "a frame is not a type");
    }

    @Test
    void theTextMergesSitesThatPrintAlikeAndTheJsonKeepsThePcs(@TempDir Path dir) throws IOException {
        Report r = report(dir);
        Report.Offset h2 = line(r, H2).offsets().get(0);
        assertEquals(List.of(PC_PLAIN, PC_PLAIN2), h2.sites().stream().map(Report.Site::pc).sorted().toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> text = out.toString(StandardCharsets.UTF_8).lines().toList();
        int at = text.indexOf(text.stream().filter(t -> t.contains("0xffff888000011000")).findFirst().orElseThrow());
        // H2's line, its CPUs, its one offset, then one site row for both PCs: 1 + 1 transfers
        assertEquals("                   2  plain at heap.c:7  [2 PCs]", text.get(at + 3));
        assertTrue(!text.get(at + 4).contains("plain at heap.c:7"), "no second row of the same text: " + text.get(at + 4));
    }

    /**
     * One inlined helper reached from two functions: both PCs print {@code unlock at lock.h:5} with a
     * long shared middle frame, so cut at 120 columns their rows would read alike; the text leaves out
     * the frames both share. The log: one unlabelled line, stores by CPU 0 (PC_U1), 1 (PC_U2), 0
     * (PC_U1): three transfers, two at PC_U1.
     */
    @Test
    void sitesOfOneLineReachedFromTwoFunctionsStayApart(@TempDir Path dir) throws IOException {
        long l = 0xffff888000020000L, pcU1 = 0xffffffff81000050L, pcU2 = 0xffffffff81000060L;
        String middle = "do_raw_unlock_with_a_name_long_enough_to_fill_the_row_" + "x".repeat(30) + " at lock.h:9";
        FixedKernelInfo fixed = FixedKernelInfo.empty()
                .inlinedPc(pcU1, "unlock", List.of("unlock at lock.h:5", middle, "caller_one at one.c:10"))
                .inlinedPc(pcU2, "unlock", List.of("unlock at lock.h:5", middle, "caller_two at two.c:20"));
        Path log = dir.resolve("u.log");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.mode(0, 1, 100, "t");
            ReportTest.access(s, 0, true, pcU1, l, 8);
            ReportTest.access(s, 1, true, pcU2, l, 8);
            ReportTest.access(s, 0, true, pcU1, l, 8);
        }
        Report r = ReportTest.report(log, fixed, Filters.defaults(), 64);
        assertEquals(List.of(List.of(middle, "caller_one at one.c:10"), List.of(middle, "caller_two at two.c:20")),
                r.lines().get(0).offsets().get(0).sites().stream().map(Report.Site::inlined).toList(), "the JSON keeps each chain");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\n                   2  unlock at lock.h:5  (inlined in ... < caller_one at one.c:10)\n"
                + "                   1  unlock at lock.h:5  (inlined in ... < caller_two at two.c:20)\n"), text);
    }
}
