package org.mtrace.bench.mscan;

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
import org.mtrace.format.record.CallRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.MachineRecord;

/**
 * Writes the engine benchmark's synthetic log: {@code N} entries, 8 CPUs, recording in ascope
 * mode from start to end, 20,000 live heap labels that are freed and reallocated, system calls
 * (fcall start/done) with call/ret frames, and accesses (90 % of entries) with a hot set of
 * objects so that lines are shared between CPUs. Deterministic (fixed seed).
 *
 * <p>Usage: {@code BenchLog OUT.gz [ENTRIES]} (default 50,000,000).
 */
public final class BenchLog {
    static final int CPUS = 8;
    static final int OBJECTS = 20_000;
    static final int HOT = 1_000;
    static final int PCS = 512;
    static final long HEAP_BASE = 0xffff880000000000L;
    static final long TEXT_BASE = 0xffffffff81000000L;
    static final String[] TYPES = {"dentry", "inode", "file", "task_struct", "mm_struct", "page", "vm_area_struct"};

    private final LogWriter w;
    private final SplittableRandom rnd = new SplittableRandom(20261123);
    private final long[] objStart = new long[OBJECTS];
    private final int[] objSize = new int[OBJECTS];
    private final long[] tag = new long[CPUS];
    private final int[] depth = new int[CPUS];
    private long nextAddr = HEAP_BASE;
    private long nextTag = 1;
    private long ts = 1;
    private long written;

    private BenchLog(LogWriter w) {
        this.w = w;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BenchLog OUT.gz [ENTRIES]");
            System.exit(2);
        }
        long n = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 50_000_000L;
        long t0 = System.nanoTime();
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(Path.of(args[0])), 1 << 20);
                LogWriter w = LogWriter.create(os, Compression.BGZF, 1)) {
            new BenchLog(w).write(n);
        }
        System.err.printf("wrote %,d entries, %,d bytes in %.1f s%n", n, Files.size(Path.of(args[0])),
                (System.nanoTime() - t0) / 1e9);
    }

    private Header h(int cpu) {
        return new Header(cpu, written, ts++);
    }

    private void emit(org.mtrace.format.record.EntryRecord r) throws IOException {
        w.write(r);
        written++;
    }

    void write(long n) throws IOException {
        emit(new MachineRecord(h(0), CPUS, 1L << 32, 0, 0, false, true));
        emit(HostRecord.recordMode(h(0), 1_000, 2, "bench-app"));
        for (int i = 0; i < OBJECTS; i++) {
            allocate(i);
        }
        while (written < n - 2 * CPUS - 2) {
            int cpu = rnd.nextInt(CPUS);
            int r = rnd.nextInt(1000);
            if (r < 900) {
                access(cpu);
            } else if (r < 940) {
                if (tag[cpu] == 0) {
                    tag[cpu] = nextTag++;
                    emit(new FcallRecord(h(cpu), 100 + cpu, TEXT_BASE + 0x10000 + 0x100 * rnd.nextInt(16), tag[cpu], 0,
                            FcallState.START.code()));
                } else {
                    emit(new FcallRecord(h(cpu), 100 + cpu, 0, tag[cpu], 0, FcallState.DONE.code()));
                    tag[cpu] = 0;
                    depth[cpu] = 0;
                }
            } else if (r < 985) {
                if (tag[cpu] != 0 && (depth[cpu] == 0 || rnd.nextBoolean()) && depth[cpu] < 12) {
                    depth[cpu]++;
                    long target = TEXT_BASE + 0x1000 * rnd.nextInt(64);
                    emit(new CallRecord(h(cpu), target, TEXT_BASE + 16 * rnd.nextInt(PCS) + 5, 0));
                } else if (tag[cpu] != 0) {
                    depth[cpu]--;
                    emit(new CallRecord(h(cpu), 0, 0, 1));
                } else {
                    access(cpu);
                }
            } else {
                int victim = HOT + rnd.nextInt(OBJECTS - HOT); // churn the cold objects
                emit(new LabelRecord(h(cpu), 0, 1, TYPES[victim % TYPES.length], objStart[victim], 0, 0));
                allocate(victim);
            }
        }
        for (int cpu = 0; cpu < CPUS; cpu++) {
            if (tag[cpu] != 0) {
                emit(new FcallRecord(h(cpu), 100 + cpu, 0, tag[cpu], 0, FcallState.DONE.code()));
            }
        }
        emit(HostRecord.recordMode(h(0), 1_000 + written * 3, 0, ""));
    }

    private void allocate(int i) throws IOException {
        int size = 32 << rnd.nextInt(5); // 32..512
        objStart[i] = nextAddr;
        objSize[i] = size;
        nextAddr += size;
        emit(new LabelRecord(h(0), 0, 1, TYPES[i % TYPES.length], objStart[i], size,
                TEXT_BASE + 0x20000 + 0x40 * (i % 32)));
    }

    private void access(int cpu) throws IOException {
        int i = rnd.nextInt(10) < 8 ? rnd.nextInt(HOT) : rnd.nextInt(OBJECTS);
        long addr = objStart[i] + (rnd.nextInt(objSize[i]) & ~7);
        boolean store = rnd.nextInt(10) < 3;
        emit(new AccessRecord(new Header(cpu, written, 0), store ? AccessType.ST.code() : AccessType.LD.code(),
                rnd.nextInt(5) == 0, false, false, TEXT_BASE + 16L * rnd.nextInt(PCS), 0, addr, 8));
    }
}
