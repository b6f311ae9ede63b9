package org.mtrace.mscan.lines;

/**
 * The shared cache-line core: which accesses are transfers (the recorder's model,
 * {@link TransferModel#holdersAfter}) and, per line of the window, primitive state for the
 * transfers: counts, the CPUs that read and wrote it, per CPU read and write byte masks (the
 * true/false sharing verdict is decided from them), and the transfers under each coalescing
 * {@link Key}. The model's masks, the line ids and the per-CPU counters and masks share the
 * entries of one line table ({@link LineTransfers} on {@link LineCpuTable}): an access costs one
 * probe, a transfer no further one (but for aliased lines), one key append ({@link KeyCounter})
 * and no allocation. The per-line figures are summed into compact rows after the pass
 * ({@link LineCpuRows}).
 */
public final class LineCore {
    private final LineSize lineSize;
    /**
     * Line address to line id and back (Eclipse's LongIntHashMap fell into its slow collision path
     * on line addresses); asked once per line table entry, frozen once the pass is over.
     */
    private final Interner lineIds = new Interner();
    private final Interner pcs = new Interner();
    private final Interner syscalls = new Interner();
    /** (PC id, system call id, CPU, store) tuples ({@link Key#context}) by the ids the keys hold. */
    private final Interner contexts = new Interner();
    /** The model and the per-line, per-CPU counters in one table; null once the pass is over (endPass). */
    private LineTransfers lineTransfers;
    private final KeyCounter keys = new KeyCounter();

    /** Per line id the totals and per-CPU figures, summed after the pass (null: not yet, or stale). */
    private LineCpuRows rows;
    // a direct-mapped cache of context ids in front of the interners, whose tables of hundreds of
    // thousands of tuples miss the CPU caches; the contexts that cause transfers are few and hot.
    // Per slot: the PC, the system call's entry PC, and (CPU, store) << 32 | (context id + 1), 0 empty.
    private static final int CONTEXT_CACHE = 1 << 14;
    private final long[] cachedContext = new long[3 * CONTEXT_CACHE];

    public LineCore(LineSize lineSize) {
        this.lineSize = lineSize;
        this.lineTransfers = new LineTransfers(lineSize, lineIds);
        syscalls.idOf(0); // id 0: "in no system call"
    }

    public LineSize lineSize() {
        return lineSize;
    }

    /** Every line becomes present in every CPU's cache (where the log enters movement mode: FORMAT.md 6.3). */
    public void reset() {
        lineTransfers.reset();
    }

    /**
     * Applies an access of {@code bytes} bytes at host (physical) address {@code hostAddr}, guest
     * address {@code guestAddr}, by {@code cpu} ({@code < TransferModel.MAX_CPUS}) to the transfer
     * model, and tells which of its lines moved, as {@link TransferModel#accessLines}: the model is
     * keyed by physical lines, the counts by guest lines. {@link #count} then counts the lines that
     * moved, one call per line, without probing for them again.
     */
    public int access(long hostAddr, long guestAddr, int bytes, int cpu, boolean store) {
        return lineTransfers.access(hostAddr, guestAddr, bytes, cpu, store);
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
     * Counts one transfer (an {@link IllegalStateException} past 2^16 system-call entry points,
     * far beyond real logs) of a line the last {@link #access} moved: {@code bytes}
     * at guest address {@code addr} by {@code cpu}, from {@code pc}, during the system call entered
     * at {@code syscallPc} (0: none), inside a labelled object of shape {@code shapeId} (see
     * {@link Key}; 0: none) whose id is {@code objectId} (kept with the key's first transfer).
     */
    public void count(long addr, int bytes, int cpu, boolean store, long pc, long syscallPc, int shapeId,
            int objectId) {
        long line = lineSize.lineOf(addr);
        int offset = lineSize.offsetOf(addr);
        int id = lineTransfers.count(line, cpu, store, lineSize.byteMask(offset, bytes));
        rows = null; // the totals are stale
        keys.add(Key.place(id, contextId(pc, syscallPc, cpu, store)), Key.data(offset, bytes, shapeId), objectId);
    }

    private int contextId(long pc, long syscallPc, int cpu, boolean store) {
        long kind = (long) (cpu << 1 | (store ? 1 : 0)) << 32;
        int slot = 3 * (PairIndex.hash(pc ^ kind, syscallPc) & (CONTEXT_CACHE - 1));
        long tag = cachedContext[slot + 2];
        if (tag != 0 && (tag & ~0xffff_ffffL) == kind && cachedContext[slot] == pc && cachedContext[slot + 1] == syscallPc) {
            return (int) tag - 1;
        }
        int syscallId = syscalls.idOf(syscallPc);
        if (syscalls.size() > Key.MAX_SYSCALLS) {
            throw new IllegalStateException("more than " + Key.MAX_SYSCALLS + " system-call entry points");
        }
        int id = contexts.idOf(Key.context(pcs.idOf(pc), syscallId, cpu, store));
        cachedContext[slot] = pc;
        cachedContext[slot + 1] = syscallPc;
        cachedContext[slot + 2] = kind | (id + 1L);
        return id;
    }

    /** The per-line figures, summed from the line table once after the pass (or when asked during it). */
    private LineCpuRows rows() {
        if (rows == null) {
            rows = new LineCpuRows(lineTransfers.table(), lines(), false);
        }
        return rows;
    }

    // ---- reading the state (after the pass) ---------------------------------------------------------

    /**
     * The pass is over: sums the per-line figures and lets the line table (the model's masks and
     * the counters) and the line index's lookup go (hundreds of MB on large recordings), which the
     * report's reading after the pass does not use.
     */
    public void endPass() {
        lineIds.freeze(); // first, so that the rows are built beside as little as possible
        contexts.freeze();
        keys.freeze();
        if (rows == null) {
            rows = new LineCpuRows(lineTransfers.table(), lines(), true); // the table's shards go as they are read
        }
        lineTransfers = null;
    }

    /** Lines with at least one transfer; ids are 0 up to this. */
    public int lines() {
        return lineIds.size();
    }

    public long address(int line) {
        return lineIds.value(line);
    }

    public long reads(int line) {
        return rows().total(line, false);
    }

    public long writes(int line) {
        return rows().total(line, true);
    }

    public long transfers(int line) {
        return reads(line) + writes(line);
    }

    /** Bit c: CPU c caused a transfer by a load. */
    public long readers(int line) {
        return rows().cpusThat(line, false);
    }

    /** Bit c: CPU c caused a transfer by a store. */
    public long writers(int line) {
        return rows().cpusThat(line, true);
    }

    /** Shared (docs/report.md): touched by two or more CPUs, at least one of them storing. */
    public boolean shared(int line) {
        long writers = writers(line);
        return writers != 0 && Long.bitCount(readers(line) | writers) >= 2;
    }

    /**
     * The byte-level verdict: true sharing when a byte one CPU stored to was loaded or stored by
     * another CPU; false sharing when the CPUs' stored bytes never meet another CPU's bytes.
     */
    public boolean trueSharing(int line) {
        long cpus = readers(line) | writers(line);
        for (long a = cpus; a != 0; a &= a - 1) {
            int ca = Long.numberOfTrailingZeros(a);
            long wa = writeMaskOf(line, ca);
            if (wa == 0) {
                continue;
            }
            for (long b = cpus & ~(1L << ca); b != 0; b &= b - 1) {
                int cb = Long.numberOfTrailingZeros(b);
                if ((wa & (readMaskOf(line, cb) | writeMaskOf(line, cb))) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    public long cpuReads(int line, int cpu) {
        return rows().cpuReads(line, cpu);
    }

    public long cpuWrites(int line, int cpu) {
        return rows().cpuWrites(line, cpu);
    }

    public long readMaskOf(int line, int cpu) {
        return rows().readMask(line, cpu);
    }

    public long writeMaskOf(int line, int cpu) {
        return rows().writeMask(line, cpu);
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
        return lineIds.stateBytes() + keys.stateBytes() + pcs.stateBytes() + syscalls.stateBytes()
                + contexts.stateBytes() + 8L * cachedContext.length
                + (lineTransfers == null ? 0 : lineTransfers.stateBytes())
                + (rows == null ? 0 : rows.stateBytes());
    }
}
