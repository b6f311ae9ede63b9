package org.mtrace.m2text;

import java.nio.file.Path;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.MachineRecord;

/**
 * Writes a benchmark log: 4 machine entries, a record-mode switch, then N
 * access entries with varied CPUs, kinds, flags and addresses (the mix a
 * movement-mode log consists of). Usage: {@code BenchLog OUT N RAW|BGZF|GZIP}.
 */
public final class BenchLog {
    private BenchLog() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        Compression c = Compression.valueOf(args.length > 2 ? args[2] : "BGZF");
        try (LogWriter w = LogWriter.create(out, c)) {
            for (int cpu = 0; cpu < 4; cpu++) {
                w.write(new MachineRecord(Header.cpu(0), 4, 1L << 30, 0, 1, true, false));
            }
            w.write(HostRecord.recordMode(Header.cpu(0), 0, 1, "bench"));
            long x = 0x9E3779B97F4A7C15L;
            for (long i = 0; i < n; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                long line = (x & 0xfffff) << 6;
                w.write(new AccessRecord(new Header((int) (i & 3), i * 3, 0), 1 + (x >>> 62) % 3, true,
                        (x & 0x100000) == 0, false, 0xffffffff81000000L + ((x >>> 20) & 0xffffff),
                        0x7f0000000000L + line, 0xffff880000000000L + line, 1 << ((x >>> 50) & 3)));
            }
        }
    }
}
