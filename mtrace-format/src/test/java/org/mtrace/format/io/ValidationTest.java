package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mtrace.format.Entry;
import org.mtrace.format.record.EntryRecord;

/** Entry headers the reader must refuse (FORMAT.md §2.2), wherever they sit in the stream. */
class ValidationTest {
    /** 19418 access entries end 4 bytes before the reader's 1 MiB block boundary. */
    private static final int BEFORE_BLOCK_END = (1 << 20) / 54;

    /** A 24-byte header followed by {@code body} zero bytes. */
    private static byte[] header(long type, int size, int body) {
        byte[] b = new byte[24 + body];
        b[0] = (byte) type;
        b[1] = (byte) (type >>> 8);
        b[2] = (byte) (type >>> 16);
        b[3] = (byte) (type >>> 24);
        b[4] = (byte) size;
        b[5] = (byte) (size >>> 8);
        return b;
    }

    @ParameterizedTest(name = "type {0} size {1} -> {2}")
    @CsvSource({
        "0, 54, UNKNOWN_TYPE", "16, 54, UNKNOWN_TYPE", "4294967295, 54, UNKNOWN_TYPE",
        "2, 53, SIZE_TOO_SMALL", "1, 123, SIZE_TOO_SMALL", "2, 23, SIZE_TOO_SMALL", "2, 0, SIZE_TOO_SMALL",
        "1, 125, SIZE_TOO_LARGE", "2, 65535, SIZE_TOO_LARGE", "99, 200, SIZE_TOO_LARGE"})
    void badHeadersAreReportedAtTheirOffsetAndIndexAfterEveryEarlierEntry(long type, int size, Problem problem)
            throws Exception {
        for (int entriesBefore : new int[] {0, 3, BEFORE_BLOCK_END}) {
            List<EntryRecord> good = Logs.mixed(entriesBefore);
            byte[] goodBytes = Logs.raw(good);
            byte[] log = Logs.concat(goodBytes, header(type, size, 200), Logs.raw(Logs.mixed(10)));
            for (Compression c : Compression.values()) {
                byte[] stored = c == Compression.RAW ? log : gzipRaw(log, c);
                Logs.Outcome o = Logs.read(stored, Logs.PARALLEL);
                String where = c + " after " + entriesBefore;
                assertEquals(problem, o.problem(), where);
                assertEquals(good.size(), o.entries().size(), where);
                assertEquals(good, o.entries(), where);
                assertEquals(entriesBefore, o.fault().entryIndex(), where);
                assertEquals(goodBytes.length, o.fault().offset(), where);
                assertEquals("test.log: entry " + entriesBefore + " at byte offset " + goodBytes.length + ": "
                        + o.fault().detail(), o.fault().getMessage());
            }
        }
    }

    @Test
    void messagesNameTheValues() throws Exception {
        assertEquals("entry too big: 125 > 124 (type 1)",
                Logs.read(header(1, 125, 120), Logs.PARALLEL).fault().detail());
        assertEquals("access entry size 53 is below its layout size 54",
                Logs.read(header(2, 53, 60), Logs.PARALLEL).fault().detail());
        assertEquals("unknown entry type 16 (size 54)", Logs.read(header(16, 54, 60), Logs.PARALLEL).fault().detail());
    }

    /** Stores an already encoded stream in a gzip container by writing it as one opaque "entry" at a time. */
    private static byte[] gzipRaw(byte[] stream, Compression c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(out, c)) {
            for (int at = 0; at < stream.length; at += 100) {
                w.writeEncoded(stream, at, Math.min(100, stream.length - at));
            }
        }
        return out.toByteArray();
    }

    @Test
    void lenientReadingDeliversUnknownTypesAndGoesOn() throws Exception {
        List<EntryRecord> after = Logs.mixed(5);
        byte[] log = Logs.concat(header(42, 30, 6), Logs.raw(after));
        int unknown = 0;
        int known = 0;
        try (LogReader r = LogReader.open(new ByteArrayInputStream(log), "x", ReaderOptions.STRICT.withSkipUnknownTypes(true))) {
            while (r.next()) {
                Entry e = r.entry();
                if (e.type() == null) {
                    assertEquals(42, e.typeCode());
                    assertEquals(30, e.size());
                    unknown++;
                } else {
                    known++;
                }
            }
        }
        assertEquals(1, unknown);
        assertEquals(after.size(), known);
        // sizes outside 24..124 still end lenient reading
        Logs.Outcome o = Logs.read(Logs.concat(header(42, 20, 6), Logs.raw(after)),
                ReaderOptions.STRICT.withSkipUnknownTypes(true));
        assertEquals(Problem.UNKNOWN_TYPE, o.problem());
    }

    @Test
    void entriesLongerThanTheirLayoutAreAcceptedAndSkippedBySize() throws Exception {
        // a guest built against a newer header may pass a larger size (FORMAT.md §2.2): the reader follows size
        byte[] grown = header(9, 40, 16); // sched is 32 bytes
        grown[24] = 7; // tid
        List<EntryRecord> after = Logs.mixed(3);
        Logs.Outcome o = Logs.read(Logs.concat(grown, Logs.raw(after)), Logs.PARALLEL);
        assertNull(o.fault());
        assertEquals(4, o.entries().size());
        assertEquals(7, ((org.mtrace.format.record.SchedRecord) o.entries().get(0)).tid());
        assertEquals(after, o.entries().subList(1, 4));
        assertTrue(o.entries().get(0) instanceof org.mtrace.format.record.SchedRecord);
    }
}
