package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.AccessType;
import org.mtrace.format.FcallState;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.mscan.engine.ProgressListener;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.kernel.PerCpuRange;
import org.mtrace.mscan.kernel.StaticSymbol;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * The report on a hand-worked log. Every expected figure below follows from docs/report.md's
 * model, worked step by step in the comments of {@link #write}; none is taken from a run.
 */
class ReportTest {
    static final long A = 0xffff888000001000L; // line A: a "pair" object, CPUs write disjoint fields
    static final long B = 0xffff888000002000L; // line B: unlabelled, CPUs 0 and 2 write/read the same bytes
    static final long C = 0xffff888000003000L; // line C: only CPU 0
    static final long P1 = 0xffffffff81000010L;
    static final long P2 = 0xffffffff81000020L;
    static final long P3 = 0xffffffff81000030L;
    static final long SYS_OPEN = 0xffffffff81000100L;

    /** Guest = host address in these logs: the model runs on the host (physical) address. */
    static void access(ScenarioLog s, int cpu, boolean store, long pc, long addr, int bytes) {
        s.raw(new AccessRecord(new Header(cpu, 0, 0), (store ? AccessType.ST : AccessType.LD).code(), true, false, false,
                pc, addr & 0x3fffffffL, addr, bytes));
    }

    /** A store by CPU 0, then one by CPU 1: two transfers of the line in a two-CPU movement log. */
    static void twice(ScenarioLog s, long pc, long addr, int bytes) {
        access(s, 0, true, pc, addr, bytes);
        access(s, 1, true, pc, addr, bytes);
    }

    /** Writes a log into {@code path}. */
    interface LogWriter {
        void write(Path path) throws IOException;
    }

    /** What a movement-mode log holds after its machine and mode entries. */
    interface Steps {
        void write(ScenarioLog s) throws IOException;
    }

    /**
     * A log of {@code cpus} CPUs whose recorder kept 1 in {@code sample} accesses (0: no sampling),
     * in movement mode from its start (every CPU holds every line), then {@code steps}.
     */
    static LogWriter movementLog(int cpus, long sample, Steps steps) {
        return log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(cpus, 1 << 30, sample);
                s.mode(0, 1, 100, "t");
                steps.write(s);
            }
        };
    }

    /** The report (default filters, 64-byte lines) of the log {@code writer} writes as {@code dir/name}. */
    static Report report(Path dir, String name, LogWriter writer, KernelInfo kernel) throws IOException {
        Path log = dir.resolve(name);
        writer.write(log);
        return report(log, kernel, Filters.defaults(), 64);
    }

    /**
     * The log, CPU by CPU, with the CPU masks of the model (FORMAT.md 6.3: after a reset every CPU
     * holds every line; a load transfers unless the CPU holds the line; a store unless it holds it alone).
     */
    static void write(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(3, 1 << 30);
            s.label(0, LabelMaps.HEAP, "pair", A, 64, 0);
            s.mode(0, 1, 100, "t"); // movement: reset, every line {0,1,2}
            s.fcall(0, FcallState.START, 7, SYS_OPEN, 1); // CPU 0 is in sys_open from here on
            access(s, 0, true, P1, A, 8);       //  1 A: {0,1,2} -> {0}    transfer (w, CPU 0, bytes 0-7)
            access(s, 1, true, P2, A + 8, 8);   //  2 A: {0} -> {1}        transfer (w, CPU 1, bytes 8-15)
            access(s, 0, true, P1, A, 8);       //  3 A: {1} -> {0}        transfer (w, CPU 0)
            access(s, 0, true, P1, A, 8);       //  4 A: {0} already alone: none
            access(s, 1, false, P2, A + 8, 8);  //  5 A: {0} -> {0,1}      transfer (r, CPU 1, bytes 8-15)
            access(s, 1, false, P2, A + 8, 8);  //  6 A: CPU 1 holds it:   none
            access(s, 2, false, P3, B, 4);      //  7 B: {0,1,2} holds:    none
            access(s, 0, true, P1, B, 4);       //  8 B: -> {0}            transfer (w, CPU 0, bytes 0-3)
            access(s, 2, false, P3, B, 4);      //  9 B: -> {0,2}          transfer (r, CPU 2, bytes 0-3)
            access(s, 2, true, P3, B, 4);       // 10 B: -> {2}            transfer (w, CPU 2, bytes 0-3)
            access(s, 1, false, P2, B + 2, 4);  // 11 B: -> {1,2}          transfer (r, CPU 1, bytes 2-5)
            access(s, 0, true, P1, C, 8);       // 12 C: -> {0}            transfer (w, CPU 0) (C: one CPU only)
            s.mode(0, 0, 200, "");              // disable: not counted at all
            access(s, 1, true, P2, A, 8);
            s.mode(0, 1, 300, "t");             // movement again: reset, every line {0,1,2}
            access(s, 1, false, P2, A + 8, 8);  // 13 A: holds after the reset: none
            access(s, 2, true, P3, A + 16, 8);  // 14 A: -> {2}            transfer (w, CPU 2, bytes 16-23)
        }
    }
    // Totals: A 5 transfers (reads 1: CPU 1; writes 4: CPU 0 x2, CPU 1, CPU 2); B 4 (reads 2: CPUs 2, 1;
    // writes 2: CPUs 0, 2); C 1 (CPU 0). Shared: A and B (C has one CPU). 10 transfers, 3 lines.
    // A false: written bytes 0-7 (CPU 0), 8-15 (CPU 1), 16-23 (CPU 2) never meet another CPU's bytes
    // (CPU 1 also reads 8-15, its own). B true: CPU 0 wrote bytes 0-3, CPU 2 read and wrote them.

    /** "pair" is a struct of four 8-byte fields a, b, c, d and a fifth, e, on the next line. */
    static KernelInfo kernel() {
        FixedKernelInfo fixed = FixedKernelInfo.empty()
                .type("pair", offset -> "." + "abcde".charAt((int) (offset / 8)))
                .pc(P1, "writer", "pair.c:10").pc(P2, "reader", "pair.c:20")
                .inlinedPc(P3, "inner", List.of("inner at pair.c:30", "outer at pair.c:40"))
                .pc(SYS_OPEN, "sys_open", "open.c:1");
        return withStruct(fixed, "pair", 72, List.of(new Member(0, 8, "a", "long"), new Member(8, 8, "b", "long"),
                new Member(16, 8, "c", "long"), new Member(24, 40, "d", "char[40]"), new Member(64, 8, "e", "long")));
    }

    /** {@code fixed} with one struct type's size and members (which FixedKernelInfo does not know), for layouts. */
    static KernelInfo withStruct(FixedKernelInfo fixed, String type, long size, List<Member> members) {
        return withStructs(fixed, Map.of(type, size), Map.of(type, members));
    }

    /** {@code fixed} with struct types' sizes and members, by name. */
    static KernelInfo withStructs(FixedKernelInfo fixed, Map<String, Long> sizes, Map<String, List<Member>> members) {
        return new KernelInfo() {
            @Override public List<StaticSymbol> objectSymbols() { return fixed.objectSymbols(); }
            @Override public PerCpuRange perCpuRange() { return fixed.perCpuRange(); }
            @Override public String fieldPath(String t, long o, long pc) { return fixed.fieldPath(t, o, pc); }
            @Override public org.mtrace.dwarf.describe.VariablePath variableAt(long addr) { return null; }
            @Override public String function(long pc) { return fixed.function(pc); }
            @Override public String source(long pc) { return fixed.source(pc); }
            @Override public List<String> sourceWithInlines(long pc) { return fixed.sourceWithInlines(pc); }
            @Override public org.mtrace.dwarf.alloc.SiteType allocationSiteType(long site) {
                return fixed.allocationSiteType(site);
            }
            @Override public org.mtrace.dwarf.insn.AccessedType accessType(long pc, long offset) {
                return fixed.accessType(pc, offset);
            }
            @Override public org.mtrace.dwarf.frame.StackSlot stackSlot(long pc) { return fixed.stackSlot(pc); }
            @Override public java.util.OptionalLong typeSize(String t) {
                return sizes.containsKey(t) ? java.util.OptionalLong.of(sizes.get(t)) : java.util.OptionalLong.empty();
            }
            @Override public List<Member> members(String t) {
                return members.getOrDefault(t, List.of());
            }
        };
    }

    static Report report(Path log, KernelInfo kernel, Filters filters, int lineSize) throws IOException {
        try (LogReader r = LogReader.open(log, ReaderOptions.STRICT)) {
            return ReportCommand.analyse(r, kernel, log.toString(), "k", LineSize.of(lineSize), filters,
                    ProgressListener.NONE).report();
        }
    }

    @Test
    void ranksLinesCountsTransfersAndDecidesVerdicts(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        Report r = report(log, kernel(), Filters.defaults(), 64);
        Report.Summary s = r.summary();
        assertEquals(10, s.transfers());
        assertEquals(10, s.kernelTransfers());
        assertEquals(3, s.lines());
        assertEquals(2, s.sharedLines());
        assertEquals(3, s.cpus());
        assertEquals(List.of("movement"), s.modes());
        assertEquals(0.5, s.typedShare(), 1e-9); // the 5 transfers of A are in the typed "pair"
        // the other 5 (B: 4, C: 1) are unlabelled direct-map addresses, one group
        assertEquals(List.of(new Report.Untyped("direct map, unlabelled", "region", 5)), s.untyped());

        assertEquals(2, r.lines().size());
        Report.Line a = r.lines().get(0);
        assertEquals(A, a.address());
        assertEquals(5, a.transfers());
        assertEquals(1, a.reads());
        assertEquals(4, a.writes());
        assertEquals(1, a.readerCpus());
        assertEquals(3, a.writerCpus());
        assertFalse(a.trueSharing());
        Report.CpuRow cpu1 = a.cpus().get(1);
        assertEquals(1, cpu1.cpu());
        assertEquals(0xff00L, cpu1.readMask());
        assertEquals(0xff00L, cpu1.writeMask());
        assertEquals(0xffL, a.cpus().get(0).writeMask());
        assertEquals(0xff0000L, a.cpus().get(2).writeMask());
        // offsets: +0 (2 writes by CPU 0, in sys_open), +8 (1 write, 1 read by CPU 1), +16 (1 write by CPU 2)
        assertEquals(3, a.offsets().size());
        Report.Offset o0 = a.offsets().get(0);
        assertEquals(0, o0.offset());
        assertEquals(8, o0.size());
        assertEquals("a", o0.field());
        assertEquals(2, o0.transfers());
        assertEquals(List.of(0), o0.cpus());
        assertEquals("writer", o0.sites().get(0).function());
        assertEquals("pair.c:10", o0.sites().get(0).source());
        assertEquals(List.of(new Report.Count("open", 2)), o0.syscalls());
        Report.Offset o16 = a.offsets().get(2);
        assertEquals(List.of("outer at pair.c:40"), o16.sites().get(0).inlined());
        assertEquals("c", o16.field());
        // what lives there: the pair's fields a, b, c at +0, +8, +16
        assertEquals(List.of("pair.a", "pair.b", "pair.c"),
                a.what().stream().map(w -> w.description().typeAndField()).toList());

        Report.Line b = r.lines().get(1);
        assertEquals(B, b.address());
        assertEquals(4, b.transfers());
        assertEquals(2, b.reads());
        assertEquals(2, b.writes());
        assertEquals(2, b.readerCpus());
        assertEquals(2, b.writerCpus());
        assertTrue(b.trueSharing());
        assertEquals(0x3cL, b.cpus().get(1).readMask()); // CPU 1 read bytes 2-5
        assertEquals(AddressDescription.Form.REGION, b.what().get(0).description().form());

        // types: pair has A's 5 transfers, all on a false-sharing line; fields a 2, b 2, c 1
        assertEquals(1, r.types().size());
        Report.TypeRow pair = r.types().get(0);
        assertEquals(72, pair.size());
        assertEquals(5, pair.transfers());
        assertEquals(0, pair.trueTransfers());
        assertEquals(5, pair.falseTransfers());
        assertEquals(1, pair.objects());
        assertEquals(Map.of("a", 2L, "b", 2L, "c", 1L), Map.of(pair.fields().get(0).field(), pair.fields().get(0).transfers(),
                pair.fields().get(1).field(), pair.fields().get(1).transfers(),
                pair.fields().get(2).field(), pair.fields().get(2).transfers()));
        // layout: every member; a new line starts at a (0) and at e (64)
        assertEquals(List.of(2L, 2L, 1L, 0L, 0L), pair.layout().stream().map(Report.LayoutRow::transfers).toList());
        assertEquals(List.of(true, false, false, false, true),
                pair.layout().stream().map(Report.LayoutRow::lineStart).toList());

        // code: writer at steps 1, 3, 8, 12 (lines A, B, C); reader 2, 5, 11; inner 9, 10, 14
        assertEquals(List.of("writer", "inner", "reader"), r.functions().stream().map(Report.FunctionRow::function).toList());
        assertEquals(List.of(4L, 3L, 3L), r.functions().stream().map(Report.FunctionRow::transfers).toList());
        assertEquals(3, r.functions().get(0).lines());
        // out-of-line functions: inner's code is inlined in outer (pair.c), so outer takes its 3 transfers
        assertEquals(List.of(new Report.FunctionRow("writer", "pair.c", 4, 3), new Report.FunctionRow("outer", "pair.c", 3, 2),
                new Report.FunctionRow("reader", "pair.c", 3, 2)), r.symbols());
        // system calls: only CPU 0 is in one (sys_open): steps 1, 3, 8, 12
        assertEquals(List.of(new Report.SyscallRow("open", 4, 3)), r.syscalls());
        // the rest, in no system call: steps 2, 5, 14 (A) and 9, 10, 11 (B), all kernel code, which the table adds up to
        assertEquals(List.of(new Report.SyscallRow(Report.Summary.KERNEL_CODE, 6, 2)), s.outsideSyscalls());
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        ReportText.print(r, new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(text.toString(java.nio.charset.StandardCharsets.UTF_8).lines().anyMatch(l -> l.matches(
                "  \\(kernel code, in no system call\\) +6 +2  60\\.0%: page faults, other exceptions, kernel threads")),
                text.toString());
        // a movement-mode log (4 of 14 accesses move no line): stores to lines held alone are missing, and the report says so
        assertEquals(List.of(ReportModel.MOVEMENT_BYTES), r.missing());
    }

    /**
     * A static variable is a row of the type profile under its own name, sized and laid out as its
     * type ({@link KernelInfo#variableType}), which names no struct of that name: CPUs 0 and 1 store
     * alternately into its fields {@code .a} (+0) and {@code .b} (+8) of one line, and CPU 1 into
     * {@code .e} (+64) once: transfers 2 + 2 at +0 and +8 (each CPU's store moves the line), 1 at +64.
     */
    @Test
    void aVariableRowHasItsTypesSizeAndLayout(@TempDir Path dir) throws IOException {
        long counters = 0xffffffff82000000L;
        FixedKernelInfo fixed = FixedKernelInfo.empty().symbol("counters", counters, 72)
                .variable("counters", offset -> offset < 8 ? ".a" : offset < 16 ? ".b" : offset < 64 ? ".c" : ".e")
                .variableType("counters", new org.mtrace.mscan.kernel.VariableType("struct pair", 72,
                        List.of(new Member(0, 8, "a", "long"), new Member(8, 8, "b", "long"), new Member(16, 48, "c", "char[48]"),
                                new Member(64, 8, "e", "long"))));
        Report r = report(dir, "v.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.mode(0, 1, 100, "t");
                twice(s, P1, counters, 8);      // +0: CPU 0 then CPU 1 store: 2 transfers
                twice(s, P1, counters + 8, 8);  // +8: 2 more
                access(s, 1, true, P2, counters + 64, 8); // +64, the second line: 1
            }
        }, fixed);
        Report.TypeRow row = r.types().get(0);
        assertEquals("counters", row.type());
        assertEquals("struct pair", row.variableType());
        assertEquals(72, row.size());
        assertEquals(5, row.transfers());
        assertEquals(List.of(2L, 2L, 0L, 1L), row.layout().stream().map(Report.LayoutRow::transfers).toList());
        assertEquals(List.of(true, false, false, true), row.layout().stream().map(Report.LayoutRow::lineStart).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("== Layout of counters, struct pair (72 bytes)"), text);

        // --struct=pair finds the variable by its type (also spelt as C does); --struct=counters by its name
        for (String name : List.of("pair", "struct pair", "counters")) {
            Report only = report(dir.resolve("v.log"), fixed, new Filters(Filters.Sort.transfers, 20, name, null, null,
                    AddressScope.ALL), 64);
            assertEquals(List.of("counters"), only.types().stream().map(Report.TypeRow::type).toList(), name);
            assertEquals(List.of(counters), only.lines().stream().map(Report.Line::address).toList(), name);
            assertEquals(List.of(), only.unmet(), name);
        }
    }

    /**
     * The typed share of kernel memory leaves out user and file data: of 8 transfers (each line
     * stored by CPU 0 then CPU 1), 2 in the typed pair, 2 in a user page the kernel fills, 2 at a
     * user-space address and 2 unlabelled in the direct map: typed 2/8 of all, 2/4 of the rest.
     */
    @Test
    void theTypedShareOfKernelMemoryLeavesOutUserAndFileData(@TempDir Path dir) throws IOException {
        long userPage = 0xffff888000005000L;
        long userAddress = 0x00007f0000001000L;
        Report r = report(dir, "d.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.label(0, LabelMaps.HEAP, "pair", A, 64, 0);
                s.label(0, LabelMaps.BLOCK, "user page of 9 (init)", userPage, 4096, 0);
                s.mode(0, 1, 100, "t");
                twice(s, P1, A, 8);
                twice(s, P1, userPage, 8);
                twice(s, P1, userAddress, 8);
                twice(s, P1, B, 8);
            }
        }, kernel());
        Report.Summary s = r.summary();
        assertEquals(8, s.transfers());
        assertEquals(0.25, s.typedShare(), 1e-9);
        assertEquals(4, s.dataTransfers());
        assertEquals(0.5, s.objectTypedShare(), 1e-9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(
                "  kernel memory only (user and file data, 50.0% of transfers, left out): typed 50.0%"));
    }

    /**
     * With {@code --user-only} every transfer is user data: the text says there is no kernel memory
     * rather than a typed share of it (it printed "typed 100.0%" of nothing); and a movement log read
     * with another line size than the recorder's says its figures are approximate.
     */
    @Test
    void userDataOnlyHasNoKernelShareAndAnotherLineSizeOnAMovementLogIsApproximate(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("u.log");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.label(0, LabelMaps.HEAP, "pair", A, 64, 0);
            s.mode(0, 1, 100, "t");
            twice(s, P1, A, 8);
            twice(s, P1, 0x00007f0000001000L, 8);
        }
        Report user = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, null, null, null, AddressScope.USER), 64);
        assertEquals(2, user.summary().transfers());
        assertEquals(2, user.summary().dataTransfers());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(user, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  kernel memory only: none (every transfer was to user or file data)"), text);
        assertFalse(text.contains("typed 100.0%"), text);
        String approximate = String.format(java.util.Locale.ROOT, ReportModel.MOVEMENT_LINE_SIZE, 128, 64, 128);
        assertTrue(user.missing().contains(ReportModel.MOVEMENT_BYTES), user.missing().toString());
        assertFalse(user.missing().stream().anyMatch(m -> m.contains("-byte lines on a movement-mode log")),
                "at the recorder's line size, nothing more: " + user.missing());
        Report wide = report(log, kernel(), Filters.defaults(), 128);
        assertTrue(wide.missing().contains(approximate), wide.missing().toString());
    }

    /**
     * A byte holding several bit-fields is counted once in the layout, on its first bit-field: bytes
     * 0 and 1 of {@code bits} hold {@code a} (bits 0-3 of byte 0) and {@code b} (bits 4-15), byte 2
     * and 3 {@code c}. CPUs 0 and 1 store byte 0 alternately (2 transfers), then byte 1 (2), then CPU 0
     * stores bytes 2-3 (1): a 2 (byte 0), b 2 (byte 1; byte 0 is a's), c 1, d 0.
     */
    @Test
    void aByteOfBitFieldsIsCountedOnItsFirstBitField(@TempDir Path dir) throws IOException {
        long bits = 0xffffffff82000000L;
        FixedKernelInfo fixed = FixedKernelInfo.empty().symbol("bits", bits, 8)
                .variable("bits", offset -> offset < 2 ? ".{a..b}" : offset < 4 ? ".c" : ".d")
                .variableType("bits", new org.mtrace.mscan.kernel.VariableType("struct flags", 8,
                        List.of(new Member(0, 1, "a", "unsigned int", 0, 4), new Member(0, 2, "b", "unsigned int", 4, 12),
                                new Member(2, 2, "c", "unsigned int", 0, 16), new Member(4, 4, "d", "int"))));
        Report r = report(dir, "b.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.mode(0, 1, 100, "t");
                twice(s, P1, bits, 1);
                twice(s, P1, bits + 1, 1);
                access(s, 0, true, P2, bits + 2, 2);
            }
        }, fixed);
        Report.TypeRow row = r.types().get(0);
        assertEquals(5, row.transfers());
        assertEquals(List.of(2L, 2L, 1L, 0L), row.layout().stream().map(Report.LayoutRow::transfers).toList());
        assertEquals(List.of(4, 12, 16, 0), row.layout().stream().map(Report.LayoutRow::bitSize).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("/*      0:4     2 */  unsigned int b:12;"), text);
    }

    /**
     * An array variable of structs is laid out as one element with every element's transfers:
     * {@code bases} holds two 64-byte {@code struct base}s; CPUs 0 and 1 store into {@code .b} (+8) of
     * the first (2 transfers) and of the second (+72, 2 more), then CPU 0 into the second's {@code .a}
     * (+64, 1): b 4, a 1. {@code --struct=base} finds it by its element type.
     */
    @Test
    void anArrayVariableIsLaidOutAsOneElement(@TempDir Path dir) throws IOException {
        long bases = 0xffffffff82000000L;
        FixedKernelInfo fixed = FixedKernelInfo.empty().symbol("bases", bases, 128)
                .variable("bases", offset -> "[" + offset / 64 + "]" + (offset % 64 < 8 ? ".a" : ".b"))
                .variableType("bases", new org.mtrace.mscan.kernel.VariableType("struct base [2]", 128,
                        List.of(new Member(0, 8, "a", "long"), new Member(8, 56, "b", "char[56]")), 64));
        Path log = dir.resolve("a.log");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.mode(0, 1, 100, "t");
            twice(s, P1, bases + 8, 8);
            twice(s, P1, bases + 72, 8);
            access(s, 0, true, P2, bases + 64, 8);
        }
        Report r = report(log, fixed, new Filters(Filters.Sort.transfers, 20, "base", null, null, AddressScope.ALL), 64);
        Report.TypeRow row = r.types().get(0);
        assertEquals("bases", row.type());
        assertEquals(128, row.size());
        assertEquals(64, row.elementSize());
        assertEquals(List.of(1L, 4L), row.layout().stream().map(Report.LayoutRow::transfers).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("== Layout of bases, struct base [2] (128 bytes), per element (64 bytes, all elements' transfers)"),
                text);
        assertTrue(text.contains("\n      [1].b "), text); // the field rows: bases[1].b, not bases.[1].b
        Path csv = dir.resolve("csv");
        ReportCsv.write(r, csv);
        // true/false by the transfers' own bytes: both CPUs store to [0].b and [1].b (4, true); CPU 0's store to
        // [1].a moved the line only because CPU 1 stored to [1].b (1, false)
        assertEquals(List.of("type,size,transfers,true_transfers,false_transfers,lines,objects,variable_type,element_size",
                "bases,128,5,4,1,2,1,struct base [2],64"), Files.readAllLines(csv.resolve("types.csv")));
    }

    /**
     * A struct member larger than a line is laid out as its own members, so the line boundaries
     * inside it show (pahole --expand_types for members that span lines); a small one stays a row.
     */
    @Test
    void aStructMemberLargerThanALineIsLaidOutAsItsMembers(@TempDir Path dir) throws IOException {
        FixedKernelInfo fixed = FixedKernelInfo.empty().type("outer", offset -> offset < 8 ? ".a"
                : offset < 136 ? ".big." + (offset - 8 < 8 ? "x" : offset - 8 < 64 ? "pad" : offset - 8 < 72 ? "y" : "rest")
                : offset < 144 ? ".z" : ".small.q").pc(P1, "writer", "o.c:1");
        KernelInfo k = withStructs(fixed, Map.of("outer", 160L, "inner", 128L, "tiny", 16L), Map.of(
                "outer", List.of(new Member(0, 8, "a", "long"), new Member(8, 128, "big", "struct inner"),
                        new Member(136, 8, "z", "long"), new Member(144, 16, "small", "struct tiny")),
                "inner", List.of(new Member(0, 8, "x", "long"), new Member(8, 56, "", "union {...}"),
                        new Member(64, 8, "y", "long"), new Member(72, 56, "rest", "char[56]")),
                "tiny", List.of(new Member(0, 8, "q", "long"), new Member(8, 8, "r", "long"))));
        Report r = report(dir, "o.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.label(0, LabelMaps.HEAP, "outer", A, 160, 0);
                s.mode(0, 1, 100, "t");
                twice(s, P1, A + 8, 8);   // big.x: 2 transfers
                twice(s, P1, A + 72, 8);  // big.y: 2 transfers, on the object's second line
                twice(s, P1, A + 144, 8); // small.q: 2, counted on small (16 bytes: not expanded)
            }
        }, k);
        Report.TypeRow outer = r.types().get(0);
        assertEquals("outer", outer.type());
        // an anonymous member inside an opened one keeps its place in the path
        assertEquals(List.of("a", "big.x", "big.<anon>", "big.y", "big.rest", "z", "small"),
                outer.layout().stream().map(Report.LayoutRow::name).toList());
        assertEquals(List.of(0L, 8L, 16L, 72L, 80L, 136L, 144L), outer.layout().stream().map(Report.LayoutRow::offset).toList());
        assertEquals(List.of(0L, 2L, 0L, 2L, 0L, 0L, 2L), outer.layout().stream().map(Report.LayoutRow::transfers).toList());
        // lines start at 0 (a), 64 (big.y, the first member at or past byte 64) and 128 (z)
        assertEquals(List.of(true, false, false, true, false, true, false),
                outer.layout().stream().map(Report.LayoutRow::lineStart).toList());
    }

    /**
     * A field on a truly shared line whose own bytes no CPU writes moves by false sharing: its verdict
     * is the line's test on its bytes alone (two CPUs store to +0, both only read +8).
     */
    @Test
    void aReadOnlyFieldOnATrulySharedLineIsFalseSharing(@TempDir Path dir) throws IOException {
        Report r = report(dir, "v.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.mode(0, 1, 100, "t");          // both CPUs hold every line
                access(s, 0, true, P1, A, 8);      // {0,1} -> {0}: transfer (w, CPU 0, bytes 0-7)
                access(s, 1, false, P2, A + 8, 8); // {0} -> {0,1}: transfer (r, CPU 1, bytes 8-15)
                access(s, 1, true, P1, A, 8);      // {0,1} -> {1}: transfer (w, CPU 1, bytes 0-7)
                access(s, 0, false, P2, A + 8, 8); // {1} -> {0,1}: transfer (r, CPU 0, bytes 8-15)
            }
        }, kernel());
        Report.Line a = r.lines().get(0);
        assertTrue(a.trueSharing()); // bytes 0-7 stored by both CPUs
        assertEquals(List.of(0, 8), a.offsets().stream().map(Report.Offset::offset).toList());
        assertTrue(a.offsets().get(0).trueSharing());
        assertFalse(a.offsets().get(1).trueSharing()); // bytes 8-15: never stored to
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ReportText.print(r, new java.io.PrintStream(text, true, StandardCharsets.UTF_8));
        List<String> rows = text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("       +")).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertFalse(rows.get(0).contains("false sharing"), rows.get(0));
        assertTrue(rows.get(1).contains(" 2 (r2 w0)  false sharing  CPUs 0,1"), rows.get(1));
        assertTrue(ReportJson.render(r).replaceAll("\\s", "").contains("\"reads\":2,\"writes\":0,\"verdict\":\"false\""));
        Path csv = dir.resolve("csv");
        ReportCsv.write(r, csv);
        assertEquals(List.of("rank,address,offset,size,field,transfers,reads,writes,verdict,cpus",
                "1,0xffff888000001000,0,8,,2,0,2,true,0 1", "1,0xffff888000001000,8,8,,2,2,0,false,0 1"),
                Files.readAllLines(csv.resolve("offsets.csv")));
    }

    /**
     * A movement-mode log that holds every access (`mtrace-record --all`): the accesses that move no
     * line count no transfer, but a CPU's bytes on a line join its masks from its first transfer of
     * that line on, so a store to a line the CPU holds alone decides a verdict; and since the log
     * has the stores a filtered log leaves out, the report does not say they are missing.
     */
    @Test
    void aLogOfEveryAccessGivesTheVerdictsTheBytesOfAccessesThatMoveNoLine(@TempDir Path dir) throws IOException {
        Report r = report(dir, "all.log", movementLog(2, 1, s -> { // both CPUs hold every line
            access(s, 0, true, P1, A, 8);        //  1 A: {0,1} -> {0}: transfer (w, CPU 0, bytes 0-7)
            access(s, 0, true, P1, A + 8, 8);    //  2 A: CPU 0 holds it alone: none; bytes 8-15 stored
            access(s, 1, false, P2, A + 8, 8);   //  3 A: {0} -> {0,1}: transfer (r, CPU 1, bytes 8-15)
            access(s, 1, false, P2, B + 8, 8);   //  4 B: held: none, before CPU 1's first transfer of B
            access(s, 0, true, P1, B + 8, 8);    //  5 B: {0,1} -> {0}: transfer (w, CPU 0, bytes 8-15)
            access(s, 1, false, P2, B + 16, 8);  //  6 B: {0} -> {0,1}: transfer (r, CPU 1, bytes 16-23)
            for (int i = 0; i < 6; i++) {
                access(s, 1, false, P2, A + 24, 8); // 7-12 A: held: none; bytes 24-31 loaded
            }
        }), kernel());
        // A true: CPU 0 stored bytes 8-15 (step 2), CPU 1 loaded them; with transfers' bytes alone it
        // would be false (CPU 0 stored 0-7, CPU 1 loaded 8-15)
        Report.Line a = r.lines().stream().filter(l -> l.address() == A).findFirst().orElseThrow();
        assertEquals(2, a.transfers());
        assertTrue(a.trueSharing());
        assertEquals(List.of(new Report.CpuRow(0, 0, 1, 0, 0xffffL), new Report.CpuRow(1, 1, 0, 0xff00ff00L, 0)), a.cpus());
        // B false: CPU 1's load of bytes 8-15 (step 4) came before its first transfer of B
        Report.Line b = r.lines().stream().filter(l -> l.address() == B).findFirst().orElseThrow();
        assertFalse(b.trueSharing());
        assertEquals(List.of(new Report.CpuRow(0, 0, 1, 0, 0xff00L), new Report.CpuRow(1, 1, 0, 0xff0000L, 0)), b.cpus());
        // 8 of the 12 accesses moved no line: the log is not filtered, no store is missing
        assertFalse(r.missing().contains(ReportModel.MOVEMENT_BYTES), r.missing().toString());
    }

    /**
     * A log whose every access was made by user code (`mtrace-record --scope=user`) says the kernel's
     * accesses are not in it, where its summary would read "kernel 0"; one access by kernel code
     * (a kernel PC) and the note is gone.
     */
    @Test
    void aLogOfUserCodeAloneSaysTheKernelsAccessesAreMissing(@TempDir Path dir) throws IOException {
        long userPc = 0x55d0c0de1000L;
        long userData = 0x7ffc00001000L;
        Report r = report(dir, "user.log", movementLog(2, 1, s -> twice(s, userPc, userData, 8)), kernel());
        assertEquals(2, r.summary().transfers());
        assertTrue(r.missing().contains(ReportModel.USER_CODE_ONLY), r.missing().toString());
        Report both = report(dir, "both.log", movementLog(2, 1, s -> {
            twice(s, userPc, userData, 8);
            access(s, 0, true, P1, userData, 8); // the kernel copying to user memory
        }), kernel());
        assertEquals(3, both.summary().transfers());
        assertFalse(both.missing().contains(ReportModel.USER_CODE_ONLY), both.missing().toString());
    }

    /**
     * A sampled log (`mtrace-record --sample=N`) says so: its model sees 1 in N accesses. Here every
     * access moves no line but one, which would make a log of every access, were it not sampled.
     */
    @Test
    void aSampledLogSaysItsFiguresAreOfTheSample(@TempDir Path dir) throws IOException {
        Steps steps = s -> {
            access(s, 0, true, P1, A, 8);        // {0,1} -> {0}: transfer
            for (int i = 0; i < 4; i++) {
                access(s, 0, true, P1, A, 8);    // held alone: none
            }
        };
        Report r = report(dir, "sampled.log", movementLog(2, 7, steps), kernel());
        assertTrue(r.missing().contains(ReportModel.MOVEMENT_BYTES), r.missing().toString());
        assertTrue(r.missing().contains("sampled log (1 in 7 accesses kept): figures of the sample; the model, missing"
                + " the rest, miscounts transfers"), r.missing().toString());
        Report unsampled = report(dir, "every.log", movementLog(2, 1, steps), kernel());
        assertFalse(unsampled.missing().stream().anyMatch(m -> m.startsWith("sampled") || m.equals(ReportModel.MOVEMENT_BYTES)),
                unsampled.missing().toString());
    }

    /**
     * The system-call table adds up: transfers in no system call are counted by user code and by
     * kernel code (a page fault's, a kernel thread's), each with its lines.
     */
    @Test
    void transfersInNoSystemCallAreCountedByUserAndKernelCode(@TempDir Path dir) throws IOException {
        long userPc = 0x401000L; // user space
        Report r = report(dir, "u.log", log -> {
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.mode(0, 1, 100, "t");
                twice(s, userPc, A, 8);  // 2 transfers of A by user code
                twice(s, userPc, B, 8);  // 2 of B
                twice(s, P1, A + 8, 8);  // 2 of A by kernel code in no system call
                s.fcall(1, FcallState.START, 7, SYS_OPEN, 1);
                access(s, 0, true, P1, C, 8); // 1 of C by CPU 0, in no system call
                access(s, 1, true, P2, C, 8); // 1 of C by CPU 1, in sys_open
            }
        }, kernel());
        assertEquals(8, r.summary().transfers());
        assertEquals(List.of(new Report.SyscallRow("open", 1, 1)), r.syscalls());
        assertEquals(List.of(new Report.SyscallRow(Report.Summary.USER_CODE, 4, 2),
                new Report.SyscallRow(Report.Summary.KERNEL_CODE, 3, 2)), r.summary().outsideSyscalls());
        String json = ReportJson.render(r).replaceAll("\\n\\s*", "").replace("\": ", "\":");
        assertTrue(json.contains("\"outside_syscalls\":[{\"what\":\"user code\",\"transfers\":4,\"lines\":2},"
                + "{\"what\":\"kernel code\",\"transfers\":3,\"lines\":2,"
                + "\"where\":\"page faults, other exceptions, kernel threads\"} ]"), json);
    }

    /**
     * A --struct or --function that selects no transfer says so in the report's missing notes, and
     * the command exits 1 with the note on stderr, instead of printing empty tables with status 0.
     */
    @Test
    void aFilterThatSelectsNothingSaysSo(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        Report typo = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, "pairs", "nosuch", null,
                AddressScope.ALL), 64);
        assertTrue(typo.lines().isEmpty());
        assertEquals(List.of("--struct=pairs: no transfers touch a struct, variable or untyped group of that name (the kernel image has"
                + " no type or variable of that name)", "--function=nosuch: no transfers caused by a function of that name"),
                typo.unmet());
        // the image knows "pair" (72 bytes): a function filter that excludes its line leaves it unmoved
        Report unmoved = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, "pair", null, null,
                AddressScope.USER), 64);
        assertEquals(List.of("--struct=pair: no transfers touch a struct, variable or untyped group of that name (the kernel image has"
                + " it; the recording did not move it)"), unmoved.unmet());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, cli(List.of("--quiet", "--struct=pairs", log.toString()), out, err));
        assertEquals("mscan report: --struct=pairs: no transfers touch a struct, variable or untyped group of that name (no kernel"
                + " image: types need --kernel=ELF)\n", err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("missing: --struct=pairs"));
    }

    /**
     * --struct also takes a group of the summary's untyped list (a label's name, a region), whole or
     * without its parenthesis: memory no type describes has no row in the data profile, but its lines
     * are selected, so the line table shows what code moves it. Line A holds the object labelled
     * "pair" (a type only with the kernel image), line B is unlabelled direct-map memory.
     */
    @Test
    void theStructFilterSelectsAnUntypedGroupsLines(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        // without the image, "pair" is a label's name, not a type
        Report byLabel = report(log, FixedKernelInfo.none(), new Filters(Filters.Sort.transfers, 20, "pair", null, null,
                AddressScope.ALL), 64);
        assertEquals(List.of(A), byLabel.lines().stream().map(Report.Line::address).toList());
        assertTrue(byLabel.types().isEmpty(), byLabel.types().toString());
        assertTrue(byLabel.unmet().isEmpty(), byLabel.unmet().toString());
        // with it, the unlabelled line's region by its group's name; a group with a parenthesis also by the name before it
        Report byRegion = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, "direct map, unlabelled", null, null,
                AddressScope.ALL), 64);
        assertEquals(List.of(B), byRegion.lines().stream().map(Report.Line::address).toList());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ReportText.print(byRegion, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("  (no typed addresses: --struct=direct map, unlabelled"
                + " selected memory no type describes, whose lines are above)"), text.toString(StandardCharsets.UTF_8));
        assertTrue(new StructFilter("pages", kernel()).matchesUntyped("pages (page-allocator blocks, purpose unknown)"));
        assertTrue(new StructFilter("page-table page", kernel()).matchesUntyped("page-table page"));
        assertFalse(new StructFilter("page", kernel()).matchesUntyped("page-table page"));
        assertFalse(new StructFilter(null, kernel()).matchesUntyped("page-table page"));
    }

    /**
     * A log with call entries (mtrace-record --calls): each code site lists the call stacks it moved
     * its line under, from the call and return entries inside the CPU's system call (MSCAN.md §5.1).
     * Every store below moves line A (the CPUs alternate): CPU 0 under S1 = [F called from R1]
     * (steps 1, 3), CPU 1 under S2 = [G from R3, F from R2] (step 2) and, after a return, under
     * S3 = [F from R2] (step 4); step 5, with CPU 0's system call paused, has no stack. So P1 at
     * offset 0: 5 transfers, S1 2, then the ties S3 and S2 by their newest frame's return address
     * (R2 before R3).
     */
    @Test
    void aCodeSiteListsTheCallStacksItMovedItsLineUnder(@TempDir Path dir) throws IOException {
        long f = 0xffffffff81000400L;
        long g = 0xffffffff81000480L;
        long r1 = 0xffffffff81000500L;
        long r2 = 0xffffffff81000600L;
        long r3 = 0xffffffff81000700L;
        KernelInfo kernel = FixedKernelInfo.empty().pc(P1, "writer", "pair.c:10").pc(SYS_OPEN, "sys_open", "open.c:1")
                .pc(r1, "caller_a", "a.c:1").pc(r2, "caller_b", "b.c:2")
                .inlinedPc(r3, "helper", List.of("helper at g.c:3", "caller_c at g.c:30"));
        Report r = report(dir, "calls.log", movementLog(2, 0, s -> {
            s.fcall(0, FcallState.START, 7, SYS_OPEN, 1);
            s.call(0, f, r1);
            s.fcall(1, FcallState.START, 8, SYS_OPEN, 2);
            s.call(1, f, r2);
            s.call(1, g, r3);
            access(s, 0, true, P1, A, 8); // 1: S1
            access(s, 1, true, P1, A, 8); // 2: S2
            access(s, 0, true, P1, A, 8); // 3: S1
            s.ret(1);
            access(s, 1, true, P1, A, 8); // 4: S3
            s.fcall(0, FcallState.PAUSE, 7, SYS_OPEN, 1);
            access(s, 0, true, P1, A, 8); // 5: no stack
        }), kernel);
        Report.Site site = r.lines().get(0).offsets().get(0).sites().get(0);
        assertEquals(List.of(P1, 5L), List.of(site.pc(), site.transfers()));
        Report.Frame a = new Report.Frame(r1, "caller_a", "caller_a at a.c:1");
        Report.Frame b = new Report.Frame(r2, "caller_b", "caller_b at b.c:2");
        Report.Frame c = new Report.Frame(r3, "caller_c", "helper at g.c:3"); // the out-of-line function holds the inlined helper
        assertEquals(List.of(new Report.Stack(List.of(a), 2), new Report.Stack(List.of(b), 1),
                new Report.Stack(List.of(c, b), 1)), site.stacks());
        String text = text(r);
        assertTrue(text.contains("\n                            2  called from caller_a\n"
                + "                            1  called from caller_b\n"
                + "                            1  no call stack (outside traced system calls, interrupts, kernel threads)\n"),
                text); // two a site in the text, and step 5's transfer under none
        assertFalse(text.contains("called from caller_c"), text);
        assertEquals(1, site.unstacked());
        // the code profile's functions sum their PCs' stacks over every line: here P1's alone, in both tables
        for (List<Report.FunctionRow> rows : List.of(r.symbols(), r.functions())) {
            assertEquals("writer", rows.get(0).function());
            assertEquals(site.stacks(), rows.get(0).stacks());
            assertEquals(1, rows.get(0).unstacked());
        }
        assertTrue(text.contains("\n  writer                                            5       1  pair.c\n"
                + "            2  called from caller_a\n            1  called from caller_b\n"), text);
        String json = ReportJson.render(r).replaceAll("\\n\\s*", "").replace("\": ", "\":");
        assertTrue(json.contains("\"stacks\":[{\"transfers\":2,\"callers\":[{\"pc\":\"0xffffffff81000500\","
                + "\"function\":\"caller_a\",\"at\":\"caller_a at a.c:1\"} ]},"), json);
        assertTrue(json.contains("\"unstacked_transfers\":1"), json);

        Path csv = dir.resolve("csv");
        ReportCsv.write(r, csv);
        assertEquals(List.of("rank,address,offset,size,pc,transfers,callers,caller_pcs",
                "1,0xffff888000001000,0,8,0xffffffff81000010,2,caller_a,0xffffffff81000500",
                "1,0xffff888000001000,0,8,0xffffffff81000010,1,caller_b,0xffffffff81000600",
                "1,0xffff888000001000,0,8,0xffffffff81000010,1,caller_c < caller_b,0xffffffff81000700 0xffffffff81000600"),
                Files.readAllLines(csv.resolve("stacks.csv")));

        // the same log without its call entries: no stacks
        Report none = report(dir, "nocalls.log", movementLog(2, 0, s -> {
            access(s, 0, true, P1, A, 8);
            access(s, 1, true, P1, A, 8);
        }), kernel);
        assertEquals(List.of(), none.lines().get(0).offsets().get(0).sites().get(0).stacks());
        assertEquals(0, none.lines().get(0).offsets().get(0).sites().get(0).unstacked()); // no call entries: not told
        assertFalse(text(none).contains("no call stack"));
    }

    /**
     * One instruction touching one offset with two widths (a bit operation on a field's byte and a
     * load of the whole word) has a site in each offset row, and each site lists the stacks of its
     * own row's transfers: CPU 0 under [F from R1] stores 8 bytes at A, CPU 1 under [F from R2] one
     * byte, twice each, every store moving the line. Each row: 2 transfers, one stack with 2.
     */
    @Test
    void aSiteOfEachWidthListsTheStacksOfItsOwnTransfers(@TempDir Path dir) throws IOException {
        long f = 0xffffffff81000400L;
        long r1 = 0xffffffff81000500L;
        long r2 = 0xffffffff81000600L;
        KernelInfo kernel = FixedKernelInfo.empty().pc(P1, "writer", "pair.c:10").pc(SYS_OPEN, "sys_open", "open.c:1")
                .pc(r1, "caller_a", "a.c:1").pc(r2, "caller_b", "b.c:2");
        Report r = report(dir, "widths.log", movementLog(2, 0, s -> {
            s.fcall(0, FcallState.START, 7, SYS_OPEN, 1);
            s.call(0, f, r1);
            s.fcall(1, FcallState.START, 8, SYS_OPEN, 2);
            s.call(1, f, r2);
            access(s, 0, true, P1, A, 8);
            access(s, 1, true, P1, A, 1);
            access(s, 0, true, P1, A, 8);
            access(s, 1, true, P1, A, 1);
        }), kernel);
        Report.Frame a = new Report.Frame(r1, "caller_a", "caller_a at a.c:1");
        Report.Frame b = new Report.Frame(r2, "caller_b", "caller_b at b.c:2");
        Map<Integer, Report.Offset> bySize = new HashMap<>();
        r.lines().get(0).offsets().forEach(o -> bySize.put(o.size(), o));
        assertEquals(Set.of(1, 8), bySize.keySet());
        Report.Site wide = bySize.get(8).sites().get(0);
        Report.Site narrow = bySize.get(1).sites().get(0);
        assertEquals(List.of(2L, 2L), List.of(wide.transfers(), narrow.transfers()));
        assertEquals(List.of(new Report.Stack(List.of(a), 2)), wide.stacks());
        assertEquals(List.of(new Report.Stack(List.of(b), 2)), narrow.stacks());
    }

    /**
     * A window in which no line moved between two CPUs gives an empty line table: the report says
     * why (one CPU selected, no CPU selected, one CPU in the whole window) instead of printing a
     * header over no rows, and the command exits 1.
     */
    @Test
    void anEmptyLineTableSaysWhy(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log); // CPUs 0, 1, 2
        assertEquals(List.of("--cpu=2: the transfers of one CPU only, and a line is shared when two CPUs move it: no line"
                + " to rank (select two CPUs or more)"), report(log, kernel(), cpus(List.of(2)), 64).unmet());
        assertEquals(List.of("--cpu=5,7: no access of the window was made by these CPUs (it has CPUs 0,1,2)"),
                report(log, kernel(), cpus(List.of(5, 7)), 64).unmet());
        // CPUs 0 and 2 both moved line B (steps 8, 9, 10) and A (steps 1, 3, 14): a table, nothing unmet
        Report twoCpus = report(log, kernel(), cpus(List.of(0, 2)), 64);
        assertEquals(List.of(A, B), twoCpus.lines().stream().map(Report.Line::address).toList());
        assertEquals(List.of(), twoCpus.unmet());

        // a recording of one CPU: the model starts with every line in every CPU's cache (FORMAT.md 6.3), so
        // its first store to a line is a transfer (A, B), a load (A + 8) is not; nothing is shared
        Report one = report(dir, "one.log", movementLog(1, 0, s -> {
            access(s, 0, true, P1, A, 8);
            access(s, 0, false, P1, A + 8, 8);
            access(s, 0, true, P2, B, 4);
            access(s, 0, true, P2, B, 4);
        }), kernel());
        assertEquals(List.of(2L, 2L, 0L), List.of(one.summary().transfers(), one.summary().lines(),
                one.summary().sharedLines()));
        String note = Report.NOTHING_MOVED + ": every access of the window was made by CPU 0, so no line can move between"
                + " CPUs (its transfers are first stores after recording began; a recording of one vCPU? record with"
                + " --smp=2 or more)";
        assertEquals(List.of(note), one.unmet());
        assertTrue(text(one).contains("\n  (none: no line moved between CPUs, see the missing note above)\n"), text(one));
        // a long note is wrapped at a space under its start, not cut
        assertTrue(text(one).contains("\nmissing: " + Report.NOTHING_MOVED + ": every access of the window was made by CPU 0,"
                + " so no line can move between CPUs (its\n         transfers are"), text(one));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, cli(List.of("--quiet", "--cpu=1", log.toString()), out, err));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mscan report: --cpu=1: the transfers of one CPU only"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static Filters cpus(List<Integer> cpus) {
        return new Filters(Filters.Sort.transfers, 20, null, null, cpus, AddressScope.ALL);
    }

    @Test
    void filtersAndSortOrders(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        // only CPU 2's transfers: A step 14, B steps 9 and 10; one CPU per line, so nothing is shared
        Report cpu2 = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, null, null, List.of(2), AddressScope.ALL), 64);
        assertEquals(3, cpu2.summary().transfers());
        assertEquals(2, cpu2.summary().lines());
        assertEquals(0, cpu2.summary().sharedLines());
        // user-only: no user address at all
        Report user = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, null, null, null, AddressScope.USER), 64);
        assertEquals(0, user.summary().transfers());
        // by writes: A (4) before B (2); --top=1 keeps A only
        Report writes = report(log, kernel(), new Filters(Filters.Sort.writes, 1, null, null, null, AddressScope.ALL), 64);
        assertEquals(List.of(A), writes.lines().stream().map(Report.Line::address).toList());
        // --struct=pair: only line A; --function=inner: A (step 14) and B (steps 9, 10)
        Report struct = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, "pair", null, null, AddressScope.ALL), 64);
        assertEquals(List.of(A), struct.lines().stream().map(Report.Line::address).toList());
        Report inner = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, null, "inner", null, AddressScope.ALL), 64);
        assertEquals(List.of(A, B), inner.lines().stream().map(Report.Line::address).toList());
        // the line table says what it ranked: of the 2 shared lines (A, B), pair lies on 1, inner's code moves 2;
        // --top alone leaves every shared line in the ranking
        assertEquals(List.of(2L, 1L), List.of(struct.summary().sharedLines(), struct.summary().admittedLines()));
        assertEquals(List.of(2L, 2L), List.of(inner.summary().sharedLines(), inner.summary().admittedLines()));
        assertEquals(2, writes.summary().admittedLines());
        assertTrue(text(struct).contains("(top 1 of 1 shared lines holding pair (of 2); verdict"), text(struct));
        assertTrue(text(writes).contains("(top 1 of 2 shared lines; verdict"), text(writes));
        assertTrue(ReportJson.render(struct).contains("\"shared_lines\": 2,\n    \"admitted_lines\": 1,"),
                ReportJson.render(struct));
        // --function=outer: the function inner is inlined in finds the same lines
        Report outer = report(log, kernel(), new Filters(Filters.Sort.transfers, 20, null, "outer", null, AddressScope.ALL), 64);
        assertEquals(List.of(A, B), outer.lines().stream().map(Report.Line::address).toList());
    }

    /**
     * --syscall and --exclude-syscall count the transfers by the system call they were made in (the
     * model still sees every access). In {@link #write}'s log only CPU 0 is in sys_open: its
     * transfers are steps 1, 3 (A), 8 (B) and 12 (C); CPUs 1 and 2, in none, make the other six: A
     * steps 2, 5, 14 (CPUs 1, 2) and B steps 9, 10, 11 (CPUs 2, 1).
     */
    @Test
    void theSyscallFiltersCountTheTransfersOfTheirSystemCalls(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        // spelt as the kernel's entry function: the same system call
        Report open = report(log, kernel(), syscalls(new SyscallFilter(List.of("sys_open"), null)), 64);
        assertEquals(List.of(4L, 3L, 0L), List.of(open.summary().transfers(), open.summary().lines(),
                open.summary().sharedLines())); // one CPU: nothing shared
        assertEquals(List.of(new Report.SyscallRow("open", 4, 3)), open.syscalls());
        assertEquals(List.of(Report.NOTHING_MOVED + ": no two CPUs touched one line in the transfers counted (4 on 3 lines)"),
                open.unmet());
        assertTrue(text(open).contains("\nfilters: --syscall=open\n"), text(open));
        assertTrue(ReportJson.render(open).contains("\"syscalls\": [\n      \"open\" ],\n    \"excluded_syscalls\": null"),
                ReportJson.render(open));

        Report others = report(log, kernel(), syscalls(new SyscallFilter(null, List.of("open"))), 64);
        assertEquals(List.of(6L, 2L, 2L), List.of(others.summary().transfers(), others.summary().lines(),
                others.summary().sharedLines()));
        assertEquals(List.of(), others.syscalls());
        assertEquals(List.of(A, B), others.lines().stream().map(Report.Line::address).toList());

        // a name no access was made in: said, and the option counts as unmet (exit 1)
        Report close = report(log, kernel(), syscalls(new SyscallFilter(List.of("close", "open"), null)), 64);
        assertEquals(4, close.summary().transfers());
        assertEquals(2, close.unmet().size()); // and, CPU 0 alone being in open, no line moved between CPUs
        assertTrue(close.unmet().get(0).startsWith("--syscall=close: no access was made in a system call"),
                close.unmet().toString());

        // several such names: one note that lists them, however many
        List<String> absent = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            absent.add("sys" + i);
        }
        Report many = report(log, kernel(), syscalls(new SyscallFilter(null, absent)), 64);
        assertEquals(List.of("--exclude-syscall=sys0,sys1,sys2,sys3,sys4,sys5,sys6,sys7,... (30 names): no access was"
                + " made in a system call, interrupt or kernel thread of these names (names as in the system-call table,"
                + " e.g. openat, exc_page_fault)"), many.unmet());
    }

    private static Filters syscalls(SyscallFilter f) {
        return new Filters(Filters.Sort.transfers, 20, null, null, null, AddressScope.ALL, f);
    }

    static String text(Report r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void longerLinesMergeNeighbours(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        // 4096-byte lines: A, B and C are 0x1000 apart, so each is still alone on its line and the
        // transfers are those of 64-byte lines.
        Report r = report(log, kernel(), Filters.defaults(), 4096);
        assertEquals(10, r.summary().transfers());
        assertEquals(4096, r.lineSize());
        // a mask bit stands for 64 bytes: A's writes at bytes 0-23 all fall in bit 0, so CPUs overlap: true
        assertTrue(r.lines().get(0).trueSharing());
    }

    /**
     * An access that straddles two lines moves both in the model; each line that moved counts a
     * transfer of the bytes the access touched in it.
     */
    @Test
    void aStraddlingAccessCountsInEachLineThatMoved(@TempDir Path dir) throws IOException {
        long d = 0xffff888000004000L;
        long e = d + 64;
        Path log = dir.resolve("s.log");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.mode(0, 1, 100, "t");              // movement: reset, every line {0,1}
            access(s, 0, true, P1, d + 60, 8);   // 1 D and E: -> {0} both: transfers in D (bytes 60-63), E (0-3)
            access(s, 1, false, P2, e, 4);       // 2 E: -> {0,1}            transfer (r, CPU 1, bytes 0-3)
            access(s, 0, true, P1, d + 60, 8);   // 3 D: {0} alone: none; E: -> {0}: transfer (w, CPU 0, bytes 0-3)
            access(s, 1, false, P2, d + 62, 2);  // 4 D: -> {0,1}            transfer (r, CPU 1, bytes 62-63)
        }
        // D: 2 transfers (w CPU 0 at +60/4, r CPU 1 at +62/2), true (byte 62 written by 0, read by 1);
        // E: 3 transfers (w CPU 0 twice, r CPU 1, all at +0/4), true. 5 transfers, 4 accesses.
        Report r = report(log, FixedKernelInfo.none(), Filters.defaults(), 64);
        assertEquals(4, r.summary().accesses());
        assertEquals(5, r.summary().transfers());
        assertEquals(2, r.summary().lines());
        assertEquals(2, r.summary().sharedLines());
        assertEquals(List.of(e, d), r.lines().stream().map(Report.Line::address).toList());
        Report.Line le = r.lines().get(0);
        assertEquals(3, le.transfers());
        assertEquals(2, le.writes());
        assertEquals(0xfL, le.cpus().get(0).writeMask());
        assertEquals(0xfL, le.cpus().get(1).readMask());
        assertTrue(le.trueSharing());
        assertEquals(1, le.offsets().size());
        assertEquals(List.of(0, 4, 3L), List.of(le.offsets().get(0).offset(), le.offsets().get(0).size(),
                le.offsets().get(0).transfers()));
        Report.Line ld = r.lines().get(1);
        assertEquals(2, ld.transfers());
        assertEquals(1, ld.writes());
        assertEquals(0xf000000000000000L, ld.cpus().get(0).writeMask());
        assertEquals(0xc000000000000000L, ld.cpus().get(1).readMask());
        assertTrue(ld.trueSharing());
        assertEquals(List.of(60, 62), ld.offsets().stream().map(Report.Offset::offset).toList());
        assertEquals(List.of(4, 2), ld.offsets().stream().map(Report.Offset::size).toList());
    }

    /** A page-allocator block the recorder could not name ("pages") says it is a block; one named by what it is keeps its name. */
    @Test
    void untypedBlocksSayTheyAreBlocks(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("b.log");
        long d = 0xffff888000005000L;
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.label(0, LabelMaps.BLOCK, "pages", d, 4096, P3); // P3 is no allocator of a known purpose
            s.mode(0, 1, 100, "t");             // movement: reset, every line {0,1}
            access(s, 0, true, P1, d, 8);       // -> {0}: transfer
            access(s, 1, true, P2, d + 8, 8);   // -> {1}: transfer
            access(s, 1, true, P2, d + 8, 8);   // CPU 1 alone: none
            s.label(0, LabelMaps.BLOCK, "kernel_stack", d + 4096, 4096, P3); // a block named by what it is
            access(s, 0, true, P1, d + 4096, 8); // -> {0}: transfer
        }
        Report r = report(log, kernel(), Filters.defaults(), 64);
        assertEquals(3, r.summary().transfers());
        assertEquals(List.of(new Report.Untyped("pages (page-allocator blocks, purpose unknown)", "name", 2),
                new Report.Untyped("kernel_stack", "name", 1)), r.summary().untyped());
    }

    /**
     * A heap object inside a block is the object for every access to it, whatever the CPU hit
     * before (the label maps answer the types map first, MSCAN.md §4.1): a CPU that last hit the
     * block elsewhere must not carry the block over onto the object (a cache by the block's bytes did).
     */
    @Test
    void anObjectInsideABlockIsTheObjectWhateverTheCpuHitBefore(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("n.log");
        long d = 0xffff888000005000L;
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30);
            s.label(0, LabelMaps.BLOCK, "pages", d, 4096, P3);
            s.label(0, LabelMaps.HEAP, "pair", d + 1024, 72, 0);
            s.mode(0, 1, 100, "t");                 // movement: reset, every line {0,1}
            access(s, 0, true, P1, d + 8, 8);       // block, -> {0}: transfer
            access(s, 0, true, P1, d + 1024, 8);    // pair.a, -> {0}: transfer (CPU 0 last hit the block)
            access(s, 1, true, P2, d + 1032, 8);    // pair.b, -> {1}: transfer
            access(s, 0, true, P1, d + 1040, 8);    // pair.c, -> {0}: transfer
            access(s, 1, true, P2, d + 16, 8);      // block, -> {1}: transfer
        }
        Report r = report(log, kernel(), Filters.defaults(), 64);
        assertEquals(5, r.summary().transfers());
        assertEquals(List.of(new Report.Untyped("pages (page-allocator blocks, purpose unknown)", "name", 2)),
                r.summary().untyped());
        assertEquals(1, r.types().size());
        Report.TypeRow pair = r.types().get(0);
        assertEquals("pair", pair.type());
        assertEquals(3, pair.transfers());
        assertEquals(1, pair.objects());
    }

    /**
     * The keys hold at most 2^16 system calls (id 0: none): the transfer that brings the 65,536th
     * entry point is a fault named by its entry, with the report of the transfers before it, whether
     * the pass learns of it from the counting thread during the pass (which it does within the
     * chunks in flight) or with the last chunk after it.
     */
    @Test
    void aFaultOfCountingNamesItsEntryDuringOrAfterThePass(@TempDir Path dir) throws IOException {
        for (int trailing : new int[] {0, 4 * PendingTransfers.CHUNK}) { // 0: the faulting transfer is in the last chunk
            Path log = dir.resolve("s" + trailing + ".log");
            long line = 0xffff888000007000L;
            try (ScenarioLog s = ScenarioLog.create(log)) {
                s.machine(2, 1 << 30);
                s.mode(0, 1, 100, "t");
                access(s, 0, true, P1, line + 64, 8); // one more access: the fault is not the end of a full batch
                for (int i = 0; i < 65536; i++) { // per call: CPU 1 takes the line, CPU 0 takes it back
                    long entry = 0xffffffff82000000L + 16L * i;
                    s.fcall(0, FcallState.START, 7, entry, i);
                    access(s, 1, true, P2, line, 8);
                    access(s, 0, true, P1, line, 8);
                    s.fcall(0, FcallState.DONE, 7, entry, i);
                }
                for (int i = 0; i < trailing; i++) {
                    access(s, (i & 1) ^ 1, true, P1, line + 64, 8);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = cli(List.of("--quiet", log.toString()), out, err);
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, rc, message);
            assertEquals(1, message.lines().count(), message);
            // entries: machine, mode, the access, then 4 per call, the last call's second access the third
            long faulting = 3 + 4L * 65535 + 2;
            assertTrue(message.contains(": report: the access entry " + faulting + " at byte offset "), message);
            assertTrue(message.contains("more than 65536 system-call entry points"), message);
            // met after the pass, the fault has no position of the pass before the collector's name
            assertEquals(trailing == 0, message.contains(log + ": report: "), message);
            String report = out.toString(StandardCharsets.UTF_8);
            assertTrue(report.contains("transfers " + String.format("%,d", 1 + 2 * 65536)), report.lines().limit(8).toList()
                    .toString()); // the faulting one is counted before the core refuses it, as before batches
        }
    }

    @Test
    void withoutKernelSaysWhatIsMissing(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        Report r = report(log, FixedKernelInfo.none(), Filters.defaults(), 64);
        assertEquals(10, r.summary().transfers());
        assertTrue(r.missing().get(0).startsWith("no kernel image"), r.missing().toString());
        assertTrue(r.types().isEmpty());
        assertEquals("pair+0x0", r.lines().get(0).what().get(0).description().text());
        assertNull(r.lines().get(0).offsets().get(0).sites().get(0).function());
        assertEquals(0.0, r.summary().typedShare());
        // without types "pair" is a name: its 5 transfers group under the label, B and C under their region
        assertEquals(List.of(new Report.Untyped("direct map, unlabelled", "region", 5), new Report.Untyped("pair", "name", 5)),
                r.summary().untyped());
    }

    private static int cli(List<String> args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return ReportCommand.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /**
     * The command writes text, JSON and CSV; the benchmark's report ({@link ReportRun}) does the
     * command's work: text and JSON of the same sizes.
     */
    @Test
    void commandLineWritesTextJsonAndCsv(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.log");
        write(log);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path json = dir.resolve("r.json");
        int rc = cli(List.of("--quiet", "--json=" + json, "--csv=" + dir.resolve("csv"), log.toString()), out, err);
        assertEquals(0, rc, err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= ReportText.WIDTH, line);
        }
        assertTrue(text.contains("missing: no kernel image"), text);
        // the system-call table has its header, then CPU 0's sys_open (no kernel: named by its PC) with 4 transfers
        assertTrue(text.matches("(?s).*\n  system call +transfers +lines\n  0xffffffff81000100 +4 +3\n.*"), text);
        String doc = Files.readString(json);
        assertTrue(doc.startsWith("{\n  \"schema\": \"mtrace-report\",\n  \"version\": 1,"), doc);
        assertTrue(doc.contains("\"verdict\": \"false\""), doc);
        assertTrue(doc.contains("\"write_mask\": \"0xff00\""), doc);
        List<String> csv = Files.readAllLines(dir.resolve("csv/lines.csv"));
        assertEquals(3, csv.size()); // header and lines A and B
        assertTrue(csv.get(1).startsWith("1,0xffff888000001000,kernel,5,1,4,1,3,false,"), csv.get(1));
        try (LogReader r = LogReader.open(log, ReaderOptions.STRICT)) {
            ReportRun run = ReportRun.of(r, FixedKernelInfo.none(), log.toString(), null);
            assertEquals(List.of(), run.failures());
            assertEquals(doc.length(), run.jsonChars());
            assertEquals(out.size(), run.textChars());
            assertTrue(run.entries() > 10, "entries read: " + run.entries());
        }
    }

    @Test
    void badUsageAndBadInputAreOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, cli(List.of("--line-size=48", "x"), out, err));
        assertEquals("mscan report: --line-size: line size must be a power of two from 8 to 4096 (got 48)\n",
                err.toString());
        err.reset();
        assertEquals(2, cli(List.of("--sort=bytes", "x"), out, err));
        assertEquals(1, err.toString().split("\n").length, err.toString());
        err.reset();
        assertEquals(2, cli(List.of("--kernel-only", "--user-only", "x"), out, err));
        assertEquals(1, err.toString().split("\n").length, err.toString());
        err.reset();
        assertEquals(2, cli(List.of("--quiet", dir.resolve("missing.log").toString()), out, err));
        assertTrue(err.toString().endsWith("missing.log: cannot open log: no such file\n"), err.toString());
        // a log cut in the middle of an entry: the prefix is reported, then one line names file and entry
        Path log = dir.resolve("t.log");
        write(log);
        Path cut = dir.resolve("cut.log");
        byte[] raw = new java.util.zip.GZIPInputStream(Files.newInputStream(log)).readAllBytes();
        Files.write(cut, java.util.Arrays.copyOf(raw, raw.length - 10));
        err.reset();
        out.reset();
        assertEquals(2, cli(List.of("--quiet", cut.toString()), out, err));
        assertEquals(1, err.toString().split("\n").length, err.toString());
        assertTrue(err.toString().contains("entry"), err.toString());
        assertTrue(out.toString().contains("== Summary"), out.toString());
    }
}
