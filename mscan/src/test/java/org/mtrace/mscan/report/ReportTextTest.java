package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text's type table keeps its numbers in their columns whatever the length of a type or field. */
class ReportTextTest {
    private static final String LONG_TYPE = "a_type_name_longer_than_its_forty_columns_t";
    private static final String LONG_FIELD = "__lock.raw_lock.<anon>.{val.counter|<anon>.locked|<anon>.locked_pending}";

    @Test
    void longTypesAndFieldsGoOnLinesOfTheirOwn() {
        Report.TypeRow shortType = new Report.TypeRow("dentry", 192, 70, 60, 10, 3, 2, List.of(), Report.Elsewhere.NONE,
                List.of(new Report.FieldRow("d_count", 88, 4, 70, 60, 10)), List.of());
        Report.TypeRow longType = new Report.TypeRow(LONG_TYPE, 9792, 50, 50, 0, 1, 1, List.of(), Report.Elsewhere.NONE,
                List.of(new Report.FieldRow(LONG_FIELD, 0, 4, 30, 30, 0), new Report.FieldRow("on_rq", 104, 4, 20, 20, 0)),
                List.of());
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 4, 2, 120, 120, 0, 1.0, List.of(), 0, 1.0);
        Report r = new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(),
                List.of(shortType, longType), List.of(), List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of());
        List<String> text = printed(r);

        int header = indexOfLineStarting(text, "  type ");
        int transfersEnd = text.get(header).indexOf("transfers") + "transfers".length();
        // the short type and its field: numbers in the columns, as before
        assertTrue(text.get(header + 1).startsWith("  dentry "), text.get(header + 1));
        assertEquals(transfersEnd, text.get(header + 1).indexOf(" 70") + 3, text.get(header + 1));
        assertEquals(transfersEnd, text.get(header + 2).indexOf(" 70") + 3, text.get(header + 2));
        // the long type: its name alone, then its numbers under the header's columns
        assertEquals("  " + LONG_TYPE, text.get(header + 3));
        assertTrue(text.get(header + 4).startsWith("  " + " ".repeat(40) + "   9792"), text.get(header + 4));
        assertEquals(transfersEnd, text.get(header + 4).indexOf(" 50") + 3, text.get(header + 4));
        // the long field likewise, the short one after it on one line
        assertEquals("      ." + LONG_FIELD, text.get(header + 5));
        assertEquals(transfersEnd, text.get(header + 6).indexOf(" 30") + 3, text.get(header + 6));
        assertTrue(text.get(header + 7).startsWith("      .on_rq "), text.get(header + 7));
        assertEquals(transfersEnd, text.get(header + 7).indexOf(" 20") + 3, text.get(header + 7));
    }

    /** A line table narrowed by long --struct and --function names keeps its verdict note, on a line of its own. */
    @Test
    void aLongFilterTitleKeepsItsVerdictNote() {
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 4, 62204, 120, 120, 0, 1.0,
                List.of(), 0, 1.0, List.of(), 215);
        Filters filters = new Filters(Filters.Sort.transfers, 3, "task_struct", "copy_process",
                null, AddressScope.ALL);
        Report r = new Report("t.log", null, 64, List.of(), filters, summary, List.of(), List.of(), List.of(),
                List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of());
        List<String> text = printed(r);
        int at = indexOfLineStarting(text, "== Cache lines");
        assertEquals("== Cache lines by transfers (top 0 of 215 shared lines holding task_struct and with code in"
                + " copy_process (of 62204);", text.get(at));
        assertEquals("   verdict from the bytes each CPU touched)", text.get(at + 1));
        assertTrue(text.contains("filters: --top=3 --struct=task_struct --function=copy_process"),
                text.toString());
    }

    @Test
    void aLinesLongFieldGoesOnARowOfItsOwn() {
        Report.Offset lock = new Report.Offset(0, 4, LONG_FIELD, 53, 19525, List.of(0, 1), List.of(), List.of());
        Report.Offset seq = new Report.Offset(8, 8, "node[0].gp_seq", 23320, 1, List.of(0, 1), List.of(), List.of());
        Report.Offset wide = new Report.Offset(16, 16, "x", 1, 1, List.of(0), List.of(), List.of());
        Report.Line line = new Report.Line(1, 0xffffffff82ad49c0L, false, List.of(), 42899, 19527, 2, 2, true,
                List.of(new Report.CpuRow(0, 21000, 9000, 1, 1), new Report.CpuRow(1, 21899, 10527, 1, 1)),
                List.of(lock, seq, wide));
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 1, 1, 62426, 62426, 0, 1.0,
                List.of(), 0, 1.0);
        Report r = new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(line), List.of(),
                List.of(), List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of(new long[] {30000, 32426}));
        List<String> text = printed(r);

        int at = indexOfLineStarting(text, "       +0 ");
        assertEquals("       +0   4B   " + LONG_FIELD, text.get(at));
        int countsEnd = text.get(at + 1).indexOf(" (r53 w19525)");
        assertTrue(text.get(at + 1).trim().startsWith("19578 (r53 w19525)  CPUs 0,1"), text.get(at + 1));
        assertEquals(countsEnd, text.get(at + 2).indexOf(" (r23320 w1)"), text.get(at + 2));
        assertTrue(text.get(at + 2).startsWith("       +8   8B   node[0].gp_seq "), text.get(at + 2));
        assertEquals(countsEnd, text.get(at + 3).indexOf(" (r1 w1)"), text.get(at + 3)); // a 16-byte access too
    }

    /** Accesses of two sizes at one offset with one description are one item of the line's "what". */
    @Test
    void aLinesWhatNamesEachOffsetAndDescriptionOnce() {
        org.mtrace.mscan.kernel.AddressDescription flags = new org.mtrace.mscan.kernel.AddressDescription(
                org.mtrace.mscan.kernel.AddressDescription.Form.TYPED, "page", "flags", 0, "(*(page)0xffffea0000000000).flags");
        org.mtrace.mscan.kernel.AddressDescription lru = new org.mtrace.mscan.kernel.AddressDescription(
                org.mtrace.mscan.kernel.AddressDescription.Form.TYPED, "page", "lru.next", 8, "(*(page)0xffffea0000000000).lru.next");
        Report.Line line = new Report.Line(1, 0xffffea0000000000L, false,
                List.of(new Report.What(0, 8, flags), new Report.What(0, 1, flags), new Report.What(8, 8, lru)), 2, 2, 2, 2, true,
                List.of(new Report.CpuRow(0, 1, 1, 1, 1), new Report.CpuRow(1, 1, 1, 1, 1)), List.of());
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 1, 1, 4, 4, 0, 1.0, List.of(), 0, 1.0);
        Report r = new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(line), List.of(),
                List.of(), List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of());
        String row = printed(r).get(indexOfLineStarting(printed(r), "    1  0xffffea0000000000"));
        assertTrue(row.endsWith("+0: page.flags; +8: page.lru.next"), row);
    }

    /**
     * The kernel code in no system call is mostly page faults in a log whose recorder did not count
     * faults of user code under {@code exc_page_fault} (the make recording on 6.12: 86 % of transfers);
     * once it does, that row of the system-call table takes them (60 %) and the note names the rest.
     */
    @Test
    void theNoteOnKernelCodeOutsideSystemCallsDependsOnWhetherPageFaultsHaveARow() {
        List<Report.SyscallRow> outside = List.of(new Report.SyscallRow(Report.Summary.KERNEL_CODE, 30, 3));
        String older = outsideRow(printed(withSyscalls(List.of(new Report.SyscallRow("execve", 70, 7)), outside)));
        assertTrue(older.endsWith("30.0%: page faults, other exceptions, kernel threads"), older);
        String marked = outsideRow(printed(withSyscalls(List.of(new Report.SyscallRow("execve", 40, 7),
                new Report.SyscallRow(Report.PAGE_FAULT_ENTRY, 30, 5)), outside)));
        assertTrue(marked.endsWith("30.0%: the idle loop, exit-to-user work, exceptions"),
                marked);
    }

    private static Report withSyscalls(List<Report.SyscallRow> syscalls, List<Report.SyscallRow> outside) {
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 4, 2, 100, 100, 0, 1.0, List.of(),
                0, 1.0, outside, 2);
        return new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(), List.of(), List.of(),
                List.of(), syscalls, 1024, List.of(0, 1), List.of(), List.of());
    }

    private static String outsideRow(List<String> text) {
        return text.get(indexOfLineStarting(text, "  (kernel code, in no system call)"));
    }

    @Test
    void aTypeOfObjectsLabelledOtherwiseSaysByWhichLabels() {
        Report.TypeRow inferred = new Report.TypeRow("user_struct", 96, 1898, 1877, 18, 105, 53,
                List.of(new Report.Count("skbuff_ext_cache", 1898)), Report.Elsewhere.NONE,
                List.of(new Report.FieldRow("__count", 0, 4, 1500, 1500, 0)), List.of());
        List<String> text = printed(ofTypes(List.of(inferred)));
        int at = indexOfLineStarting(text, "  user_struct ");
        assertEquals("      of objects labelled skbuff_ext_cache 1,898 (type inferred)", text.get(at + 1));
        assertTrue(text.get(at + 2).startsWith("      .__count "), text.get(at + 2));
    }

    /** mc612's pool_workqueue: 42 transfers its own, 31,958 of 63 objects labelled so that are TCP's clone pairs. */
    @Test
    void aTypeNamedLikeAMergedCacheSaysWhatWentElsewhere() {
        Report.TypeRow pwq = new Report.TypeRow("pool_workqueue", 512, 42, 0, 0, 42, 14, List.of(),
                new Report.Elsewhere(31958, 63), List.of(new Report.FieldRow("stats[0]", 200, 8, 42, 0, 0)), List.of());
        Report.TypeRow one = new Report.TypeRow("pid", 112, 40, 21, 13, 18, 9, List.of(), new Report.Elsewhere(7, 1),
                List.of(), List.of());
        List<String> text = printed(ofTypes(List.of(pwq, one)));
        int at = indexOfLineStarting(text, "  pool_workqueue ");
        assertEquals("      + 31,958 transfers, 63 objects so labelled but of another type (merged slab cache)", text.get(at + 1));
        assertTrue(text.get(at + 2).startsWith("      .stats[0] "), text.get(at + 2));
        assertEquals("      + 7 transfers, 1 object so labelled but of another type (merged slab cache)",
                text.get(indexOfLineStarting(text, "  pid ") + 1));
    }

    @Test
    void theFunctionTablesAreOneWhenNothingIsInlined() {
        List<Report.FunctionRow> plain = List.of(new Report.FunctionRow("fput", "file_table.c", 9, 2));
        List<Report.FunctionRow> inlined = List.of(new Report.FunctionRow("arch_atomic_dec_and_test", "atomic.h", 9, 2));
        assertEquals(1, titles(code(plain, plain)).size());
        assertEquals(List.of("== Code profile: functions by transfers caused"), titles(code(plain, plain)));
        List<String> two = titles(code(inlined, plain));
        assertEquals(2, two.size(), two.toString());
        assertTrue(two.get(0).contains("out-of-line"), two.toString());
        assertTrue(two.get(1).contains("innermost"), two.toString());
    }

    /** A user-space PC, which the kernel image cannot name, says it is user code; an unknown kernel PC does not. */
    @Test
    void aUserSpacePcInTheCodeProfileSaysSo() {
        List<Report.FunctionRow> rows = List.of(new Report.FunctionRow("0x557c7a8590e8", null, 9, 2),
                new Report.FunctionRow("0xffffffff81000010", null, 5, 1));
        List<String> text = code(rows, rows);
        assertTrue(text.get(indexOfLineStarting(text, "  0x557c7a8590e8 ")).endsWith("  (user-space code)"), text.toString());
        assertTrue(text.get(indexOfLineStarting(text, "  0xffffffff81000010 ")).endsWith(" 1  "), text.toString());
    }

    private static List<String> code(List<Report.FunctionRow> innermost, List<Report.FunctionRow> outOfLine) {
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 1, 1, 9, 9, 0, 0.0, List.of(), 0, 0.0);
        Report r = new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(), List.of(),
                innermost, outOfLine, List.of(), 1024, List.of(0, 1), List.of(), List.of());
        return printed(r);
    }

    private static List<String> titles(List<String> text) {
        return text.stream().filter(l -> l.startsWith("== Code profile: functions")
                || l.startsWith("== Code profile: innermost")).toList();
    }

    /** A report of these type rows alone. */
    private static Report ofTypes(List<Report.TypeRow> types) {
        long transfers = types.stream().mapToLong(Report.TypeRow::transfers).sum();
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 4, 2, transfers, transfers, 0, 1.0,
                List.of(), 0, 1.0);
        return new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(), types, List.of(), List.of(),
                List.of(), 1024, List.of(0, 1), List.of(), List.of());
    }

    /** The text {@link ReportText} prints for {@code r}, line by line. */
    private static List<String> printed(Report r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static int indexOfLineStarting(List<String> text, String prefix) {
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting '" + prefix + "' in\n" + String.join("\n", text));
    }
}
