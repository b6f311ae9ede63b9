package org.mtrace.format.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.format.print.Printed.line;
import static org.mtrace.format.print.Printed.lines;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.format.Bytes;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AppdataRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.CallRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.GcepochRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.format.record.SchedRecord;
import org.mtrace.format.record.SegmentRecord;
import org.mtrace.format.record.TaskRecord;

/**
 * The text printers against the example lines of M2TEXT.md §1.3 (copied
 * verbatim; the inputs are the field values the spec gives with each example)
 * and hand-worked edge cases.
 */
class TextPrinterTest {
    static final Function<OutputStream, EntryPrinter> TEXT = EntryPrinter::text;
    static final Function<OutputStream, EntryPrinter> ORIGINAL = EntryPrinter::originalText;
    static final long U64_MAX = -1L;

    static Header h(int cpu, long accessCount) {
        return new Header(cpu, accessCount, 0);
    }

    // ---- spec examples, unaffected by the original's bugs: both dialects print them identically ----

    /** Each spec example line with the record built from the values the spec gives for it. */
    static final List<Object[]> SHARED_EXAMPLES = List.of(
            new Object[] {new LabelRecord(h(0, 101), 0x7f1234567000L, 1, "dentry", 0xffff88000abc0000L, 192,
                    0xffffffff81123456L),
                "T   [1              dentry  ffffffff81123456  00007f1234567000  ffff88000abc0000  00000000000000c0  0000000000000065]"},
            new Object[] {new AccessRecord(h(1, 4660), 2, true, false, false, 0xffffffff81234567L, 0x00007f0012345678L,
                    0xffff880012345678L, 8),
                "st  [1               4660 pc ffffffff81234567  host 00007f0012345678  guest ffff880012345678  8b  traffic]"},
            new Object[] {new AccessRecord(h(3, 7), 1, true, true, false, 0x401000L, 0x7f00aaL, 0x1000L, 4),
                "ld  [3                  7 pc 0000000000401000  host 00000000007f00aa  guest 0000000000001000  4b  traffic  lock]"},
            new Object[] {HostRecord.recordMode(h(1, 0), 0, 1, "exim"),
                "E   [1    access_all_cpu  mode movement  exim]"},
            new Object[] {HostRecord.callTracing(h(2, 100), 0, true, HostRecord.CURRENT_CPU),
                "E   [2    call_set_cpu  cpu cur]"},
            new Object[] {HostRecord.callTracing(h(2, 0), 0, false, 3),
                "E   [2    call_clear_cpu  cpu 3]"},
            new Object[] {new FcallRecord(h(2, 200), 42, 0xffffffff81000100L, 0xabcdef, 1, 1),
                "C   [2                 200  tid 42  pc ffffffff81000100  tag 0xabcdef  depth 1  start]"},
            new Object[] {new CallRecord(h(1, 300), 0xffffffff81001000L, 0xffffffff81000105L, 0),
                "L   [1    call               300  ffffffff81001000 ffffffff81000105]"},
            new Object[] {new CallRecord(h(1, 301), 0xffffffff81000105L, 0, 1),
                "L   [1     ret               301  ffffffff81000105                0]"},
            new Object[] {new LockRecord(new Header(0, 0, 123456), 0xffffffff81200000L, 0xffff880001234560L,
                    "dcache_lock", 1, 0),
                "aw  [0    ts           123456 pc ffffffff81200000  lock ffff880001234560  dcache_lock]"},
            new Object[] {new LockRecord(new Header(0, 0, 123999), 0xffffffff81200010L, 0xffff880001234560L,
                    "dcache_lock", 3, 0),
                "r   [0    ts           123999 pc ffffffff81200010  lock ffff880001234560  dcache_lock]"},
            new Object[] {new TaskRecord(h(1, 0), 1234, 1230, 1, "exim"),
                "tsk [1   init    tid             1234  tgid              1230  exim]"},
            new Object[] {new SchedRecord(h(1, 0), 1234), "sch [1    pid  1234]"},
            new Object[] {new MachineRecord(h(0, 0), 4, 268435456L, 0, 1, false, true),
                "mac [cpus 4  ram 268435456  quantum 0  sample 1  locked f  calls t]"},
            new Object[] {new AppdataRecord(h(0, 0), 1, 1000), "app [0    type 1  u64 1000]"},
            new Object[] {new AscopeRecord(h(2, 0), false, "syscall:open"), "Asc [2    enter syscall:open]"},
            new Object[] {new AscopeRecord(h(2, 0), true, "syscall:open"), "Asc [2    exit  syscall:open]"},
            new Object[] {new AvarRecord(h(2, 0), true, "inode:17"), "Aw  [2    inode:17]"},
            new Object[] {new AvarRecord(h(2, 0), false, "inode:18"), "Ar  [2    inode:18]"});

    @Test
    void specExamplesInBothDialects() {
        for (Object[] ex : SHARED_EXAMPLES) {
            EntryRecord r = (EntryRecord) ex[0];
            assertEquals(ex[1], line(TEXT, r), r.toString());
            assertEquals(ex[1], line(ORIGINAL, r), r.toString());
        }
    }

    @Test
    void wholeLogPrintsOneLinePerEntryInOrder() {
        EntryRecord[] records = SHARED_EXAMPLES.stream().map(ex -> (EntryRecord) ex[0]).toArray(EntryRecord[]::new);
        List<String> expected = SHARED_EXAMPLES.stream().map(ex -> (String) ex[1]).toList();
        assertEquals(expected, lines(TEXT, records));
    }

    // ---- the original's bugs: reproduced by ORIGINAL, fixed by TEXT ----

    @Test
    void kernelscopeMode() {
        HostRecord r = HostRecord.recordMode(h(0, 0), 0, 3, "t");
        assertEquals("E   [0    access_all_cpu  mode (null)  t]", line(ORIGINAL, r)); // spec example
        assertEquals("E   [0    access_all_cpu  mode kernelscope  t]", line(TEXT, r));
    }

    @Test
    void fcallDoneValue() {
        FcallRecord r = new FcallRecord(h(2, 201), 42, 0xffffffff81000100L, 0xabcdef, 1, 3);
        assertEquals("C   [2                 201  tid 42  pc ffffffff81000100  tag 0xabcdef  depth 1  (null)]",
                line(ORIGINAL, r)); // spec example
        assertEquals("C   [2                 201  tid 42  pc ffffffff81000100  tag 0xabcdef  depth 1  done_value]",
                line(TEXT, r));
    }

    @Test
    void segmentObjectType() {
        SegmentRecord r = new SegmentRecord(h(0, 0), 0xffff88000fc00000L, 0xffff88000fc20000L, 1, 4);
        assertEquals("S   [0      5  ffff88000fc00000 ffff88000fc20000]", line(ORIGINAL, r)); // spec example
        assertEquals("S   [0      4  ffff88000fc00000 ffff88000fc20000]", line(TEXT, r));
    }

    @Test
    void gcAndGcepochOnlyInCorrectedDialect() {
        GcRecord gc = new GcRecord(h(1, 600), 0xffff880002000000L, 64, "file", true);
        GcRecord size = new GcRecord(h(1, 601), 0, 0, "", false);
        GcepochRecord begin = new GcepochRecord(h(0, 700), true);
        GcepochRecord end = new GcepochRecord(h(65535, U64_MAX), false);
        assertEquals(List.of(
                "gc  [1                 600  base ffff880002000000  nbytes 64  free  file]",
                "gc  [1                 601  base 0000000000000000  nbytes 0  size  ]",
                "gce [0                 700  begin]",
                "gce [65535  18446744073709551615  end]"), lines(TEXT, gc, size, begin, end));
        assertEquals(List.of(), lines(ORIGINAL, gc, size, begin, end));
    }

    @Test
    void printReportsTypesWithoutALine() throws Exception {
        byte[] log = Printed.log(new GcepochRecord(h(0, 0), true), new SchedRecord(h(0, 0), 1));
        Bytes.put32(log, 25, 77); // the sched entry becomes an unknown type 77
        for (Function<OutputStream, EntryPrinter> f : List.of(TEXT, ORIGINAL)) {
            EntryPrinter p = f.apply(new ByteArrayOutputStream());
            try (LogReader r = LogReader.open(new java.io.ByteArrayInputStream(log), "x",
                    ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
                assertTrue(r.next());
                assertEquals(f == TEXT, p.print(r.entry()), "gcepoch");
                assertTrue(r.next());
                assertFalse(p.print(r.entry()), "type 77");
            }
        }
    }

    // ---- values outside the format's enumerations ----

    @Test
    void undefinedEnumValues() {
        AccessRecord acc0 = new AccessRecord(h(1, 5), 0, false, false, false, 0, 0, 0, 1);
        assertEquals("(null) [1                  5 pc 0000000000000000  host 0000000000000000  guest 0000000000000000  1b]",
                line(ORIGINAL, acc0));
        assertEquals("0   [1                  5 pc 0000000000000000  host 0000000000000000  guest 0000000000000000  1b]",
                line(TEXT, acc0));
        TaskRecord task9 = new TaskRecord(h(1, 0), 1, 1, 9, "x");
        assertEquals("tsk [1   (null)  tid                1  tgid                 1  x]", line(ORIGINAL, task9));
        assertEquals("tsk [1   9       tid                1  tgid                 1  x]", line(TEXT, task9));
        HostRecord host7 = new HostRecord(h(0, 0), 7, 0, 0, "", 0);
        assertEquals("E   [0    (null)]", line(ORIGINAL, host7));
        assertEquals("E   [0    7]", line(TEXT, host7));
        HostRecord mode9 = HostRecord.recordMode(h(0, 0), 0, 9, "m");
        assertEquals("E   [0    access_all_cpu  mode (null)  m]", line(ORIGINAL, mode9));
        assertEquals("E   [0    access_all_cpu  mode 9  m]", line(TEXT, mode9));
        FcallRecord state0 = new FcallRecord(h(0, 0), 1, 0, 1, 0, 0);
        assertEquals("C   [0                   0  tid 1  pc 0000000000000000  tag 0x1  depth 0  (null)]",
                line(ORIGINAL, state0));
        assertEquals("C   [0                   0  tid 1  pc 0000000000000000  tag 0x1  depth 0  0]", line(TEXT, state0));
        HostRecord disable = new HostRecord(h(0, 0), 4, 0, 0, "", 0);
        assertEquals("E   [0    disable_count_cpu]", line(TEXT, disable));
    }

    // ---- edge values: 0, u64 max, widths overflowing, 64-character names, cpu 65535 ----

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void edgeValues(boolean original) {
        Function<OutputStream, EntryPrinter> f = original ? ORIGINAL : TEXT;
        // D16 with 20 digits and U3 with 5 digits are not truncated (printf semantics)
        assertEquals("ld  [65535 18446744073709551615 pc 0000000000000000  host ffffffffffffffff  guest 0000000000000000  255b]",
                line(f, new AccessRecord(h(65535, U64_MAX), 1, false, false, false, 0, U64_MAX, 0, 255)));
        assertEquals("iw  [0                  0 pc ffffffffffffffff  host 0000000000000000  guest ffffffffffffffff  0b  lock]",
                line(f, new AccessRecord(h(0, 0), 3, false, true, false, U64_MAX, 0, U64_MAX, 0)));
        assertEquals("T   [4294967295                    ffffffffffffffff  ffffffffffffffff  ffffffffffffffff  ffffffffffffffff  ffffffffffffffff]",
                line(f, new LabelRecord(h(65535, U64_MAX), U64_MAX, 0xffffffffL, "", U64_MAX, U64_MAX, U64_MAX)));
        assertEquals("C   [65535  18446744073709551615  tid 18446744073709551615  pc ffffffffffffffff  tag 0xffffffffffffffff  depth 65535  pause]",
                line(f, new FcallRecord(h(65535, U64_MAX), U64_MAX, U64_MAX, U64_MAX, 65535, 5)));
        assertEquals("C   [0                   0  tid 0  pc 0000000000000000  tag 0x0  depth 0  resume]",
                line(f, new FcallRecord(h(0, 0), 0, 0, 0, 0, 4)));
        assertEquals("L   [7    call                 0                 0                0]",
                line(f, new CallRecord(h(7, 0), 0, 0, 0)));
        assertEquals("L   [7     ret  18446744073709551615  ffffffffffffffff ffffffffffffffff]",
                line(f, new CallRecord(h(7, U64_MAX), U64_MAX, U64_MAX, -1)));
        assertEquals("E   [2    call_clear_cpu  cpu 18446744073709551614]",
                line(f, HostRecord.callTracing(h(2, 0), 0, false, -2L)));
        assertEquals("E   [9    call_set_cpu  cpu 0]", line(f, HostRecord.callTracing(h(9, 0), 0, true, 0)));
        assertEquals("sch [0    pid     0]", line(f, new SchedRecord(h(0, 0), 0)));
        assertEquals("sch [0    pid 18446744073709551615]", line(f, new SchedRecord(h(0, 0), U64_MAX)));
        assertEquals("mac [cpus 65535  ram 18446744073709551615  quantum 18446744073709551615  sample 0  locked t  calls f]",
                line(f, new MachineRecord(h(0, 0), 65535, U64_MAX, U64_MAX, 0, true, false)));
        assertEquals("app [65535  type 65535  u64 18446744073709551615]",
                line(f, new AppdataRecord(h(65535, 0), 65535, U64_MAX)));
        assertEquals("ar  [0    ts 18446744073709551615 pc                0  lock ffffffffffffffff  ]",
                line(f, new LockRecord(new Header(0, 0, U64_MAX), 0, U64_MAX, "", 2, 1)));
        assertEquals("aw  [0    ts                0 pc                0  lock                0  ]",
                line(f, new LockRecord(new Header(0, 0, 0), 0, 0, "", 1, 0)));
        assertEquals("tsk [0   exit    tid 18446744073709551615  tgid                 0  ]",
                line(f, new TaskRecord(h(0, 0), U64_MAX, 0, 3, "")));
        assertEquals("tsk [0   update  tid                0  tgid  18446744073709551615  kworker/0:1]",
                line(f, new TaskRecord(h(0, 0), 0, U64_MAX, 2, "kworker/0:1")));
    }

    /** Random access entries (fast and general path) against a String.format rendering of the C format. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomAccessLinesMatchPrintf(boolean original) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        int n = 3000;
        AccessRecord[] records = new AccessRecord[n];
        List<String> expected = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            int cpu = r.nextInt(8) == 0 ? r.nextInt(65536) : r.nextInt(1000);
            long count = r.nextInt(4) == 0 ? r.nextLong() : r.nextLong() >>> r.nextInt(64);
            long kind = r.nextInt(6);
            boolean traffic = r.nextBoolean();
            boolean lock = r.nextBoolean();
            int bytes = r.nextInt(256);
            AccessRecord a = new AccessRecord(h(cpu, count), kind, traffic, lock, r.nextBoolean(), r.nextLong(),
                    r.nextLong() >>> r.nextInt(64), r.nextLong(), bytes);
            records[k] = a;
            String word = kind >= 1 && kind <= 3 ? List.of("ld", "st", "iw").get((int) kind - 1)
                    : original ? "(null)" : Long.toString(kind);
            expected.add(String.format("%-3s [%-3d %16s pc %016x  host %016x  guest %016x  %db%s%s]", word, cpu,
                    Long.toUnsignedString(count), a.pc(), a.hostAddr(), a.guestAddr(), bytes,
                    traffic ? "  traffic" : "", lock ? "  lock" : ""));
        }
        assertEquals(expected, lines(original ? ORIGINAL : TEXT, records));
    }

    @Test
    void sixtyFourCharacterNamesWithoutNul() {
        String name64 = "n".repeat(60) + "_end";
        // the next entry's first bytes directly follow the unterminated name
        List<String> out = lines(TEXT, new AvarRecord(h(1, 0), false, name64), new AscopeRecord(h(1, 0), true, name64),
                new GcRecord(h(1, 0), 0, 1, name64, false), new AvarRecord(h(1, 0), true, "next"));
        assertEquals(List.of(
                "Ar  [1    " + name64 + "]",
                "Asc [1    exit  " + name64 + "]",
                "gc  [1                   0  base 0000000000000000  nbytes 1  size  " + name64 + "]",
                "Aw  [1    next]"), out);
        // label, host, lock and task strings keep at most 63 bytes (always terminated); the label is S16 padded
        String label63 = "l".repeat(63);
        assertEquals("T   [1    " + label63 + "  0000000000000000  0000000000000000  0000000000000000  0000000000000001  0000000000000000]",
                line(TEXT, new LabelRecord(h(0, 0), 0, 1, label63 + "XYZ", 0, 1, 0)));
        assertEquals("T   [2                   a  0000000000000000  0000000000000000  0000000000000000  0000000000000001  0000000000000000]",
                line(TEXT, new LabelRecord(h(0, 0), 0, 2, "a", 0, 1, 0)));
    }

    @Test
    void bytesAboveAsciiArePrintedVerbatim() {
        String latin1 = "caf\u00e9\u00ff";
        List<String> l = lines(TEXT, new AvarRecord(h(0, 0), true, latin1));
        assertEquals("Aw  [0    caf\u00e9\u00ff]", l.get(0)); // read back as ISO-8859-1: the raw bytes
    }
}
