package org.mtrace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.mtrace.format.FcallState;
import org.mtrace.format.LabelType;
import org.mtrace.format.RecordMode;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.io.WriterOptions;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.MachineRecord;

/**
 * A deterministic log shaped like a movement-mode kernel trace: one machine
 * entry per CPU, a record-mode switch, then mostly access entries (kernel
 * PCs from a few thousand call sites, heap addresses clustered in a working
 * set of objects, host addresses mapped from guest addresses) with a label
 * about every 1000 entries and an fcall about every 200.
 */
final class SyntheticLog {
    private static final long GUEST_HEAP = 0xffff880000000000L;
    private static final long HOST_BASE = 0x00007f0000000000L;
    private static final long KERNEL_TEXT = 0xffffffff81000000L;
    private static final int OBJECTS = 1 << 16;
    private static final int CALL_SITES = 4096;
    private static final String[] TYPES = {"dentry", "inode", "file", "task_struct", "mm_struct", "vm_area_struct",
        "page", "sk_buff", "kmalloc-64", "kmalloc-256"};

    private final int cpus;
    private final long seed;

    SyntheticLog(int cpus, long seed) {
        this.cpus = cpus;
        this.seed = seed;
    }

    /** Writes {@code entries} entries (the same ones for the same seed) and returns the count written. */
    long write(Path path, long entries, Compression compression, WriterOptions options) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] objectBase = new long[OBJECTS];
        for (int i = 0; i < OBJECTS; i++) {
            objectBase[i] = GUEST_HEAP + (long) i * 512 + (rnd.nextInt(8) << 6);
        }
        long[] callSite = new long[CALL_SITES];
        for (int i = 0; i < CALL_SITES; i++) {
            callSite[i] = KERNEL_TEXT + rnd.nextInt(1 << 24);
        }
        long accessCount = 0;
        long[] ts = new long[cpus];
        try (LogWriter w = LogWriter.create(path, compression, options)) {
            for (int c = 0; c < cpus && w.entriesWritten() < entries; c++) {
                w.write(new MachineRecord(new Header(0, 0, 0), cpus, 4L << 30, 0, 1, false, false));
            }
            if (w.entriesWritten() < entries) {
                w.write(HostRecord.recordMode(new Header(0, 0, 1000), 1000, RecordMode.MOVEMENT.code(), "bench"));
            }
            int cpu = 0;
            while (w.entriesWritten() < entries) {
                if (rnd.nextInt(64) == 0) {
                    cpu = rnd.nextInt(cpus); // CPUs run in bursts, as under the emulator's round robin
                }
                ts[cpu] += 1 + rnd.nextInt(40);
                int kind = rnd.nextInt(1000);
                int obj = hotObject(rnd);
                if (kind < 1) {
                    String type = TYPES[obj % TYPES.length];
                    long guest = objectBase[obj];
                    w.write(new LabelRecord(new Header(cpu, accessCount, ts[cpu]), HOST_BASE + (guest - GUEST_HEAP),
                            LabelType.HEAP.code(), type, guest, rnd.nextBoolean() ? 192 : 0, callSite[obj % CALL_SITES]));
                } else if (kind < 6) {
                    long state = FcallState.values()[rnd.nextInt(FcallState.values().length)].code();
                    w.write(new FcallRecord(new Header(cpu, accessCount, ts[cpu]), 1000 + cpu, callSite[rnd.nextInt(CALL_SITES)],
                            0x10000L * (cpu + 1) + rnd.nextInt(16), rnd.nextInt(8), state));
                } else {
                    long guest = objectBase[obj] + (rnd.nextInt(64) << 3);
                    int type = rnd.nextInt(10) < 7 ? 1 : 2;
                    int width = rnd.nextInt(8) < 6 ? 8 : 4;
                    w.write(new AccessRecord(new Header(cpu, accessCount, 0), type, true, rnd.nextInt(100) == 0, false,
                            callSite[rnd.nextInt(CALL_SITES)], HOST_BASE + (guest - GUEST_HEAP), guest, width));
                    accessCount += 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(50) : 0);
                }
            }
            return w.entriesWritten();
        }
    }

    /** Skewed object choice: a few hot objects take most accesses, as shared kernel structures do. */
    private static int hotObject(SplittableRandom rnd) {
        int bits = 4 + rnd.nextInt(13);
        return rnd.nextInt(1 << bits);
    }
}
