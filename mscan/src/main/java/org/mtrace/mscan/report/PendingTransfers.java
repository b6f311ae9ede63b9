package org.mtrace.mscan.report;

import java.util.Arrays;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.TransferModel;

/**
 * Accesses the report's pass has read but not yet run through the transfer model and the line
 * core, in columns, with what the trace state said of them when they were read (system call,
 * labelled object). {@link ReportCollector} applies them a batch at a time: first every table
 * slot the batch will probe is read ({@link #touch}), then the batch is applied in order.
 *
 * <p>Why: on a real recording every transfer probes two tables of millions of slots (the model's
 * line masks and the core's (line, CPU) counters), and probed one at a time each probe waits for
 * memory (a third of the pass on exim over Debian's 6.1 kernel, 28.5 M transfers). Read together,
 * the batch's probes wait for memory at the same time, and applying it finds them in the caches.
 *
 * <p>An object its label names that the report has not numbered yet is kept as the label's facts
 * ({@link #newObject}): only a transfer numbers an object, as when each access is applied as it
 * is read, so the report keeps no object that no transfer landed in (on a recording of every
 * access, most accesses move no line).
 */
final class PendingTransfers {
    /** Accesses per batch: enough probes to overlap their waits, few enough to stay in the caches. */
    static final int BATCH = 32;
    /** {@link #object}: a labelled object not numbered yet; its label's facts are kept. */
    static final int NEW_OBJECT = -1;

    final long[] hostAddr = new long[BATCH];
    final long[] addr = new long[BATCH];
    final long[] pc = new long[BATCH];
    final long[] syscallPc = new long[BATCH];
    final long[] entry = new long[BATCH];
    final long[] streamOffset = new long[BATCH];
    final int[] bytes = new int[BATCH];
    final int[] cpuAndStore = new int[BATCH];
    /** Whether the report's filters (CPUs, address scope) admit the access, if it transfers. */
    final boolean[] admitted = new boolean[BATCH];
    /** Object id (1 up), 0 for none, or {@link #NEW_OBJECT}. */
    final int[] object = new int[BATCH];
    final int[] shape = new int[BATCH];
    // the label of a NEW_OBJECT access
    final long[] newStart = new long[BATCH];
    final int[] newKind = new int[BATCH];
    final String[] newName = new String[BATCH];
    final int[] newLabelType = new int[BATCH];
    final long[] newAllocPc = new long[BATCH];
    private int size;
    /** What {@link #touch} read, kept so that the reads are not optimised away. */
    private long touched;

    int size() {
        return size;
    }

    boolean full() {
        return size == BATCH;
    }

    void clear() {
        Arrays.fill(newName, 0, size, null); // the names are the label maps': not kept alive by a batch
        size = 0;
    }

    /** Appends an access (one line, not straddling two) and returns its index. */
    int add(long hostAddr, long addr, int bytes, int cpu, boolean store, boolean admitted, long pc, long syscallPc,
            int object, int shape, long entry, long streamOffset) {
        int i = size++;
        this.admitted[i] = admitted;
        this.hostAddr[i] = hostAddr;
        this.addr[i] = addr;
        this.bytes[i] = bytes;
        this.cpuAndStore[i] = cpu << 1 | (store ? 1 : 0);
        this.pc[i] = pc;
        this.syscallPc[i] = syscallPc;
        this.object[i] = object;
        this.shape[i] = shape;
        this.entry[i] = entry;
        this.streamOffset[i] = streamOffset;
        return i;
    }

    /** Keeps the label of access {@code i}, whose object is {@link #NEW_OBJECT}. */
    void newObject(int i, int kind, long start, String name, int labelType, long allocPc) {
        newKind[i] = kind;
        newStart[i] = start;
        newName[i] = name;
        newLabelType[i] = labelType;
        newAllocPc[i] = allocPc;
    }

    static int cpu(int cpuAndStore) {
        return cpuAndStore >>> 1;
    }

    static boolean store(int cpuAndStore) {
        return (cpuAndStore & 1) != 0;
    }

    /** Reads the slots the batch's accesses will probe first, in the model and in the core. */
    void touch(TransferModel model, LineCore core) {
        long t = 0;
        for (int i = 0; i < size; i++) {
            t += model.touch(hostAddr[i]) + core.touch(addr[i], cpu(cpuAndStore[i]));
        }
        touched += t;
    }
}
