package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.frame.StackSlot;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.ObjectAccess;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * Memory no label types, typed where its accesses' instructions agree on the object they touch
 * (docs/report.md, "Descriptions from the accessing instruction"), as on Debian's 6.12 running
 * psearchy (ps612): the {@code call_single_data} of {@code smp_call_function_many_cond} live in a
 * per-CPU allocation, which the recorder labels only as "per-CPU dynamic area"; {@code csd_lock_wait}
 * reads {@code csd->node.u_flags} (8 bytes in) and {@code llist_reverse_order} the
 * {@code llist_node} the csd begins with. Every expectation is worked out below.
 *
 * <p>The kernel: {@code __call_single_data} (32 bytes: {@code node} at 0, a {@code __call_single_node}
 * that begins with {@code llist} (an {@code llist_node}, 8 bytes), {@code u_flags} at 8, {@code func}
 * at 24). {@code PC_CSD} accesses a csd 8 bytes in, {@code PC_NODE} an llist_node at its start,
 * {@code PC_OTHER} a {@code struct other} 4 bytes in; {@code PC_PLAIN} proposes nothing.
 *
 * <p>The log, two CPUs in movement mode, every access a store by the CPU not holding the line alone
 * (one transfer each, 16 in all), R a per-CPU dynamic area:
 * <ul>
 * <li>csd A at R+0x40: PC_NODE at +0, PC_CSD at +8, PC_PLAIN at +0x18, each twice: both proposals
 * name the start R+0x40 and the csd begins with the node, so all 6 are csd fields (the plain one
 * inside the csd's 32 bytes);</li>
 * <li>csd B at R+0x60: PC_CSD at +8 twice: 2;</li>
 * <li>R+0x100: PC_CSD at +8 and PC_OTHER at +4, each twice: two types for one start, none: 4 untyped;</li>
 * <li>an unlabelled direct-map address D: PC_CSD at D+8 twice: 2, a csd at D;</li>
 * <li>a user address: PC_CSD twice: 2, never a kernel struct.</li>
 * </ul>
 */
class ReportPlacedObjectsTest {
    static final long PC_CSD = 0xffffffff811cd9b7L, PC_NODE = 0xffffffff81728913L, PC_OTHER = 0xffffffff81000020L,
            PC_PLAIN = 0xffffffff81000030L;
    static final long R = 0xffff88801f23d000L, D = 0xffff888000300000L, USER = 0x00007fff00001000L;

    static FixedKernelInfo kernel() {
        return FixedKernelInfo.empty()
                .type("__call_single_data", off -> off < 8 ? ".node.llist.next" : off < 12 ? ".node.u_flags"
                        : off < 24 ? ".node.src" : ".func")
                .layout("__call_single_data", 32, new Member(0, 16, "node", "struct __call_single_node"))
                .layout("__call_single_node", 16, new Member(0, 8, "llist", "struct llist_node"))
                .type("llist_node", off -> ".next").layout("llist_node", 8, new Member(0, 8, "next", "struct llist_node *"))
                .type("other", off -> ".x").layout("other", 8, new Member(0, 8, "x", "long"))
                .accessAt(PC_CSD, 8, new AccessedType("__call_single_data", 32, "csd"))
                .accessAt(PC_NODE, 0, new AccessedType("llist_node", 8, "head"))
                .accessAt(PC_OTHER, 4, new AccessedType("other", 8, "o"))
                .pc(PC_CSD, "csd_lock_wait", "smp.c:349").pc(PC_NODE, "llist_reverse_order", "llist.c:109")
                .pc(PC_OTHER, "other_get", "other.c:4").pc(PC_PLAIN, "plain", "heap.c:7");
    }

    static void write(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.label(0, LabelMaps.BLOCK, "per-CPU dynamic area of cpu 0", R, 0x4000, 0);
            s.mode(0, 1, 100, "t");
            ReportTest.twice(s, PC_NODE, R + 0x40, 4);
            ReportTest.twice(s, PC_CSD, R + 0x48, 4);
            ReportTest.twice(s, PC_PLAIN, R + 0x58, 4);
            ReportTest.twice(s, PC_CSD, R + 0x68, 4);
            ReportTest.twice(s, PC_CSD, R + 0x108, 4);
            ReportTest.twice(s, PC_OTHER, R + 0x104, 4);
            ReportTest.twice(s, PC_CSD, D + 8, 4);
            ReportTest.twice(s, PC_CSD, USER + 8, 4);
        }
    }


    @Test
    void untypedMemoryTakesTheTypeItsAccessesPlaceThere(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "p.log", ReportPlacedObjectsTest::write, kernel());
        assertEquals(16, r.summary().transfers());
        assertEquals(10.0 / 16, r.summary().typedShare(), 1e-9);
        assertEquals(List.of("__call_single_data"), r.types().stream().map(Report.TypeRow::type).toList());
        Report.TypeRow csd = r.types().get(0);
        assertEquals(10, csd.transfers());
        assertEquals(3, csd.objects(), "A, B and the one at D, by their starts (not the 2 labels holding them)");
        // by the labels' purpose (one name for every CPU's area); D is unlabelled: no label to name
        assertEquals(List.of(new Report.Count("per-CPU dynamic area", 8)), csd.labels());
        assertEquals(List.of(new Report.Untyped("per-CPU dynamic area", "name", 4),
                new Report.Untyped("user space", "user", 2)), r.summary().untyped());

        Report.Line a = r.lines().stream().filter(l -> l.address() == R + 0x40).findFirst().orElseThrow();
        assertEquals(List.of("(*(__call_single_data)0xffff88801f23d040).node.llist.next (per-CPU dynamic area of cpu 0,"
                        + " type inferred from accessing instruction)",
                "(*(__call_single_data)0xffff88801f23d040).node.u_flags (per-CPU dynamic area of cpu 0, type inferred"
                        + " from accessing instruction)",
                "(*(__call_single_data)0xffff88801f23d040).func (per-CPU dynamic area of cpu 0, type inferred from"
                        + " accessing instruction)",
                "(*(__call_single_data)0xffff88801f23d060).node.u_flags (per-CPU dynamic area of cpu 0, type inferred"
                        + " from accessing instruction)"),
                a.what().stream().map(w -> w.description().text()).toList());
    }

    static final long H = 0xffff888000500000L, H2 = 0xffff888000600000L;

    /**
     * A heap object no type describes whole, an array of structs (jbd2's revoke hash table, a
     * {@code kmalloc-4096} of {@code list_head}s, on MOSBENCH exim): its element accesses point at
     * their element, not at the object's start, so they vote no type for the object, and the
     * elements are typed where their instructions place them, as in memory no label types. Heap
     * object H ("kmalloc-4096", no allocation site): PC_NODE at H (the first element, whose access
     * points at the object's start: the object's accesses agree on llist_node, 8 bytes), at H+0x100 and
     * at H+0x108, each twice (6: three llist_nodes, the first typed by the vote, the others placed).
     * Heap object H2 ("kmalloc-64", another shape): PC_CSD at H2+8 twice, which votes
     * for the whole object as before (2: a csd's node.u_flags); PC_NODE at H2+0x18 twice would place an
     * llist_node there, but H2's accesses agree on a type for all of it, which wins (2 more as the
     * csd's bytes at 0x18, node.src). 10 transfers, all typed.
     */
    @Test
    void anArrayOfStructsOnTheHeapIsTypedByElement(@TempDir Path dir) throws IOException {
        Report r = ReportTest.report(dir, "h.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.HEAP, "kmalloc-4096", H, 0x1000, 0);
            s.label(0, LabelMaps.HEAP, "kmalloc-64", H2, 0x40, 0);
            ReportTest.twice(s, PC_NODE, H, 8);
            ReportTest.twice(s, PC_NODE, H + 0x100, 8);
            ReportTest.twice(s, PC_NODE, H + 0x108, 8);
            ReportTest.twice(s, PC_CSD, H2 + 8, 4);
            ReportTest.twice(s, PC_NODE, H2 + 0x18, 8);
        }), kernel());
        assertEquals(10, r.summary().transfers());
        assertEquals(1.0, r.summary().typedShare(), 1e-9);
        assertEquals(List.of("llist_node", "__call_single_data"), r.types().stream().map(Report.TypeRow::type).toList());
        Report.TypeRow node = r.types().get(0);
        assertEquals(6, node.transfers());
        assertEquals(3, node.objects(), "H (typed by the vote, counted as its label's object) and the elements at H+0x100, H+0x108");
        assertEquals(List.of(new Report.Count("kmalloc-4096", 6)), node.labels());
        assertEquals(4, r.types().get(1).transfers());
        Report.Line array = r.lines().stream().filter(l -> l.address() == H + 0x100).findFirst().orElseThrow();
        assertEquals(List.of("(*(llist_node)0xffff888000500100).next (kmalloc-4096, type inferred from accessing instruction)",
                "(*(llist_node)0xffff888000500108).next (kmalloc-4096, type inferred from accessing instruction)"),
                array.what().stream().map(w -> w.description().text()).toList());
    }

    /**
     * A variable may bear a struct's name (the per-CPU {@code kstat}, a {@code struct kernel_stat},
     * beside {@code struct kstat}): its row and the struct's stay apart. A static variable
     * {@code llist_node} (16 bytes at V, a {@code struct pair}) stored into at V twice (2), and the
     * heap array of H above: PC_NODE at H and H+0x100, each twice (4 llist_nodes).
     */
    @Test
    void aVariableNamedLikeAStructIsARowOfItsOwn(@TempDir Path dir) throws IOException {
        long v = 0xffffffff82000000L;
        FixedKernelInfo kernel = kernel().symbol("llist_node", v, 16).variable("llist_node", off -> off < 8 ? ".a" : ".b")
                .variableType("llist_node", new org.mtrace.mscan.kernel.VariableType("struct pair", 16,
                        List.of(new Member(0, 8, "a", "long"), new Member(8, 8, "b", "long"))));
        Report r = ReportTest.report(dir, "v.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.HEAP, "kmalloc-4096", H, 0x1000, 0);
            ReportTest.twice(s, PC_PLAIN, v, 8);
            ReportTest.twice(s, PC_NODE, H, 8);
            ReportTest.twice(s, PC_NODE, H + 0x100, 8);
        }), kernel);
        assertEquals(6, r.summary().transfers());
        assertEquals(List.of("llist_node", "llist_node"), r.types().stream().map(Report.TypeRow::type).toList());
        assertEquals(List.of(4L, 2L), r.types().stream().map(Report.TypeRow::transfers).toList());
        assertEquals(java.util.Arrays.asList(null, "struct pair"), r.types().stream().map(Report.TypeRow::variableType).toList());
        assertEquals(1, r.types().get(1).objects(), "the variable's one copy");
    }

    static final long T = 0xffffc90000c00000L;

    /**
     * On a kernel stack frames reuse the memory, so an access is typed by what its own instruction
     * reaches, not by the objects the keys agree on: in task stack T, PC_CSD at T+0x3f08 twice (2, a
     * csd at T+0x3f00, {@code node.u_flags}) and PC_PLAIN at T+0x3f18 twice (2), inside that csd's
     * 32 bytes, as PC_PLAIN's access at R+0x58 above, but its instruction reaches no typed object: a
     * local of another frame, untyped; PC_FRAME's {@code 8(%rsp)} at T+0x3e08 twice, which DWARF says
     * is {@code node.u_flags} of its frame's csd variable {@code c} (2, a csd at T+0x3e00; the line
     * keeps the frame's name). 6 transfers, 4 typed.
     */
    @Test
    void onAStackEachAccessIsTypedByWhatItsInstructionReaches(@TempDir Path dir) throws IOException {
        long pcFrame = 0xffffffff81000040L;
        FixedKernelInfo kernel = kernel().pc(pcFrame, "csd_user", "smp.c:900").stackSlotAt(pcFrame,
                new StackSlot("csd_user", null, -48, "c", ".node.u_flags",
                        new ObjectAccess(new AccessedType("__call_single_data", 32, "c"), 8)));
        Report r = ReportTest.report(dir, "t.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.label(0, LabelMaps.BLOCK, "stack of 7 (sh)", T, 0x4000, 0);
                s.mode(0, 1, 100, "t");
                ReportTest.twice(s, PC_CSD, T + 0x3f08, 4);
                ReportTest.twice(s, PC_PLAIN, T + 0x3f18, 4);
                ReportTest.twice(s, pcFrame, T + 0x3e08, 4);
            }
        }, kernel);
        assertEquals(6, r.summary().transfers());
        assertEquals(4.0 / 6, r.summary().typedShare(), 1e-9);
        assertEquals(4, r.types().get(0).transfers());
        assertEquals(2, r.types().get(0).objects(), "the csds at T+0x3f00 and T+0x3e00");
        Report.Line frame = r.lines().stream().filter(l -> l.address() == T + 0x3e00).findFirst().orElseThrow();
        // the line names the frame and its variable (what the type profile types as a csd)
        assertEquals("stack of 7 (sh)+0x3e08, frame of csd_user: c.node.u_flags", frame.what().get(0).description().text());
        Report.Line line = r.lines().stream().filter(l -> l.address() == T + 0x3f00).findFirst().orElseThrow();
        assertEquals(List.of("(*(__call_single_data)0xffffc90000c03f00).node.u_flags (stack of 7 (sh), type inferred"
                + " from accessing instruction)", "stack of 7 (sh)+0x3f18"),
                line.what().stream().map(w -> w.description().text()).toList());
    }

    /**
     * An object placed inside another that holds one of its type there is described as the outer
     * object's field (an {@code atomic_t} that an atomic helper's instruction places at an
     * {@code skb_shared_info}'s {@code dataref}, on Apache/6.1): a {@code holder} (24 bytes: {@code a}
     * long, {@code n} an {@code llist_node} at 8, {@code b} long at 16) that PC_HOLD places at R+0x200
     * by storing to its {@code b} at R+0x210 twice (2); PC_NODE's llist_node at R+0x208 twice (2), which
     * is the holder's {@code n}. Without the rule the nearer start wins and the line shows an
     * {@code llist_node} of its own. 4 transfers, one holder.
     */
    @Test
    void anObjectPlacedInsideAnotherIsTheOuterOnesField(@TempDir Path dir) throws IOException {
        long pcHold = 0xffffffff81000050L;
        FixedKernelInfo kernel = kernel().pc(pcHold, "holder_put", "holder.c:3")
                .type("holder", off -> off < 8 ? ".a" : off < 16 ? ".n.next" : ".b")
                .layout("holder", 24, new Member(0, 8, "a", "long"), new Member(8, 8, "n", "struct llist_node"),
                        new Member(16, 8, "b", "long"))
                .accessAt(pcHold, 16, new AccessedType("holder", 24, "h"));
        Report r = ReportTest.report(dir, "n.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.BLOCK, "per-CPU dynamic area of cpu 0", R, 0x4000, 0);
            ReportTest.twice(s, pcHold, R + 0x210, 8);
            ReportTest.twice(s, PC_NODE, R + 0x208, 8);
        }), kernel);
        assertEquals(4, r.summary().transfers());
        assertEquals(List.of("holder"), r.types().stream().map(Report.TypeRow::type).toList());
        assertEquals(1, r.types().get(0).objects());
        Report.Line line = r.lines().stream().filter(l -> l.address() == R + 0x200).findFirst().orElseThrow();
        assertEquals(List.of("(*(holder)0xffff88801f23d200).n.next (per-CPU dynamic area of cpu 0, type inferred from"
                        + " accessing instruction)",
                "(*(holder)0xffff88801f23d200).b (per-CPU dynamic area of cpu 0, type inferred from accessing instruction)"),
                line.what().stream().map(w -> w.description().text()).toList());
    }

    static final long HT = 0xffff888000700000L;

    /**
     * A boot-time hash table (the recorder's block label {@code hash table TCP bind}) is an array of
     * the bucket type the global keeping it points to: a 16-byte {@code bucket} ({@code lock} at 0,
     * {@code chain} at 8). PC_PLAIN, which proposes no type, stores at HT+0x20 (bucket 2's lock) and at
     * HT+0x28 (its chain), twice each: 4 transfers, one bucket at HT+0x20; and PC_NODE's llist_node at
     * HT+0x38 twice (bucket 3's chain: the bucket type wins over what the instruction places there), 2.
     * 6 transfers, all typed, 2 buckets.
     */
    @Test
    void aHashTableIsAnArrayOfItsBucketType(@TempDir Path dir) throws IOException {
        FixedKernelInfo kernel = kernel().hashTable("TCP bind", "struct bucket")
                .type("bucket", off -> off < 8 ? ".lock" : ".chain")
                .layout("bucket", 16, new Member(0, 4, "lock", "int"), new Member(8, 8, "chain", "struct llist_node"));
        Report r = ReportTest.report(dir, "h.log", ReportTest.movementLog(2, 0, s -> {
            s.label(0, LabelMaps.BLOCK, "hash table TCP bind", HT, 0x1000, 0);
            ReportTest.twice(s, PC_PLAIN, HT + 0x20, 4);
            ReportTest.twice(s, PC_PLAIN, HT + 0x28, 8);
            ReportTest.twice(s, PC_NODE, HT + 0x38, 8);
        }), kernel);
        assertEquals(6, r.summary().transfers());
        assertEquals(1.0, r.summary().typedShare(), 1e-9);
        assertEquals(List.of("bucket"), r.types().stream().map(Report.TypeRow::type).toList());
        assertEquals(2, r.types().get(0).objects(), "the buckets at HT+0x20 and HT+0x30");
        Report.Line line = r.lines().stream().filter(l -> l.address() == HT).findFirst().orElseThrow();
        assertEquals("(*(bucket)0xffff888000700020).lock (hash table TCP bind, bucket type from the variable keeping the table)",
                line.what().stream().filter(w -> w.offset() == 0x20).findFirst().orElseThrow().description().text());
    }
}
