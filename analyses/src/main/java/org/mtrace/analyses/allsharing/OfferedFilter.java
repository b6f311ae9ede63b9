package org.mtrace.analyses.allsharing;

import org.mtrace.mscan.engine.TraceState;

/**
 * Remembers, per CPU and access kind, recently offered addresses in a small direct-mapped table
 * (no allocation, L2-sized). A CPU that offers the same (address, kind) again has the same rank as
 * before, so its record cannot win; the filter lets such repeats skip the record table.
 *
 * <p>Empty slots hold {@link #EMPTY}, except the slot {@code EMPTY} itself maps to, which holds
 * {@link #EMPTY_GUARD}: so no address, whatever its value, is found before it was added.
 */
final class OfferedFilter {
    private static final int BITS = 13;
    private static final int SIZE = 1 << BITS;
    private static final long EMPTY = 0;
    private static final long EMPTY_GUARD = 1;

    /** tables[cpu * 2 + kind], allocated when the CPU first offers that kind. */
    private final long[][] tables = new long[TraceState.CPU_SLOTS * 2][];

    static {
        if (slot(EMPTY) == slot(EMPTY_GUARD)) {
            throw new ExceptionInInitializerError("filter guard collides");
        }
    }

    /** Adds the address; returns true if it was already present (a repeat). */
    boolean addIfAbsent(int cpu, int kind, long addr) {
        long[] t = tables[cpu * 2 + kind];
        if (t == null) {
            t = new long[SIZE];
            t[slot(EMPTY)] = EMPTY_GUARD;
            tables[cpu * 2 + kind] = t;
        }
        int s = slot(addr);
        if (t[s] == addr) {
            return true;
        }
        t[s] = addr;
        return false;
    }

    private static int slot(long addr) {
        long h = addr * 0x9e3779b97f4a7c15L;
        return (int) (h >>> (64 - BITS));
    }
}
