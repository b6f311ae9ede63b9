package org.mtrace.mscan.lines;

/**
 * The per-CPU counters and byte masks of the CPUs that did not fit in their entry's slots of a
 * slotted {@link LineCpuTable} (a line with more CPUs than the entry has slots): keyed by (the
 * entry's line number, CPU), open addressing with linear probing, and each slot is
 * four longs, {@code [key + 1 (0: empty), counters, load mask, store mask]}, the counters in the
 * table's packed form ({@link LineCpuTable}); at most three quarters full (it doubles).
 *
 * <p>Why a side table and not wider entries: lines average under two CPUs with transfers, so room
 * for every CPU in every entry was mostly zeros (two thirds of the report's line table on a
 * 4-CPU recording); a line's further CPUs cost a probe here instead.
 */
final class CpuSpill {
    static final int COUNTERS = 1;
    static final int LOAD_MASK = 2;
    static final int STORE_MASK = 3;
    private static final int STRIDE = 4;
    private long[] slots = new long[STRIDE * 64];
    private int mask = 63;
    private int size;

    private static long key(int lineNumber, int cpu) {
        return ((long) lineNumber << 7 | cpu) + 1;
    }

    /** The index in {@link #words()} of the slot of ({@code lineNumber}, {@code cpu}), made if new; valid until the next call. */
    int slotOf(int lineNumber, int cpu) {
        long k = key(lineNumber, cpu);
        for (int i = PairIndex.hash(0, k) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long x = slots[at];
            if (x == k) {
                return at;
            }
            if (x == 0) {
                slots[at] = k;
                if (++size * 4L > 3L * (mask + 1)) {
                    grow();
                    return find(lineNumber, cpu);
                }
                return at;
            }
        }
    }

    /** The slot of ({@code lineNumber}, {@code cpu}), or -1 if it has none. */
    int find(int lineNumber, int cpu) {
        long k = key(lineNumber, cpu);
        for (int i = PairIndex.hash(0, k) & mask; ; i = (i + 1) & mask) {
            long x = slots[i * STRIDE];
            if (x == k) {
                return i * STRIDE;
            }
            if (x == 0) {
                return -1;
            }
        }
    }

    long[] words() {
        return slots;
    }

    /** Receives a spilled (line number, CPU) and the index of its slot in {@link #words()}. */
    @FunctionalInterface
    interface SlotVisitor {
        void visit(int lineNumber, int cpu, int at);
    }

    void forEach(SlotVisitor visitor) {
        for (int at = 0; at < slots.length; at += STRIDE) {
            long k = slots[at] - 1;
            if (k >= 0) {
                visitor.visit((int) (k >>> 7), (int) (k & 0x7f), at);
            }
        }
    }

    int size() {
        return size;
    }

    long stateBytes() {
        return 8L * slots.length;
    }

    private void grow() {
        long[] old = slots;
        int n = 2 * (mask + 1);
        slots = new long[n * STRIDE];
        mask = n - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at] != 0) {
                int i = PairIndex.hash(0, old[at]) & mask;
                while (slots[i * STRIDE] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, at, slots, i * STRIDE, STRIDE);
            }
        }
    }
}
