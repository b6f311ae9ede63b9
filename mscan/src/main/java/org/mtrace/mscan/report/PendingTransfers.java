package org.mtrace.mscan.report;

import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.TransferModel;

/**
 * A chunk of accesses the report's pass has read but not yet run through the transfer model and
 * the line core, in columns, with what the trace state said of them when they were read (system
 * call, context, the label of the object at the address). The pass fills a chunk and hands it to
 * the counting thread ({@link ApplyingThread}), which runs it through {@link TransferCounter}.
 *
 * <p>A record is one access of one line ({@link #ONE_LINE}) or half of an access that straddles
 * two lines: the access itself with the count of its first line ({@link #STRADDLE}), then the
 * count of its second line ({@link #SECOND}), which counts if the model says the access moved
 * that line. A straddling access is never split across chunks.
 *
 * <p>Why the object's label and not an object id: the label maps are the pass's, the objects'
 * numbers the counting thread's (they are numbered by their first transfer, which only the model
 * knows); the label's facts are what numbering an object needs.
 */
final class PendingTransfers {
    /** Accesses per chunk: enough to make handing chunks between threads cheap, few enough to stay in the caches. */
    static final int CHUNK = 4096;
    /** Accesses whose table slots {@link #touch} reads ahead together: enough probes to overlap their waits. */
    static final int TOUCH_AHEAD = 32;

    static final byte ONE_LINE = 0;
    static final byte STRADDLE = 1;
    static final byte SECOND = 2;

    final byte[] part;
    /** Host address and bytes of the access, for the model ({@link #ONE_LINE}, {@link #STRADDLE}). */
    final long[] hostAddr;
    final int[] bytes;
    /** Guest address and bytes counted in its line. */
    final long[] addr;
    final int[] countBytes;
    final int[] cpuAndStore;
    /** Whether the report's filters (CPUs, address scope) admit the count, if its line moves. */
    final boolean[] admitted;
    final long[] pc;
    final long[] syscallPc;
    /** The context's number ({@link org.mtrace.mscan.lines.ContextSightings}). */
    final int[] context;
    /** The call stack the access was made under ({@link CallStackIds}; 0: none). */
    final int[] stack;
    /** The label of the object at the address. */
    final ObjectLabel label;
    /** For an access by user code, the name of the thread that made it ({@link RunningThreads}; null: kernel code, or unknown). */
    final String[] program;
    final long[] entry;
    final long[] streamOffset;
    private int size;
    /** Accesses the model found moving a line, once the chunk was applied (how worthwhile chunks are). */
    int moved;

    PendingTransfers(int capacity) {
        part = new byte[capacity];
        hostAddr = new long[capacity];
        bytes = new int[capacity];
        addr = new long[capacity];
        countBytes = new int[capacity];
        cpuAndStore = new int[capacity];
        admitted = new boolean[capacity];
        pc = new long[capacity];
        syscallPc = new long[capacity];
        context = new int[capacity];
        stack = new int[capacity];
        label = new ObjectLabel(capacity);
        program = new String[capacity];
        entry = new long[capacity];
        streamOffset = new long[capacity];
    }

    int size() {
        return size;
    }

    /** Room for {@code n} more records. */
    boolean hasRoom(int n) {
        return size + n <= part.length;
    }

    void clear() {
        label.clear(size);
        size = 0;
        moved = 0;
    }

    /** Appends a record; its object's label is {@link ObjectLabel#NONE} until set. Returns its index. */
    int add(byte part, long hostAddr, int bytes, long addr, int countBytes, int cpu, boolean store, boolean admitted,
            long pc, long syscallPc, int context, int stack, String program, long entry, long streamOffset) {
        int i = size++;
        this.part[i] = part;
        this.hostAddr[i] = hostAddr;
        this.bytes[i] = bytes;
        this.addr[i] = addr;
        this.countBytes[i] = countBytes;
        this.cpuAndStore[i] = cpu << 1 | (store ? 1 : 0);
        this.admitted[i] = admitted;
        this.pc[i] = pc;
        this.syscallPc[i] = syscallPc;
        this.context[i] = context;
        this.stack[i] = stack;
        this.program[i] = program;
        this.entry[i] = entry;
        this.streamOffset[i] = streamOffset;
        label.none(i);
        return i;
    }

    static int cpu(int cpuAndStore) {
        return cpuAndStore >>> 1;
    }

    static boolean store(int cpuAndStore) {
        return (cpuAndStore & 1) != 0;
    }

    /**
     * Reads the slots records {@code from} to {@code to} will probe first, in the model and in the
     * core, so that their waits for memory overlap; returns what it read, for the caller to keep (a
     * read whose value is unused may be dropped by the compiler).
     */
    long touch(int from, int to, TransferModel model, LineCore core) {
        long t = 0;
        for (int i = from; i < to; i++) {
            t += model.touch(hostAddr[i]) + core.touch(addr[i], cpu(cpuAndStore[i]));
        }
        return t;
    }
}
