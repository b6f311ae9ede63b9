package org.mtrace.mscan.lines;

/**
 * Numbers for contexts (PC, system call, CPU, load or store) as a pass reads them, before the
 * {@link LineCore} counts any transfer from them: the thread that reads the log numbers each
 * access's context here, and the core, on another thread, maps the number to its own context id
 * the first time a transfer comes from it
 * ({@link LineCore#count(long, int, int, boolean, long, long, int, int, int)}), then by one read of
 * an array. The core's ids stay in the order of first transfer; looking them up, in tables of
 * hundreds of thousands of tuples that miss the CPU caches, moves to the reading thread, which has
 * the time to spare.
 */
public final class ContextSightings {
    private final Interner syscalls = new Interner();
    private final PairIndex ids = new PairIndex();
    // a direct-mapped cache in front of the tables, as LineCore keeps for its contexts
    private static final int CACHE = 1 << 14;
    private final long[] cached = new long[3 * CACHE];

    /** The number of {@code (pc, syscallPc, cpu, store)}, assigned if it is new (0 up). */
    public int idOf(long pc, long syscallPc, int cpu, boolean store) {
        long kind = (long) (cpu << 1 | (store ? 1 : 0)) << 32;
        int slot = 3 * (PairIndex.hash(pc ^ kind, syscallPc) & (CACHE - 1));
        long tag = cached[slot + 2];
        if (tag != 0 && (tag & ~0xffff_ffffL) == kind && cached[slot] == pc && cached[slot + 1] == syscallPc) {
            return (int) tag - 1;
        }
        long syscall = syscalls.idOf(syscallPc);
        int id = ids.idOf(pc, syscall << 8 | kind >>> 32);
        cached[slot] = pc;
        cached[slot + 1] = syscallPc;
        cached[slot + 2] = kind | (id + 1L);
        return id;
    }

    public long stateBytes() {
        return syscalls.stateBytes() + ids.stateBytes() + 8L * cached.length;
    }
}
