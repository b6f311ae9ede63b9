package org.mtrace.analyses.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.mtrace.format.AccessType;
import org.mtrace.format.FcallState;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.MachineRecord;

/**
 * Writes a synthetic ascope-mode log for benchmarks: 8 CPUs, one call stack each, system-call
 * abstract scopes of 40 accesses (70% loads; 60% to a CPU-private region of 32 KiB, 40% to 64
 * shared lines), 2000 labelled heap objects, a new test case every million entries and
 * abstract variables on one scope in 500. Each address is accessed from one of two PCs.
 *
 * <p>Usage: {@code SyntheticAscopeLog OUT ENTRIES}.
 */
public final class SyntheticAscopeLog {
    private static final long K = 0xffff880000000000L;
    private static final int CPUS = 8;

    private SyntheticAscopeLog() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long entries = Long.parseLong(args[1]);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
                LogWriter w = LogWriter.create(os, Compression.BGZF, 1)) {
            write(w, entries);
        }
    }

    /** Each address is touched by one of two instructions (as real code does, few PCs per field). */
    private static long pcFor(long addr, SplittableRandom rnd) {
        return 0xffffffff81200000L + ((addr >>> 3) % 997) * 4 + rnd.nextInt(2) * 0x10000L;
    }

    static void write(LogWriter w, long entries) throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        long n = 0;
        long ts = 1;
        for (int i = 0; i < CPUS; i++) {
            w.write(new MachineRecord(new Header(0, 0, 0), CPUS, 1L << 30, 0, 1, false, false));
        }
        for (int i = 0; i < 2000; i++) {
            w.write(new LabelRecord(new Header(0, 0, ts++), 0, 1, "obj" + (i % 20), K + 0x200000 + i * 256L, 256,
                    0xffffffff81000000L + i));
        }
        w.write(HostRecord.recordMode(new Header(0, 0, ts++), 1000, 2, "test0"));
        for (int c = 0; c < CPUS; c++) {
            w.write(new FcallRecord(new Header(c, 0, ts++), c + 1, 0xffffffff81100000L, c + 1, 0,
                    FcallState.START.code()));
        }
        long accessCount = 0;
        long op = 0;
        int testCase = 0;
        while (n < entries) {
            int cpu = (int) (op % CPUS);
            String scope = "syscall:op" + (op % 13);
            w.write(new AscopeRecord(new Header(cpu, accessCount, ts++), false, scope));
            n++;
            if (op % 500 == 0) {
                w.write(new AvarRecord(new Header(cpu, accessCount, ts++), false, "inode:" + (op % 7)));
                w.write(new AvarRecord(new Header(cpu, accessCount, ts++), true, "dir:" + (op % 11)));
                n += 2;
            }
            for (int i = 0; i < 40; i++) {
                boolean store = rnd.nextInt(10) < 3;
                long addr;
                int r = rnd.nextInt(10);
                if (r < 6) {
                    addr = K + 0x100000L * cpu + rnd.nextInt(4096) * 8L;
                } else if (r < 9) {
                    addr = K + 0x200000 + rnd.nextInt(64) * 64L + rnd.nextInt(8) * 8L;
                } else {
                    addr = K + 0x200000 + rnd.nextInt(2000 * 32) * 8L;
                }
                w.write(new AccessRecord(new Header(cpu, ++accessCount, 0),
                        store ? AccessType.ST.code() : AccessType.LD.code(), true, false, false,
                        pcFor(addr, rnd), 0x7f0000000000L + (addr & 0xffffffffL), addr, 8));
            }
            n += 40;
            w.write(new AscopeRecord(new Header(cpu, accessCount, ts++), true, scope));
            n++;
            op++;
            if (n / 1_000_000 > testCase) {
                testCase++;
                w.write(HostRecord.recordMode(new Header(0, accessCount, ts++), 1000 + n, 0, "test" + (testCase - 1)));
                w.write(HostRecord.recordMode(new Header(0, accessCount, ts++), 1000 + n, 2, "test" + testCase));
                n += 2;
            }
        }
        w.write(HostRecord.recordMode(new Header(0, accessCount, ts++), 2000 + n, 0, "test" + testCase));
    }
}
