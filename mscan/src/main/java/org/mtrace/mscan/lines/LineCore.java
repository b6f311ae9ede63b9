package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * The shared cache-line core: which accesses are transfers ({@link TransferModel}) and, per line
 * of the window, primitive state for the transfers: counts, the CPUs that read and wrote it, per
 * CPU read and write byte masks (the true/false sharing verdict is decided from them), and the
 * transfers under each coalescing {@link Key}. A transfer costs one probe of the (line, CPU)
 * table, whose slots hold the counters ({@link LineCpuCounts}), one key append
 * ({@link KeyCounter}) and no allocation; the per-line totals are summed from the (line, CPU)
 * counters after the pass.
 */
public final class LineCore {
    private final LineSize lineSize;
    private TransferModel model; // null once the pass is over (endPass)
    /**
     * Line address to line id and back (Eclipse's LongIntHashMap fell into its slow collision path
     * on line addresses); frozen once the pass is over.
     */
    private final Interner lineIds = new Interner();
    private final Interner pcs = new Interner();
    private final Interner syscalls = new Interner();
    /** (PC id, system call id, CPU, store) tuples ({@link Key#context}) by the ids the keys hold. */
    private final Interner contexts = new Interner();
    /** Per (line, CPU) transfers and byte masks: one probe per transfer finds the line id and its counters. */
    private final LineCpuCounts lineCpus = new LineCpuCounts();
    private final KeyCounter keys = new KeyCounter();

    // per line id, after the pass: the totals (sums over the line's CPUs)
    private long[] lineReads;
    private long[] lineWrites;
    private long[] readers;
    private long[] writers;
    /** Context ids in front of the interners. */
    private final ContextCache cachedContext = new ContextCache();
    /** Context id + 1 by sighting (see {@link ContextSightings}), 0 before its first transfer. */
    private int[] contextOfSighting = new int[1024];
    /** The bytes of accesses that moved no line, on their way into the masks. */
    private final StillBytes stillBytes = new StillBytes(lineCpus);

    public LineCore(LineSize lineSize) {
        this.lineSize = lineSize;
        this.model = new TransferModel(lineSize);
        syscalls.idOf(0); // id 0: "in no system call"
    }

    public LineSize lineSize() {
        return lineSize;
    }

    /** The model (reset it where the log enters movement mode). */
    public TransferModel model() {
        return model;
    }

    /** The PCs of the contexts, by {@link Key#pcId}. */
    public Interner pcs() {
        return pcs;
    }

    /** The system-call entry PCs of the contexts (id 0: PC 0, no system call), by {@link Key#syscallId}. */
    public Interner syscalls() {
        return syscalls;
    }

    /** The number of contexts; ids are 0 up to this. */
    public int contexts() {
        return contexts.size();
    }

    /** The context (PC, system call, CPU, store) of a key, for {@link Key#pcId} and its kin. */
    public long context(int id) {
        return contexts.value(id);
    }

    /**
     * Counts one transfer (an {@link IllegalStateException} past 2^16 system-call entry points or
     * 2^32 - 1 transfers of one line by one CPU, far beyond real logs): {@code bytes}
     * at guest address {@code addr} by {@code cpu}, from {@code pc}, during the system call entered
     * at {@code syscallPc} (0: none), inside a labelled object of shape {@code shapeId} (see
     * {@link Key}; 0: none) whose id is {@code objectId} (kept with the key's first transfer).
     * Returns the line's id.
     */
    public int count(long addr, int bytes, int cpu, boolean store, long pc, long syscallPc, int shapeId,
            int objectId) {
        return count(addr, bytes, cpu, store, pc, syscallPc, shapeId, objectId, -1);
    }

    /**
     * {@link #count(long, int, int, boolean, long, long, int, int)} of a transfer whose context the
     * reading thread numbered {@code sighting} ({@link ContextSightings}; -1: not numbered).
     */
    public int count(long addr, int bytes, int cpu, boolean store, long pc, long syscallPc, int shapeId,
            int objectId, int sighting) {
        long line = lineSize.lineOf(addr);
        int offset = lineSize.offsetOf(addr);
        stillBytes.beforeTransfer(line, cpu); // it may make the (line, CPU) slot
        int slot = lineCpus.slotOf(line, cpu, lineIds);
        int id = lineCpus.lineId(slot);
        long bytesMask = lineSize.byteMask(offset, bytes);
        if (store) {
            lineCpus.countStore(slot, bytesMask);
        } else {
            lineCpus.countLoad(slot, bytesMask);
        }
        lineReads = null; // the totals are stale
        int context = sighting < 0 ? contextId(pc, syscallPc, cpu, store) : sighted(sighting, pc, syscallPc, cpu, store);
        keys.add(Key.place(id, context), Key.data(offset, bytes, shapeId), objectId);
        return id;
    }

    /**
     * An access that moved no line (a load of a line its CPU holds, a store to one it holds alone;
     * a log recorded with every access has mostly these): counts no transfer, but its bytes join
     * the CPU's load or store mask of the line if the CPU has had a transfer of that line before
     * ({@link StillBytes}), so that the verdicts see every byte a CPU touched on a line from its
     * first transfer of it on (docs/report.md, "verdict").
     */
    public void still(long addr, int bytes, int cpu, boolean store) {
        stillBytes.add(lineSize.lineOf(addr), lineSize.byteMask(lineSize.offsetOf(addr), bytes), cpu, store);
    }

    /** The context id of a sighted context, looked up on its first transfer and remembered by its sighting. */
    private int sighted(int sighting, long pc, long syscallPc, int cpu, boolean store) {
        if (sighting >= contextOfSighting.length) {
            contextOfSighting = Arrays.copyOf(contextOfSighting, Math.max(sighting + 1, 2 * contextOfSighting.length));
        }
        int c = contextOfSighting[sighting];
        if (c == 0) {
            c = contextId(pc, syscallPc, cpu, store) + 1;
            contextOfSighting[sighting] = c;
        }
        return c - 1;
    }

    /** Reads where {@link #count} of a transfer at {@code addr} by {@code cpu} will probe (see TransferModel.touch). */
    public long touch(long addr, int cpu) {
        return lineCpus.touch(lineSize.lineOf(addr), cpu);
    }

    private int contextId(long pc, long syscallPc, int cpu, boolean store) {
        int cached = cachedContext.get(pc, syscallPc, cpu, store);
        if (cached >= 0) {
            return cached;
        }
        int syscallId = syscalls.idOf(syscallPc);
        if (syscalls.size() > Key.MAX_SYSCALLS) {
            throw new IllegalStateException("more than " + Key.MAX_SYSCALLS + " system-call entry points");
        }
        int id = contexts.idOf(Key.context(pcs.idOf(pc), syscallId, cpu, store));
        cachedContext.put(pc, syscallPc, cpu, store, id);
        return id;
    }

    /** Sums the (line, CPU) counters into the per-line totals, once after the pass. */
    private void total() {
        if (lineReads != null) {
            return;
        }
        int lines = lines();
        long[] r = new long[lines];
        long[] w = new long[lines];
        long[] rc = new long[lines];
        long[] wc = new long[lines];
        lineCpus.forEach((line, cpu, loads, stores) -> {
            r[line] += loads;
            w[line] += stores;
            rc[line] |= loads != 0 ? 1L << cpu : 0;
            wc[line] |= stores != 0 ? 1L << cpu : 0;
        });
        lineWrites = w;
        readers = rc;
        writers = wc;
        lineReads = r;
    }

    // ---- reading the state (after the pass) ---------------------------------------------------------

    /**
     * The pass is over: lets the transfer model and the line index go (tens of MB on large
     * recordings), which the report's reading after the pass does not use.
     */
    public void endPass() {
        stillBytes.flush();
        model = null;
        lineIds.freeze();
        contexts.freeze();
        keys.freeze();
    }

    /** Lines with at least one transfer; ids are 0 up to this. */
    public int lines() {
        return lineIds.size();
    }

    public long address(int line) {
        return lineIds.value(line);
    }

    public long reads(int line) {
        total();
        return lineReads[line];
    }

    public long writes(int line) {
        total();
        return lineWrites[line];
    }

    public long transfers(int line) {
        total();
        return lineReads[line] + lineWrites[line];
    }

    /** Bit c: CPU c caused a transfer by a load. */
    public long readers(int line) {
        total();
        return readers[line];
    }

    /** Bit c: CPU c caused a transfer by a store. */
    public long writers(int line) {
        total();
        return writers[line];
    }

    /** Shared (docs/report.md): touched by two or more CPUs, at least one of them storing. */
    public boolean shared(int line) {
        total();
        return writers[line] != 0 && Long.bitCount(readers[line] | writers[line]) >= 2;
    }

    /**
     * The bytes of the line (a mask) that one CPU stored to and another loaded or stored: the truly
     * shared ones, from which the byte-level verdicts follow. A shared line is true sharing when it
     * has any, false sharing when the CPUs' stored bytes never meet another CPU's bytes; a field of
     * it is true sharing when its bytes include one, else its transfers are caused by stores to
     * other bytes of the line (false sharing), whatever the line's verdict. A byte stored to is truly
     * shared exactly when two or more CPUs touched it (the storing one is among them), so one look at
     * each CPU's masks tells.
     */
    public long sharedBytes(int line) {
        total();
        stillBytes.flush();
        if (writers[line] == 0) {
            return 0;
        }
        long address = address(line);
        long stored = 0;
        long once = 0;
        long twice = 0;
        for (long c = readers[line] | writers[line]; c != 0; c &= c - 1) {
            int slot = lineCpus.find(address, Long.numberOfTrailingZeros(c));
            long w = lineCpus.storeMask(slot);
            long touched = lineCpus.loadMask(slot) | w;
            stored |= w;
            twice |= once & touched;
            once |= touched;
        }
        return stored & twice;
    }

    public long cpuReads(int line, int cpu) {
        return lineCpus.loads(lineCpus.find(address(line), cpu));
    }

    public long cpuWrites(int line, int cpu) {
        return lineCpus.stores(lineCpus.find(address(line), cpu));
    }

    public long readMaskOf(int line, int cpu) {
        stillBytes.flush();
        return lineCpus.loadMask(lineCpus.find(address(line), cpu));
    }

    public long writeMaskOf(int line, int cpu) {
        stillBytes.flush();
        return lineCpus.storeMask(lineCpus.find(address(line), cpu));
    }

    /** Receives the counted keys of the core, one call per distinct key. */
    @FunctionalInterface
    public interface KeyVisitor {
        /**
         * {@code transfers} of {@code line} at {@code offset} ({@code size} bytes) from the context
         * {@code context} (see {@link #context}) into labelled objects of shape {@code shape} (0:
         * none), the first of them {@code firstObject}.
         */
        void visit(int line, int offset, int size, int context, long shape, int firstObject, long transfers);
    }

    /**
     * Visits every distinct key with its transfer count in an order fixed by the keys' hashes (several
     * times faster than {@link #forEachKey} on millions of keys), for readers whose result does not
     * depend on the order.
     */
    public void forEachKeyInAnyOrder(KeyVisitor visitor) {
        keys.forEachInPartOrder((place, data, object, n) -> visitor.visit(Key.lineOf(place), Key.offsetOf(data),
                Key.sizeOf(data), Key.contextOf(place), Key.shapeOf(data), object, n));
    }

    /** Visits every distinct key with its transfer count, in order of first appearance. */
    public void forEachKey(KeyVisitor visitor) {
        keys.forEach((place, data, object, n) -> visitor.visit(Key.lineOf(place), Key.offsetOf(data),
                Key.sizeOf(data), Key.contextOf(place), Key.shapeOf(data), object, n));
    }

    /** A rough size of the state, for the engine's out-of-memory choice. */
    public long stateBytes() {
        return 32L * lines() + lineIds.stateBytes() + keys.stateBytes() + lineCpus.stateBytes() + pcs.stateBytes()
                + syscalls.stateBytes() + contexts.stateBytes() + cachedContext.stateBytes() + stillBytes.stateBytes()
                + 4L * contextOfSighting.length + (model == null ? 0 : 32L * model.trackedLines());
    }
}
