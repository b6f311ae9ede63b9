package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * The shared cache-line core: which accesses are transfers (the recorder's model,
 * {@link TransferModel#holdersAfter}) and, per line of the window, primitive state for the
 * transfers: counts, the CPUs that read and wrote it, per CPU read and write byte masks (the
 * true/false sharing verdict is decided from them), and the transfers under each coalescing
 * {@link Key}. The model's masks, the line ids and the per-CPU counters and masks share the
 * entries of one line table ({@link LineTransfers} on {@link LineCpuTable}): an access costs one
 * probe, a transfer no further one (but for aliased lines), two key appends ({@link KeyCounter})
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
    /** The model and the per-line, per-CPU counters in one table; null once the pass is over (endPass). */
    private LineTransfers lineTransfers;
    private final KeyCounter keys = new KeyCounter();

    /** Per line id the totals and per-CPU figures, summed after the pass (null: not yet, or stale). */
    private LineCpuRows rows;
    // a direct-mapped cache of PC ids + 1 (0: empty) in front of the PC interner, whose table of
    // tens of thousands of PCs misses the CPU caches; the PCs that cause transfers are few and hot
    private static final int PC_CACHE = 1 << 14;
    private final long[] cachedPc = new long[PC_CACHE];
    private final int[] cachedPcId = new int[PC_CACHE];

    // per CPU: the last system call's entry PC and its id
    private final long[] lastSyscallPc = new long[TransferModel.MAX_CPUS];
    private final int[] lastSyscallId = new int[TransferModel.MAX_CPUS];

    public LineCore(LineSize lineSize) {
        this.lineSize = lineSize;
        this.lineTransfers = new LineTransfers(lineSize, lineIds);
        Arrays.fill(lastSyscallId, syscalls.idOf(0)); // id 0: "in no system call"
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

    /** The PCs of SITE keys, by the ids the keys hold. */
    public Interner pcs() {
        return pcs;
    }

    /** The system-call entry PCs of DATA keys (id 0: PC 0, no system call), by the ids the keys hold. */
    public Interner syscalls() {
        return syscalls;
    }

    /**
     * Counts one transfer (an {@link IllegalStateException} past 2^26 objects or 2^14 system-call
     * entry points, far beyond real logs) of a line the last {@link #access} moved: {@code bytes} at guest address {@code addr} by {@code cpu}, from
     * {@code pc}, during the system call entered at {@code syscallPc} (0: none), inside the
     * labelled object {@code objectId} (0: none).
     */
    public void count(long addr, int bytes, int cpu, boolean store, long pc, long syscallPc, long objectId) {
        long line = lineSize.lineOf(addr);
        int offset = lineSize.offsetOf(addr);
        int id = lineTransfers.count(line, cpu, store, lineSize.byteMask(offset, bytes));
        rows = null; // the totals are stale
        int pcSlot = PairIndex.hash(0, pc) & (PC_CACHE - 1);
        if (cachedPcId[pcSlot] == 0 || cachedPc[pcSlot] != pc) {
            cachedPc[pcSlot] = pc;
            cachedPcId[pcSlot] = pcs.idOf(pc) + 1;
        }
        keys.add(id, Key.pack(Key.SITE, offset, bytes, Key.site(cachedPcId[pcSlot] - 1, cpu, store)));
        if (syscallPc != lastSyscallPc[cpu]) { // a CPU stays in one system call for many transfers
            lastSyscallPc[cpu] = syscallPc;
            lastSyscallId[cpu] = syscalls.idOf(syscallPc);
            if (syscalls.size() > Key.MAX_SYSCALLS) {
                throw new IllegalStateException("more than " + Key.MAX_SYSCALLS + " system-call entry points");
            }
        }
        if (objectId >= Key.MAX_OBJECTS) {
            throw new IllegalStateException("more than " + Key.MAX_OBJECTS + " labelled objects");
        }
        keys.add(id, Key.pack(Key.DATA, offset, bytes, Key.data(objectId, lastSyscallId[cpu])));
    }

    /** The per-line figures, summed from the line table once after the pass. */
    private LineCpuRows rows() {
        if (rows == null) {
            rows = new LineCpuRows(lineTransfers.table(), lines());
        }
        return rows;
    }

    // ---- reading the state (after the pass) ---------------------------------------------------------

    /**
     * The pass is over: sums the per-line figures and lets the line table (the model's masks and
     * the counters) and the line index go (tens of MB on large recordings), which the report's
     * reading after the pass does not use.
     */
    public void endPass() {
        rows();
        lineTransfers = null;
        lineIds.freeze();
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
        void visit(int line, Key key, int offset, int size, long value, long transfers);
    }

    /** Visits every (line, key, offset, size, value) with its transfer count, in order of first appearance. */
    public void forEachKey(KeyVisitor visitor) {
        keys.forEach((line, packed, n) -> visitor.visit(line, Key.keyOf(packed), Key.offsetOf(packed),
                Key.sizeOf(packed), Key.valueOf(packed), n));
    }

    /** A rough size of the state, for the engine's out-of-memory choice. */
    public long stateBytes() {
        return lineIds.stateBytes() + keys.stateBytes() + pcs.stateBytes() + syscalls.stateBytes()
                + (lineTransfers == null ? 0 : lineTransfers.stateBytes())
                + (rows == null ? 0 : rows.stateBytes());
    }
}
