package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.kernel.AddressDescription;

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
                List.of(), 0, 1.0, List.of(), 215, new Report.TaskStacks());
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
        // the code profile is not the selected lines' code: it says so under its first title
        int code = indexOfLineStarting(text, "== Code profile: functions");
        assertEquals("  (every transfer: --struct and --function select the ranked lines and types, not what is counted here)",
                text.get(code + 1));
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
        AddressDescription flags = typed("page", "flags", 0);
        AddressDescription lru = typed("page", "lru.next", 8);
        Report.Line line = new Report.Line(1, 0xffffea0000000000L, false,
                List.of(new Report.What(0, 8, flags), new Report.What(0, 1, flags), new Report.What(8, 8, lru)), 2, 2, 2, 2, true,
                List.of(new Report.CpuRow(0, 1, 1, 1, 1), new Report.CpuRow(1, 1, 1, 1, 1)), List.of());
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 1, 1, 4, 4, 0, 1.0, List.of(), 0, 1.0);
        Report r = new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(line), List.of(),
                List.of(), List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of());
        String row = printed(r).get(indexOfLineStarting(printed(r), "    1  0xffffea0000000000"));
        assertTrue(row.endsWith("+0: page.flags; +8: page.lru.next"), row);
    }

    /** The row names the busiest offset's field first: it is cut at the 120th column, and that field is what moves the line. */
    @Test
    void aLinesWhatStartsWithItsBusiestOffset() {
        AddressDescription rss = typed("mm", "n", 0);
        AddressDescription prev = typed("mm", "p", 8);
        AddressDescription gen = typed("mm", "g", 40);
        // +40 has 4,513 transfers over two access sizes, +8 two, +0 one (psearchy on 8 CPUs)
        List<Report.Offset> offsets = List.of(new Report.Offset(0, 8, "a", 0, 1, List.of(3), List.of(), List.of()),
                new Report.Offset(8, 8, "b", 1, 1, List.of(1), List.of(), List.of()),
                new Report.Offset(40, 8, "c", 2000, 2000, List.of(0, 1), List.of(), List.of()),
                new Report.Offset(40, 4, "c", 472, 41, List.of(0, 1), List.of(), List.of()));
        Report.Line line = new Report.Line(1, 0xffff8880060da4c0L, false,
                List.of(new Report.What(0, 8, rss), new Report.What(8, 8, prev), new Report.What(40, 8, gen)), 2473, 2043, 2, 2,
                true, List.of(new Report.CpuRow(0, 2000, 2000, 1, 1), new Report.CpuRow(1, 473, 43, 1, 1)), offsets);
        String row = printed(oneLine(line)).get(indexOfLineStarting(printed(oneLine(line)), "    1  0xffff8880060da4c0"));
        assertTrue(row.endsWith("  true     +40: mm.g; +8: mm.p; +0: mm.n"), row);
    }

    /** Eight CPUs' transfers take two rows, every CPU in order; none is cut off at the 120th column. */
    @Test
    void eightCpusWrapOntoASecondRow() {
        List<Report.CpuRow> cpus = new java.util.ArrayList<>();
        for (int c = 0; c < 8; c++) {
            cpus.add(new Report.CpuRow(c, 300 + c, 255 + c, 1, 1));
        }
        List<String> text = printed(oneLine(new Report.Line(1, 0x1000, false, List.of(), 2428, 2068, 8, 8, true, cpus,
                List.of())));
        int at = indexOfLineStarting(text, "       CPUs: ");
        String both = text.get(at) + " " + text.get(at + 1).trim();
        assertEquals("       CPUs: 0=555(r300 w255) 1=557(r301 w256) 2=559(r302 w257) 3=561(r303 w258) 4=563(r304 w259)"
                + " 5=565(r305 w260) 6=567(r306 w261) 7=569(r307 w262)", both);
        assertTrue(text.get(at).length() <= ReportText.WIDTH && !text.get(at).endsWith("..."), text.get(at));
        assertTrue(text.get(at + 1).startsWith(" ".repeat("       CPUs: ".length()) + "6=567"), text.get(at + 1));
        assertTrue(text.get(at + 2).startsWith("       +") || text.get(at + 2).isEmpty(), text.get(at + 2));
    }

    /** 64 CPUs: the busiest first on two rows, and how many CPUs and transfers the rows leave out. */
    @Test
    void manyCpusShowTheBusiestAndCountTheRest() {
        List<Report.CpuRow> cpus = new java.util.ArrayList<>();
        long total = 0;
        for (int c = 0; c < 64; c++) {
            long reads = c == 37 ? 900 : c == 5 ? 800 : 10 + c % 7; // CPU 37 busiest, then 5
            cpus.add(new Report.CpuRow(c, reads, 1, 1, 1));
            total += reads + 1;
        }
        List<String> text = printed(oneLine(new Report.Line(1, 0x1000, false, List.of(), total - 64, 64, 64, 64, true, cpus,
                List.of())));
        int at = indexOfLineStarting(text, "       CPUs, busiest first: ");
        assertTrue(text.get(at).startsWith("       CPUs, busiest first: 37=901(r900 w1) 5=801(r800 w1) "), text.get(at));
        String last = text.get(at + 1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.\\.\\. (\\d+) more CPUs: (\\d+)$").matcher(last);
        assertTrue(m.find(), last);
        // the CPUs shown and the ones counted add up to the line
        String shownText = (text.get(at) + " " + last.substring(0, m.start())).substring("       CPUs, busiest first: ".length());
        java.util.regex.Matcher item = java.util.regex.Pattern.compile("(\\d+)=(\\d+)\\(").matcher(shownText);
        int shown = 0;
        long shownTransfers = 0;
        while (item.find()) {
            shown++;
            shownTransfers += Long.parseLong(item.group(2));
        }
        assertEquals(64, shown + Integer.parseInt(m.group(1)));
        assertEquals(total, shownTransfers + Long.parseLong(m.group(2)));
        assertTrue(shown > 8, "two rows hold more than eight CPUs: " + shown);
        assertTrue(text.get(at + 2).isEmpty() || text.get(at + 2).startsWith("       +"), text.get(at + 2));
        text.forEach(l -> assertTrue(l.length() <= ReportText.WIDTH, l));
    }

    /** A struct field's description, {@code type.field} at {@code offset}. */
    private static AddressDescription typed(String type, String field, long offset) {
        return new AddressDescription(AddressDescription.Form.TYPED, type, field, offset,
                "(*(" + type + ")0x0)." + field);
    }

    private static Report oneLine(Report.Line line) {
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 1, 1, line.transfers(),
                line.transfers(), 0, 1.0, List.of(), 0, 1.0);
        return new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(line), List.of(),
                List.of(), List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of());
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
        assertTrue(marked.endsWith("30.0%: idle, context switches, entry code, exceptions"),
                marked);
    }

    private static Report withSyscalls(List<Report.SyscallRow> syscalls, List<Report.SyscallRow> outside) {
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 4, 2, 100, 100, 0, 1.0, List.of(),
                0, 1.0, outside, 2, new Report.TaskStacks());
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
