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
    private final ContextCache cached = new ContextCache();

    /** The number of {@code (pc, syscallPc, cpu, store)}, assigned if it is new (0 up). */
    public int idOf(long pc, long syscallPc, int cpu, boolean store) {
        int id = cached.get(pc, syscallPc, cpu, store);
        if (id < 0) {
            id = ids.idOf(pc, (long) syscalls.idOf(syscallPc) << 8 | cpu << 1 | (store ? 1 : 0));
            cached.put(pc, syscallPc, cpu, store, id);
        }
        return id;
    }

    public long stateBytes() {
        return syscalls.stateBytes() + ids.stateBytes() + cached.stateBytes();
    }
}
