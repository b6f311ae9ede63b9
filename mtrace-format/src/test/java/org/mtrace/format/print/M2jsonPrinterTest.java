package org.mtrace.format.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mtrace.format.Bytes;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AppdataRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.CallRecord;
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

/** The m2json-compatible document (M2TEXT.md §2, layout of MSCAN.md §7). */
class M2jsonPrinterTest {

    static String document(byte[] log) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntryPrinter p = EntryPrinter.originalJson(out);
        try (LogReader r = LogReader.open(new ByteArrayInputStream(log), "t", ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
            while (r.next()) {
                p.print(r.entry());
            }
        }
        p.finish();
        p.flush();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The three example objects of M2TEXT.md §2.3, copied verbatim, form the whole document of a three-entry log. */
    @Test
    void specExampleObjects() throws Exception {
        String specObjects = """
                  {
                    "cpu": 1,
                    "access_count": 4660,
                    "type": "access",
                    "acctype": "st",
                    "pc": "0xffffffff81234567",
                    "host_addr": "0x7f0012345678",
                    "guest_addr": "0xffff880012345678",
                    "bytes": 8,
                    "traffic": 1,
                    "lock": 0
                  },
                  {
                    "cpu": 2,
                    "access_count": 100,
                    "type": "host",
                    "host_type": "set_cpu",
                    "call_cpu": "cur"
                  },
                  {
                    "cpu": 1,
                    "access_count": 600,
                    "type": "gc",
                    "base": 18446612132347772928,
                    "nbytes": 64,
                    "name": "file",
                    "gcflag": 1
                  },
                """;
        byte[] log = Printed.log(
                new AccessRecord(new Header(1, 4660, 0), 2, true, false, false, 0xffffffff81234567L, 0x00007f0012345678L,
                        0xffff880012345678L, 8),
                HostRecord.callTracing(new Header(2, 100, 0), 0, true, HostRecord.CURRENT_CPU),
                new GcRecord(new Header(1, 600, 0), Long.parseUnsignedLong("18446612132347772928"), 64, "file", true));
        String objects = specObjects.substring(0, specObjects.length() - 2); // drop the last ",\n"
        assertEquals("[\n" + objects + " ]", document(log));
    }

    @Test
    void noEntries() throws Exception {
        // LogReader refuses an empty log; the printer on its own still closes an empty document
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntryPrinter p = EntryPrinter.originalJson(out);
        p.finish();
        p.flush();
        assertEquals("[ ]", out.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Every other entry kind, with the keys, words and value forms of M2TEXT.md §2.3 worked by hand. */
    @Test
    void everyOtherKind() throws Exception {
        byte[] log = Printed.log(
                new LabelRecord(new Header(0, 101, 0), 0x7f1234567000L, 1, "a\"b", 0xffff88000abc0000L, 192,
                        0xffffffff81123456L),
                HostRecord.recordMode(new Header(0, 1, 0), 0, 3, "exim"),
                HostRecord.callTracing(new Header(0, 2, 0), 0, false, 3),
                new FcallRecord(new Header(2, 201, 0), 42, 0xffffffff81000100L, 0xabcdef, 1, 3),
                new SegmentRecord(new Header(0, 0, 0), 0xffff88000fc00000L, 0xffff88000fc20000L, 1, 4),
                new CallRecord(new Header(1, 301, 0), 0xffffffff81000105L, 0, 1),
                new LockRecord(new Header(0, 0, 5), 0xffffffff81200000L, 0xffff880001234560L, "dcache_lock", 1, 1),
                new TaskRecord(new Header(1, 0, 0), 1234, 1230, 9, "exim"),
                new SchedRecord(new Header(1, 0, 0), 1234),
                new MachineRecord(new Header(0, 0, 0), 4, 268435456L, 0, 1, false, true),
                new AppdataRecord(new Header(0, 0, 0), 1, 1000),
                new AscopeRecord(new Header(2, 0, 0), true, "syscall:open"),
                new AvarRecord(new Header(2, 0, 0), false, "inode:18"),
                new GcepochRecord(new Header(3, 7, 0), false),
                new SchedRecord(new Header(5, 6, 0), 1));
        Bytes.put32(log, log.length - 32, 42); // the last entry becomes an unknown type
        String expected = "[\n"
                + obj(0, 101, "\"type\": \"label\"", "\"label_type\": 1", "\"label\": \"a\"b\"",
                        "\"pc\": \"0xffffffff81123456\"", "\"host_addr\": \"0x7f1234567000\"",
                        "\"guest_addr\": \"0xffff88000abc0000\"", "\"bytes\": 192") + ",\n"
                + obj(0, 1, "\"type\": \"host\"", "\"host_type\": \"access_all_cpu\"", "\"mode\": \"kernelscope\"",
                        "\"access_str\": \"exim\"") + ",\n"
                + obj(0, 2, "\"type\": \"host\"", "\"host_type\": \"clear_cpu\"", "\"call_cpu\": 3") + ",\n"
                + obj(2, 201, "\"type\": \"fcall\"", "\"tid\": 42", "\"pc\": \"0xffffffff81000100\"",
                        "\"tag\": 11259375", "\"depth\": 1", "\"state\": \"unknown\"") + ",\n"
                + obj(0, 0, "\"type\": \"segment\"", "\"baseaddr\": \"0xffff88000fc00000\"",
                        "\"endaddr\": \"0xffff88000fc20000\"") + ",\n"
                + obj(1, 301, "\"type\": \"call\"", "\"ret\": 1", "\"target_pc\": \"0xffffffff81000105\"",
                        "\"return_pc\": \"0x0\"") + ",\n"
                + obj(0, 0, "\"type\": \"lock\"", "\"op\": \"ar\"", "\"pc\": \"0xffffffff81200000\"",
                        "\"lock\": \"0xffff880001234560\"", "\"str\": \"dcache_lock\"") + ",\n"
                + obj(1, 0, "\"type\": \"task\"", "\"tasktype\": \"unknown\"", "\"tid\": 1234", "\"tgid\": 1230",
                        "\"str\": \"exim\"") + ",\n"
                + obj(1, 0, "\"type\": \"sched\"", "\"tid\": 1234") + ",\n"
                + obj(0, 0, "\"type\": \"machine\"", "\"ncpu\": 4", "\"nram\": 268435456", "\"quantum\": 0",
                        "\"sample\": 1", "\"locked\": 0", "\"calls\": 1") + ",\n"
                + obj(0, 0, "\"type\": \"app\"", "\"apptype\": 1", "\"appval\": 1000") + ",\n"
                + obj(2, 0, "\"type\": \"ascope\"", "\"exit\": 1", "\"name\": \"syscall:open\"") + ",\n"
                + obj(2, 0, "\"type\": \"avar\"", "\"write\": 0", "\"name\": \"inode:18\"") + ",\n"
                + obj(3, 7, "\"type\": \"gcepoch\"", "\"begin\": 0") + ",\n"
                + obj(5, 6) + " ]";
        assertEquals(expected, document(log));
    }

    /** An entry object at nesting level 1: two-space indent for braces, four for keys. */
    static String obj(int cpu, long accessCount, String... keys) {
        StringBuilder b = new StringBuilder("  {\n    \"cpu\": " + cpu + ",\n    \"access_count\": " + accessCount);
        for (String k : keys) {
            b.append(",\n    ").append(k);
        }
        return b.append("\n  }").toString();
    }
}
