package org.mtrace.mscan.lines;

/**
 * A direct-mapped cache of ids for contexts (PC, system call's entry PC, CPU, load or store), in
 * front of tables of hundreds of thousands of tuples that miss the CPU caches: the contexts of a
 * stretch of a log are few and hot. Per slot: the PC, the entry PC, and (CPU, store) << 32 |
 * (id + 1), 0 empty.
 */
final class ContextCache {
    private static final int SLOTS = 1 << 14;
    private final long[] slots = new long[3 * SLOTS];

    /** The cached id of the context, or -1. */
    int get(long pc, long syscallPc, int cpu, boolean store) {
        long kind = kind(cpu, store);
        int slot = slot(pc ^ kind, syscallPc);
        long tag = slots[slot + 2];
        if (tag != 0 && (tag & ~0xffff_ffffL) == kind && slots[slot] == pc && slots[slot + 1] == syscallPc) {
            return (int) tag - 1;
        }
        return -1;
    }

    void put(long pc, long syscallPc, int cpu, boolean store, int id) {
        long kind = kind(cpu, store);
        int slot = slot(pc ^ kind, syscallPc);
        slots[slot] = pc;
        slots[slot + 1] = syscallPc;
        slots[slot + 2] = kind | (id + 1L);
    }

    long stateBytes() {
        return 8L * slots.length;
    }

    private static long kind(int cpu, boolean store) {
        return (long) (cpu << 1 | (store ? 1 : 0)) << 32;
    }

    private static int slot(long x, long y) {
        return 3 * (PairIndex.hash(x, y) & (SLOTS - 1));
    }
}
