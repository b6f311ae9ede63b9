package org.mtrace.format.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mtrace.format.print.Printed.lines;

import java.io.OutputStream;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mtrace.format.Bytes;
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

/** Every JSON line must parse (with an independent strict parser) to the hand-written object. */
class JsonLinesPrinterTest {
    static final Function<OutputStream, EntryPrinter> JSON = EntryPrinter::jsonLines;
    static final String U64_MAX = "18446744073709551615";

    /** Builds an ordered expectation from key/value pairs; numbers are given as strings of digits. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            Object v = kv[k + 1];
            m.put((String) kv[k], v instanceof Integer || v instanceof Long ? BigInteger.valueOf(((Number) v).longValue())
                    : v instanceof Num n ? new BigInteger(n.digits) : v);
        }
        return m;
    }

    /** A JSON number too large for a long. */
    record Num(String digits) {
    }

    static Map<String, Object> header(String type, int size, int cpu, Object accessCount, Object ts, Object... rest) {
        Object[] kv = new Object[10 + rest.length];
        Object[] head = {"type", type, "size", size, "cpu", cpu, "access_count", accessCount, "ts", ts};
        System.arraycopy(head, 0, kv, 0, 10);
        System.arraycopy(rest, 0, kv, 10, rest.length);
        return obj(kv);
    }

    static void assertParsesTo(List<Map<String, Object>> expected, List<String> lines) {
        assertEquals(expected.size(), lines.size(), lines.toString());
        for (int k = 0; k < lines.size(); k++) {
            Object parsed = MiniJson.parse(lines.get(k));
            assertEquals(expected.get(k), parsed, lines.get(k));
            // key order is part of the stable format
            assertEquals(List.copyOf(expected.get(k).keySet()), List.copyOf(((Map<?, ?>) parsed).keySet()));
        }
    }

    @Test
    void theSpecsAccessExampleExactly() {
        AccessRecord r = new AccessRecord(new Header(1, 4660, 0), 2, true, false, false, 0xffffffff81234567L,
                0x00007f0012345678L, 0xffff880012345678L, 8);
        assertEquals(List.of("{\"type\":\"access\",\"size\":54,\"cpu\":1,\"access_count\":4660,\"ts\":0,"
                + "\"access_type\":\"st\",\"traffic\":true,\"lock\":false,\"deps\":false,\"pc\":\"0xffffffff81234567\","
                + "\"host_addr\":\"0x7f0012345678\",\"guest_addr\":\"0xffff880012345678\",\"bytes\":8}"), lines(JSON, r));
    }

    @Test
    void everyEntryType() {
        EntryRecord[] records = {
            new LabelRecord(new Header(3, 101, 55), 0x7f1234567000L, 1, "dentry", 0xffff88000abc0000L, 192,
                    0xffffffff81123456L),
            new AccessRecord(new Header(3, 7, 0), 1, true, true, true, 0x401000L, 0x7f00aaL, 0x1000L, 4),
            HostRecord.recordMode(new Header(1, 9, 10), 12345, 3, "exim"),
            HostRecord.callTracing(new Header(2, 100, 11), 0, true, HostRecord.CURRENT_CPU),
            HostRecord.callTracing(new Header(2, 101, 12), 0, false, 3),
            new FcallRecord(new Header(2, 201, 13), 42, 0xffffffff81000100L, 0xabcdef, 1, 3),
            new SegmentRecord(new Header(0, 0, 14), 0xffff88000fc00000L, 0xffff88000fc20000L, 1, 4),
            new CallRecord(new Header(1, 301, 15), 0xffffffff81000105L, 0, 1),
            new LockRecord(new Header(0, 0, 123456), 0xffffffff81200000L, 0xffff880001234560L, "dcache_lock", 2, 1),
            new TaskRecord(new Header(1, 0, 16), 1234, 1230, 1, "exim"),
            new SchedRecord(new Header(1, 0, 17), 1234),
            new MachineRecord(new Header(0, 0, 0), 4, 268435456L, 0, 1, false, true),
            new AppdataRecord(new Header(0, 0, 18), 1, 1000),
            new AscopeRecord(new Header(2, 0, 19), false, "syscall:open"),
            new AvarRecord(new Header(2, 0, 20), true, "inode:17"),
            new GcRecord(new Header(1, 600, 21), 0xffff880002000000L, 64, "file", true),
            new GcepochRecord(new Header(1, 601, 22), true),
        };
        assertParsesTo(List.of(
                header("label", 124, 3, 101, 55, "host_addr", "0x7f1234567000", "label_type", "heap", "str", "dentry",
                        "guest_addr", "0xffff88000abc0000", "bytes", 192, "pc", "0xffffffff81123456"),
                header("access", 54, 3, 7, 0, "access_type", "ld", "traffic", true, "lock", true, "deps", true,
                        "pc", "0x401000", "host_addr", "0x7f00aa", "guest_addr", "0x1000", "bytes", 4),
                header("host", 108, 1, 9, 10, "host_type", "access_all_cpu", "global_ts", 12345, "mode", "kernelscope",
                        "access_str", "exim"),
                header("host", 108, 2, 100, 11, "host_type", "call_set_cpu", "global_ts", 0, "call_cpu", new Num(U64_MAX),
                        "current_cpu", true),
                header("host", 108, 2, 101, 12, "host_type", "call_clear_cpu", "global_ts", 0, "call_cpu", 3,
                        "current_cpu", false),
                header("fcall", 54, 2, 201, 13, "tid", 42, "pc", "0xffffffff81000100", "tag", "0xabcdef", "depth", 1,
                        "state", "done_value"),
                header("segment", 46, 0, 0, 14, "baseaddr", "0xffff88000fc00000", "endaddr", "0xffff88000fc20000",
                        "segment_cpu", 1, "object_type", "percpu"),
                header("call", 44, 1, 301, 15, "target_pc", "0xffffffff81000105", "return_pc", "0x0", "ret", 1),
                header("lock", 109, 0, 0, 123456, "pc", "0xffffffff81200000", "lock", "0xffff880001234560",
                        "str", "dcache_lock", "op", "acquired", "read", 1),
                header("task", 108, 1, 0, 16, "tid", 1234, "tgid", 1230, "task_type", "init", "str", "exim"),
                header("sched", 32, 1, 0, 17, "tid", 1234),
                header("machine", 51, 0, 0, 0, "num_cpus", 4, "num_ram", 268435456, "quantum", 0, "sample", 1,
                        "locked", false, "calls", true),
                header("appdata", 34, 0, 0, 18, "appdata_type", 1, "u64", 1000),
                header("ascope", 89, 2, 0, 19, "exit", false, "name", "syscall:open"),
                header("avar", 89, 2, 0, 20, "write", true, "name", "inode:17"),
                header("gc", 105, 1, 600, 21, "base", "0xffff880002000000", "nbytes", 64, "name", "file", "gc", true),
                header("gcepoch", 25, 1, 601, 22, "begin", true)), lines(JSON, records));
    }

    @Test
    void edgeValuesAndUndefinedEnums() {
        long max = -1L;
        EntryRecord[] records = {
            new AccessRecord(new Header(65535, max, max), 0, false, false, false, max, 0, max, 255),
            new FcallRecord(new Header(0, 0, 0), max, 0, 0, 65535, 9),
            new CallRecord(new Header(0, 0, 0), 0, max, -1),
            new HostRecord(new Header(0, 0, 0), 77, max, 0, "", 0),
            new TaskRecord(new Header(0, 0, 0), 0, max, 0, ""),
        };
        assertParsesTo(List.of(
                header("access", 54, 65535, new Num(U64_MAX), new Num(U64_MAX), "access_type", "0", "traffic", false,
                        "lock", false, "deps", false, "pc", "0xffffffffffffffff", "host_addr", "0x0",
                        "guest_addr", "0xffffffffffffffff", "bytes", 255),
                header("fcall", 54, 0, 0, 0, "tid", new Num(U64_MAX), "pc", "0x0", "tag", "0x0", "depth", 65535,
                        "state", "9"),
                header("call", 44, 0, 0, 0, "target_pc", "0x0", "return_pc", "0xffffffffffffffff", "ret", -1),
                header("host", 108, 0, 0, 0, "host_type", "77", "global_ts", new Num(U64_MAX)),
                header("task", 108, 0, 0, 0, "tid", 0, "tgid", new Num(U64_MAX), "task_type", "0", "str", "")),
                lines(JSON, records));
    }

    @Test
    void stringsAreEscapedAndStayAscii() {
        String nasty = "q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f caf\u00e9\u00ff";
        String name64 = "x".repeat(63) + "\"";
        List<String> out = lines(JSON, new AvarRecord(new Header(0, 0, 0), true, nasty),
                new AscopeRecord(new Header(0, 0, 0), true, name64), new SchedRecord(new Header(0, 0, 0), 5));
        for (String l : out) {
            l.chars().forEach(c -> {
                if (c < 0x20 || c > 0x7e) {
                    throw new AssertionError("non-printable-ASCII character " + c + " in " + l);
                }
            });
        }
        assertParsesTo(List.of(
                header("avar", 89, 0, 0, 0, "write", true, "name", nasty),
                header("ascope", 89, 0, 0, 0, "exit", true, "name", name64),
                header("sched", 32, 0, 0, 0, "tid", 5)), out);
    }

    @Test
    void unknownTypeGivesItsHeader() {
        byte[] log = Printed.log(new SchedRecord(new Header(4, 8, 9), 1));
        Bytes.put32(log, 0, 99);
        assertParsesTo(List.of(header("99", 32, 4, 8, 9)), lines(JSON, log));
    }

    @Test
    void miniJsonRejectsInvalidJson() {
        for (String bad : List.of("{\"a\":1,}", "{\"a\":\"\u0001\"}", "{\"a\":1}x", "{\"a\":01}", "{'a':1}",
                "{\"a\":1,\"a\":2}", "{\"a\":\"\\x\"}")) {
            assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad), bad);
        }
    }
}
