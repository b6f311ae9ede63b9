package org.mtrace.format.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/** Test logs: records with edge values, writing them, reading them back with the outcome. */
final class Logs {
    /** Entry sizes by type code, copied from FORMAT.md §2.1 (not from EntryType). */
    static final Map<Integer, Integer> SPEC_SIZES = Map.ofEntries(Map.entry(1, 124), Map.entry(2, 54),
            Map.entry(3, 108), Map.entry(4, 54), Map.entry(5, 46), Map.entry(6, 44), Map.entry(7, 109),
            Map.entry(8, 108), Map.entry(9, 32), Map.entry(10, 51), Map.entry(11, 34), Map.entry(12, 89),
            Map.entry(13, 89), Map.entry(14, 105), Map.entry(15, 25));

    static final long MAX_U64 = -1L;
    static final long MAX_U32 = 0xffffffffL;
    static final String S63 = "x".repeat(62) + "!";
    static final String S64 = "abcdefgh".repeat(8);

    private Logs() {
    }

    /** One entry of every kind with the largest value every field can hold, and one with zeros. */
    static List<EntryRecord> everyKind() {
        Header max = new Header(0xffff, MAX_U64, MAX_U64);
        Header zero = new Header(0, 0, 0);
        List<EntryRecord> l = new ArrayList<>();
        for (Header h : List.of(max, zero)) {
            boolean m = h == max;
            long u64 = m ? MAX_U64 : 0;
            long u32 = m ? MAX_U32 : 0;
            int u16 = m ? 0xffff : 0;
            int u8 = m ? 0xff : 0;
            l.add(new LabelRecord(h, u64, u32, m ? S63 : "", u64, u64, u64));
            l.add(new AccessRecord(h, u32, m, m, m, u64, u64, u64, u8));
            l.add(HostRecord.recordMode(h, u64, u32, m ? S63 : ""));
            l.add(HostRecord.callTracing(h, u64, m, m ? HostRecord.CURRENT_CPU : 0));
            l.add(new FcallRecord(h, u64, u64, u64, u16, u32));
            l.add(new SegmentRecord(h, u64, u64, u16, u32));
            l.add(new CallRecord(h, u64, u64, m ? -1 : 0));
            l.add(new LockRecord(h, u64, u64, m ? S63 : "", u32, u8));
            l.add(new TaskRecord(h, u64, u64, u32, m ? S63 : ""));
            l.add(new SchedRecord(h, u64));
            l.add(new MachineRecord(h, u16, u64, u64, u64, m, m));
            l.add(new AppdataRecord(h, u16, u64));
            l.add(new AscopeRecord(h, m, m ? S64 : ""));
            l.add(new AvarRecord(h, m, m ? S64 : ""));
            l.add(new GcRecord(h, u64, u64, m ? S64 : "", m));
            l.add(new GcepochRecord(h, m));
        }
        return l;
    }

    /** {@code n} entries cycling through every kind with varying values. */
    static List<EntryRecord> mixed(int n) {
        List<EntryRecord> kinds = everyKind();
        List<EntryRecord> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i % 7 == 3) {
                l.add(kinds.get(i % kinds.size()));
            } else {
                l.add(new AccessRecord(new Header(i % 8, i, 0), 1 + i % 3, i % 2 == 0, i % 5 == 0, false,
                        0xffffffff81000000L + 17L * i, 0x7f0000000000L + 8L * i, 0xffff880000000000L + 8L * i, 8));
            }
        }
        return l;
    }

    static byte[] write(List<EntryRecord> records, Compression c) throws IOException {
        return write(records, c, WriterOptions.DEFAULT);
    }

    /** {@link #write(List, Compression)} for field initialisers: an I/O error on a byte array is a test bug. */
    static byte[] write0(List<EntryRecord> records, Compression c) {
        try {
            return write(records, c);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] write(List<EntryRecord> records, Compression c, WriterOptions options) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(bytes, c, options)) {
            for (EntryRecord r : records) {
                w.write(r);
            }
        }
        return bytes.toByteArray();
    }

    /** Encodes records back to back with {@link EntryRecord#encode}, no container. */
    static byte[] raw(List<EntryRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EntryRecord r : records) {
            out.writeBytes(r.toBytes());
        }
        return out.toByteArray();
    }

    /** What reading produced: the entries, and the fault that ended it (null at a clean end). */
    record Outcome(List<EntryRecord> entries, LogFormatException fault) {
        Problem problem() {
            return fault == null ? null : fault.problem();
        }
    }

    static Outcome read(byte[] log, ReaderOptions options) throws IOException {
        return read(new ByteArrayInputStream(log), options);
    }

    static Outcome read(InputStream in, ReaderOptions options) throws IOException {
        List<EntryRecord> entries = new ArrayList<>();
        try (LogReader r = LogReader.open(in, "test.log", options)) {
            while (r.next()) {
                entries.add(r.entry().toRecord());
            }
        } catch (LogFormatException e) {
            return new Outcome(entries, e);
        }
        return new Outcome(entries, null);
    }

    /** Returns at most {@code step} bytes per read call, like a pipe or a slow stdin. */
    static InputStream trickle(byte[] data, int step) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static final ReaderOptions PARALLEL = ReaderOptions.STRICT.withInflateThreads(3);
    static final ReaderOptions SEQUENTIAL = ReaderOptions.STRICT.withInflateThreads(1);
}
