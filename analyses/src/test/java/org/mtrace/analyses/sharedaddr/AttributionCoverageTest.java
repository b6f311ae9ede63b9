package org.mtrace.analyses.sharedaddr;

import static org.mtrace.mscan.scenario.Commands.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.format.TaskType;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.SchedRecord;
import org.mtrace.format.record.TaskRecord;
import org.mtrace.mscan.kernel.DwarfKernelInfo;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * struct page, per-CPU variables with their CPU, region names, user traffic per process and the
 * coverage figure, on a gcc-compiled kernel stand-in: a {@code struct page} in the vmemmap at a
 * non-default {@code vmemmap_base}, and a per-CPU {@code runqueues} between the per-CPU range
 * symbols. Offsets, sizes and addresses come from gdb, never from our DWARF reader; the
 * coverage counts are worked by hand from the scenario.
 */
class AttributionCoverageTest {
    static final String SOURCE = """
            struct list_head { struct list_head *next, *prev; };
            typedef struct { int counter; } atomic_t;
            struct page {
              unsigned long flags;
              union {
                struct { struct list_head lru; void *mapping; unsigned long index; unsigned long private; };
                struct { unsigned long compound_head; };
              };
              union { unsigned int page_type; atomic_t _mapcount; };
              atomic_t _refcount;
              unsigned long memcg_data;
            };
            struct rq { long lock; unsigned int nr_running; struct { unsigned long load; } cfs; };
            unsigned long vmemmap_base = 0xffffea8000000000UL;
            unsigned long page_offset_base = 0xffff888000000000UL;
            unsigned long vmalloc_base = 0xffffc90000000000UL;
            struct rq runqueues;
            asm(".globl __per_cpu_start\\n.set __per_cpu_start, runqueues\\n"
                ".globl __per_cpu_end\\n.set __per_cpu_end, runqueues + 24\\n");
            struct page *some_page;
            void *pte_alloc_one(void) { return 0; }
            void *kmalloc_stub(unsigned long n) { return (void *) n; }
            struct rq *alloc_rq(void) { return kmalloc_stub(sizeof(struct rq)); }
            long submit(long id);
            int main(int argc, char **argv) {
              (void) argv;
              if (argc > 1) return (int) submit(argc); /* run by gdb to place submit's local */
              return (int) some_page->flags + (int) runqueues.nr_running;
            }
            """;
    /**
     * Accessors compiled with -O2 (at -O0 a parameter lives on the stack, not in the register the
     * access uses): their loads are the accessing instructions of the instruction-typed objects.
     */
    static final String ACCESSORS = """
            struct conn { long id; int state; int flags; };
            struct other { long x; };
            int conn_state(struct conn *c) { return c->state; }
            long other_x(struct other *o) { return o->x; }
            struct req { long id; int flags; };
            __attribute__((noipa)) void take(struct req *r) { r->flags++; }
            long submit(long id) { struct req r; r.id = id; r.flags = 1; take(&r); return r.flags; }
            """;
    /** Per-CPU area of CPU c: AREA + c * AREA_STRIDE (as a 6.1 kernel lays them out). */
    static final long AREA = 0xffff88801f200000L;
    static final long AREA_STRIDE = 0x80000;
    static final long HEAP = 0xffff888000200000L;
    static final long DIRECT = 0xffff888000300000L;
    static final long VMALLOC = 0xffffc90000004000L;

    @TempDir
    static Path dir;
    static KernelInfo kernel;
    static long vmemmapBase;
    static long pageSize;
    static long refcountOffset;
    static long nrRunningOffset;
    static long cfsLoadOffset;
    static long runqueuesLink;
    static long mainPc;
    static long pteAllocPc;
    /** The return address of alloc_rq's call of kmalloc_stub (gdb's disassembly). */
    static long allocRqSite;
    static long rqSize;
    /** The loads of conn_state and other_x (gdb's disassembly) and the offset of conn.state (gdb). */
    static long connStatePc;
    static long otherXPc;
    static long stateOffset;
    /** submit's store of r.flags = 1 through %rsp, its call of take and take's increment of r->flags (gdb). */
    static long reqFlagsPc;
    static long callTakePc;
    static long takeFlagsPc;
    /** addr2line's file:line of reqFlagsPc. */
    static String reqFlagsLine;

    @BeforeAll
    static void compile() throws Exception {
        Path c = dir.resolve("k.c");
        Files.writeString(c, SOURCE);
        Path accessors = dir.resolve("accessors.c");
        Files.writeString(accessors, ACCESSORS);
        Path accessorsObj = dir.resolve("accessors.o");
        run("gcc", "-g", "-O2", "-fno-stack-protector", "-c", "-o", accessorsObj.toString(), accessors.toString());
        Path elf = dir.resolve("k.elf");
        run("gcc", "-g", "-O0", "-fno-common", "-o", elf.toString(), c.toString(), accessorsObj.toString());
        System.setProperty("user.home", dir.toString()); // keep the index cache inside the test directory
        vmemmapBase = gdb(elf, "print/x vmemmap_base");
        pageSize = gdb(elf, "print/x sizeof(struct page)");
        refcountOffset = gdb(elf, "print/x (long) &((struct page *) 0)->_refcount");
        nrRunningOffset = gdb(elf, "print/x (long) &((struct rq *) 0)->nr_running");
        cfsLoadOffset = gdb(elf, "print/x (long) &((struct rq *) 0)->cfs.load");
        runqueuesLink = gdb(elf, "print/x (long) &runqueues");
        mainPc = gdb(elf, "print/x (long) &main");
        pteAllocPc = gdb(elf, "print/x (long) &pte_alloc_one") + 4; // a PC inside it
        rqSize = gdb(elf, "print/x sizeof(struct rq)");
        allocRqSite = returnAddress(run("gdb", "-batch", "-nx", "-ex", "x/16i alloc_rq", elf.toString()), "<kmalloc_stub>");
        connStatePc = instructionWith(run("gdb", "-batch", "-nx", "-ex", "x/4i conn_state", elf.toString()), "(%rdi)");
        otherXPc = instructionWith(run("gdb", "-batch", "-nx", "-ex", "x/4i other_x", elf.toString()), "(%rdi)");
        stateOffset = gdb(elf, "print/x (long) &((struct conn *) 0)->state");
        String submit = run("gdb", "-batch", "-nx", "-ex", "disassemble submit", elf.toString());
        reqFlagsPc = instructionWith(submit, "$0x1,0x");  // r.flags = 1, through %rsp
        callTakePc = instructionWith(submit, "<take>");
        takeFlagsPc = instructionWith(run("gdb", "-batch", "-nx", "-ex", "x/4i take", elf.toString()), "(%rdi)");
        String store = submit.lines().filter(l -> l.contains("$0x1,0x")).findFirst().orElseThrow();
        long disp = Long.decode(store.substring(store.indexOf("$0x1,") + 5, store.indexOf("(%rsp)")));
        // gdb, stopped at the store in a run of the stand-in, finds r.flags at $rsp + disp
        String at = run("gdb", "-batch", "-nx", "-ex", "break *(submit + " + (reqFlagsPc - gdb(elf, "print/x (long) &submit"))
                + ")", "-ex", "run x", "-ex", "print (long) &r.flags - (long) ($rsp + " + disp + ")", elf.toString());
        assertTrue(at.endsWith("= 0"), "gdb: r.flags is not at $rsp + " + disp + ":\n" + at);
        assertTrue(run("gdb", "-batch", "-nx", "-ex", "info symbol " + reqFlagsPc, elf.toString()).startsWith("submit + "));
        reqFlagsLine = run("addr2line", "-e", elf.toString(), Long.toHexString(reqFlagsPc));
        reqFlagsLine = reqFlagsLine.substring(reqFlagsLine.lastIndexOf('/') + 1).replaceAll(" .*", "");
        kernel = DwarfKernelInfo.open(elf);
    }

    /** gdb's {@code $1 = 0x...} value of one print command. */
    static long gdb(Path elf, String command) throws Exception {
        String out = run("gdb", "-batch", "-nx", "-ex", command, elf.toString());
        String last = out.substring(out.lastIndexOf('\n') + 1);
        return Long.parseUnsignedLong(last.substring(last.indexOf("0x") + 2), 16);
    }

    /** The address of the instruction after the first call of {@code callee} in gdb's {@code x/i} listing. */
    static long returnAddress(String listing, String callee) {
        String[] lines = listing.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].contains("call") && lines[i].contains(callee)) {
                String next = lines[i + 1].trim();
                return Long.parseUnsignedLong(next.substring(next.indexOf("0x") + 2).split("[ <:]")[0], 16);
            }
        }
        throw new AssertionError("no call of " + callee + " in\n" + listing);
    }

    /** The address of the first instruction in gdb's {@code x/i} listing whose text contains {@code operand}. */
    static long instructionWith(String listing, String operand) {
        for (String line : listing.split("\n")) {
            if (line.contains(operand)) {
                String at = line.trim().replaceFirst("^=> ", "");
                return Long.parseUnsignedLong(at.substring(at.indexOf("0x") + 2).split("[ <:]")[0], 16);
            }
        }
        throw new AssertionError("no " + operand + " in\n" + listing);
    }

    static long area(int cpu) {
        return AREA + cpu * AREA_STRIDE;
    }

    /** The scenario of the class comment; its hand-worked figures are in {@link #coverageFigure}. */
    static void scenario(ScenarioLog s) {
        s.machine(4, 1 << 30);
        for (int cpu = 0; cpu < 4; cpu++) { // segment base: where per-CPU link address 0 would be
            s.segment(cpu, area(cpu) - runqueuesLink, area(cpu) + 0x1000);
        }
        long nrRunning2 = area(2) + nrRunningOffset;
        s.load(0, 0x10, nrRunning2, 4, true);                 // per-CPU, CPUs 0 and 1: shared
        s.load(1, 0x11, nrRunning2, 4, true);
        long refcount1 = vmemmapBase + pageSize + refcountOffset;
        s.store(0, 0x12, refcount1, 4, true);                 // struct page 1, CPUs 0 and 3: shared
        s.load(3, 0x13, refcount1, 4, true);
        s.label(0, 1, "rq", HEAP, 24, 0);
        s.load(1, 0x14, HEAP + cfsLoadOffset, 8, true);      // typed heap, one CPU
        s.label(0, 1, "kmalloc-64", HEAP + 0x100, 64, mainPc);   // "allocated" in main
        s.load(2, 0x15, HEAP + 0x108, 8, true);              // name+offset
        // a kmalloc-32 object allocated by alloc_rq (-O0: no variable in RAX; it returns struct rq *,
        // and kmalloc(sizeof(struct rq)) is a kmalloc-32 object): typed, inferred from the site
        s.label(0, 1, "kmalloc-32", HEAP + 0x200, rqSize, allocRqSite);
        s.load(3, 0x1e, HEAP + 0x200 + nrRunningOffset, 4, true);
        // two kmalloc-64 objects whose allocation site (main) says nothing: the first is read by
        // conn_state's load at conn.state and by something else at its start: both rows typed conn by
        // the instruction; the second by conn_state and by other_x's load of other.x: two types, none
        s.label(0, 1, "kmalloc-64", HEAP + 0x400, 64, mainPc);
        s.load(1, connStatePc, HEAP + 0x400 + stateOffset, 4, true);
        s.load(2, 0x20, HEAP + 0x400, 8, true);
        s.label(0, 1, "kmalloc-64", HEAP + 0x500, 64, mainPc);
        s.load(0, connStatePc, HEAP + 0x500 + stateOffset, 4, true);
        s.load(0, otherXPc, HEAP + 0x500, 8, true);
        s.label(0, 2, "pages", HEAP + 0x1000, 4096, pteAllocPc);
        s.load(0, 0x1b, HEAP + 0x1018, 8, true);             // a block from a page-table allocator
        s.load(0, 0x16, DIRECT, 8, true);                    // direct map, CPUs 0 and 1: shared
        s.load(1, 0x16, DIRECT, 8, true);
        s.load(2, 0x17, VMALLOC, 8, true);                   // vmalloc area
        s.load(3, 0x18, ScenarioRun.K, 8, true);             // LDT remap hole: unattributed
        // blocks the recorder names by purpose (recorder/src/kernel_stacks.c, page_purpose.c)
        s.label(0, 2, "stack of 100 (sh)", VMALLOC + 0x4000, 0x4000, 0);
        s.load(0, 0x1c, VMALLOC + 0x4f00, 8, true);          // a task stack, CPUs 0 and 1: shared
        s.load(1, 0x1c, VMALLOC + 0x4f00, 8, true);
        // the same stack: r.flags of submit's frame, written by submit through %rsp (CPU 0) and by
        // take through its parameter (CPU 1: abstains); take's return address, written by submit's
        // call (CPU 3); an address both submit's store and its call touched (CPU 2): no frame
        s.store(0, reqFlagsPc, VMALLOC + 0x4e08, 4, true);
        s.load(1, takeFlagsPc, VMALLOC + 0x4e08, 4, true);
        s.store(3, callTakePc, VMALLOC + 0x4e00, 8, true);
        s.store(2, callTakePc, VMALLOC + 0x4e10, 8, true);
        s.store(2, reqFlagsPc, VMALLOC + 0x4e10, 4, true);
        s.store(1, reqFlagsPc, VMALLOC + 0x10008, 4, true);  // an unlabelled stack: placed all the same
        s.label(0, 2, "page cache of inode 4711", HEAP + 0x3000, 4096, mainPc);
        s.load(2, 0x1d, HEAP + 0x3010, 8, true);             // a page-cache page, one CPU
        s.raw(new TaskRecord(new Header(0, 0, 0), 100, 100, TaskType.INIT.code(), "sh"));
        s.raw(new TaskRecord(new Header(0, 0, 0), 101, 100, TaskType.INIT.code(), "sh-worker"));
        s.raw(new TaskRecord(new Header(1, 0, 0), 200, 200, TaskType.INIT.code(), "rm"));
        s.raw(new SchedRecord(new Header(0, 0, 0), 101));
        s.raw(new SchedRecord(new Header(1, 0, 0), 200));
        s.load(0, 0x19, 0x7ffd00001000L, 8, true);           // user: thread 101 of process 100
        s.load(0, 0x19, 0x7ffd00001000L, 8, true);
        s.load(1, 0x1a, 0x400000L, 8, true);                 // user: process 200
    }

    @Test
    void descriptionsNameTypeFieldCpuAndRegion() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, kernel, AttributionCoverageTest::scenario, "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        String json = r.json().replaceAll("\n *", "").replace(" ]", "]"); // layout aside
        String page = "(*(page)0x" + Long.toHexString(vmemmapBase + pageSize) + ")._refcount.counter";
        for (String expected : new String[] {
            "\"name\": \"page\",", "\"address\": \"" + page + "\"",
            "\"name\": \"runqueues\",", "\"address\": \"runqueues[cpu 2].nr_running\"",
            "\"address\": \"(*(rq)0x" + Long.toHexString(HEAP) + ").cfs.load\"",
            "\"address\": \"kmalloc-64+0x8\"", "\"address\": \"pages+0x18\"",
            "\"address\": \"kmalloc-32+0x" + Long.toHexString(nrRunningOffset) + "\"", // the original's rendering
            "\"address\": \"stack of 100 (sh)+0xf00\"", "\"address\": \"page cache of inode 4711+0x10\"",
            "\"address\": \"stack of 100 (sh)+0xe08, frame of submit: r.flags\",\"frame-decided-by\": [\"submit at "
                    + reqFlagsLine + "\"]",
            "\"address\": \"stack of 100 (sh)+0xe00, frame of take\"", "\"address\": \"stack of 100 (sh)+0xe10\"",
            "\"address\": \"+0x" + Long.toHexString(VMALLOC + 0x10008)
                    + " (vmalloc area (kernel stacks, vmalloc), unlabelled), frame of submit: r.flags\"",
            "\"address\": \"+0x" + Long.toHexString(DIRECT) + " (direct map, unlabelled)\"",
            "\"address\": \"+0x" + Long.toHexString(VMALLOC)
                    + " (vmalloc area (kernel stacks, vmalloc), unlabelled)\"",
            "\"address\": \"+0x" + Long.toHexString(ScenarioRun.K) + "\"",
            "\"address\": \"+0x7ffd00001000 (user space)\""}) {
            assertTrue(json.contains(expected), expected + " not in\n" + json);
        }
    }

    @Test
    void coverageFigure() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, kernel, AttributionCoverageTest::scenario, "attribution");
        assertTrue(r.output().ok(), r.output().toString());
        // kernel: 25 accesses, 10 of them at rows touched by two CPUs (per-CPU, page, direct map,
        // stack, submit's r.flags); typed 5 (per-CPU 2, struct page 2, heap 1), of them shared 4;
        // inferred 1 (the kmalloc-32 rq); by instruction 2 (the first conn object's rows); typed stack
        // frame 3: 2 shared (r.flags: submit's store decides, take's access through its parameter
        // abstains) and the unlabelled vmalloc-area address submit's store placed (not in the
        // unlabelled ranges below); function's frame 1 (take's return address, written by submit's call); kernel
        // stack 4: the row no PC places (2, shared) and the row where submit's store and the return
        // address of take disagree (2); regions 5 (direct 2 shared, the page-table block 1, the
        // page-cache block 1 (its allocating function does not matter), vmalloc 1); name+offset 3 (by
        // name and allocating function: the first kmalloc-64 and the conflicting conn/other one);
        // unattributed 1. Unlabelled 2 MiB ranges: the direct map's with 2, then the ties by address:
        // the LDT hole, the vmalloc area; each with the PCs that touched it (the fixture has no code
        // there: func() prints the PC). User: 100 "sh" 2, 200 "rm" 1. Shares: count / 25, shared / 10.
        String expected = """
                {"attribution": {"kernel-accesses": 25,"kernel-accesses-shared": 10,"forms": [\
                {"form": "typed field path","count": 5,"share": 0.200000,"shared-count": 4,"shared-share": 0.400000,\
                "by": [{"what": "per-CPU","count": 2,"shared-count": 2},{"what": "struct page","count": 2,\
                "shared-count": 2},{"what": "heap","count": 1,"shared-count": 0}]},\
                {"form": "typed field path, inferred from allocation site","count": 1,"share": 0.040000,\
                "shared-count": 0,"shared-share": 0.000000,\
                "by": [{"what": "rq (return type alloc_rq)","count": 1,"shared-count": 0}]},\
                {"form": "typed field path, inferred from accessing instruction","count": 2,"share": 0.080000,\
                "shared-count": 0,"shared-share": 0.000000,\
                "by": [{"what": "conn (variable c in conn_state)","count": 2,"shared-count": 0}]},\
                {"form": "typed stack frame","count": 3,"share": 0.120000,"shared-count": 2,"shared-share": 0.200000,\
                "by": [{"what": "submit: r.flags","count": 3,"shared-count": 2}]},\
                {"form": "kernel stack, function's frame","count": 1,"share": 0.040000,"shared-count": 0,\
                "shared-share": 0.000000,"by": [{"what": "take","count": 1,"shared-count": 0}]},\
                {"form": "kernel stack","count": 4,"share": 0.160000,"shared-count": 2,"shared-share": 0.200000,\
                "by": [{"what": "task stack","count": 4,"shared-count": 2}]},\
                {"form": "named region","count": 5,"share": 0.200000,"shared-count": 2,"shared-share": 0.200000,\
                "by": [{"what": "direct map, unlabelled","count": 2,"shared-count": 2},\
                {"what": "page-cache page","count": 1,"shared-count": 0},\
                {"what": "page-table page","count": 1,"shared-count": 0},\
                {"what": "vmalloc area (kernel stacks, vmalloc), unlabelled","count": 1,"shared-count": 0}]},\
                {"form": "name+offset only","count": 3,"share": 0.120000,"shared-count": 0,"shared-share": 0.000000,\
                "by": [{"what": "kmalloc-64 from main","count": 3,"shared-count": 0}]},\
                {"form": "unattributed","count": 1,"share": 0.040000,"shared-count": 0,"shared-share": 0.000000,\
                "by": [{"what": "unknown","count": 1,"shared-count": 0}]}],\
                "top-unattributed-ranges": [\
                {"start": "0xffff888000200000","end": "0xffff888000400000","region": "direct map, unlabelled",\
                "count": 2,"share": 0.080000,"functions": [{"function": "0x16","count": 2}]},\
                {"start": "0xffff880000000000","end": "0xffff880000200000","region": "unknown","count": 1,\
                "share": 0.040000,"functions": [{"function": "0x18","count": 1}]},\
                {"start": "0xffffc90000000000","end": "0xffffc90000200000",\
                "region": "vmalloc area (kernel stacks, vmalloc), unlabelled","count": 1,"share": 0.040000,\
                "functions": [{"function": "0x17","count": 1}]}],\
                "user": {"accesses": 3,"processes": [{"pid": 100,"comm": "sh","count": 2},\
                {"pid": 200,"comm": "rm","count": 1}]}}}""";
        assertEquals(expected, r.json().replaceAll("\n *", "").replace(" ]", "]")); // layout aside
    }
}
