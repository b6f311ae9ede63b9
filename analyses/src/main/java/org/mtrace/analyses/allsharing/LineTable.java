package org.mtrace.analyses.allsharing;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * The per-line state of all-sharing in one open-addressing hash table on a {@code long[]}: each
 * entry holds the line address, the head of the line's record chain, a dense line number, and for
 * each CPU below the dense capacity one word with two unsigned 32-bit counters (loads low, stores
 * high). Finding a line and bumping its counter touch adjacent memory, so an access costs about
 * one cache miss instead of one per structure.
 *
 * <p>The dense capacity starts at 8 CPUs (an entry of 10 words) and doubles up to
 * {@value #MAX_DENSE_CPUS} when a higher CPU appears; higher CPUs and counts past 2^32 go to
 * side maps. Entry positions change when the table grows: {@link #generation()} tells callers
 * when cached positions are stale.
 */
final class LineTable {
    static final int MAX_DENSE_CPUS = 64;
    static final int READ = 0;
    static final int WRITE = 1;
    /** No line address has its low bit set. */
    private static final long EMPTY = 1;
    private static final int KEY = 0;
    private static final int META = 1;
    private static final int COUNTERS = 2;

    private int capacity = 8;
    private int entryWords = COUNTERS + capacity;
    private int slots = 1 << 12;
    private long[] table = newTable(slots, entryWords);
    private int size;
    private int generation;
    /** (line number, cpu, kind) → count / 2^32 for dense counters that wrapped. */
    private final LongLongHashMap carries = new LongLongHashMap();
    /** (line number, cpu, kind) → count for CPUs ≥ MAX_DENSE_CPUS. */
    private final LongLongHashMap sparse = new LongLongHashMap();

    /** Bytes held by the table (for {@link org.mtrace.mscan.engine.Analysis#stateBytes()}). */
    long bytes() {
        return 8L * table.length;
    }

    /** Position of the line's entry, inserted (empty chain) if absent; may move entries. */
    int find(long line) {
        int mask = slots - 1;
        int s = spread(line) & mask;
        while (true) {
            int p = s * entryWords;
            long k = table[p + KEY];
            if (k == line) {
                return p;
            }
            if (k == EMPTY) {
                if (size + 1 > slots >> 1) {
                    grow(slots * 2, capacity);
                    return find(line);
                }
                table[p + KEY] = line;
                table[p + META] = (long) size << 32 | 0xffffffffL;
                size++;
                return p;
            }
            s = (s + 1) & mask;
        }
    }

    /** Changes whenever entry positions change. */
    int generation() {
        return generation;
    }

    int chainHead(int p) {
        return (int) table[p + META];
    }

    void setChainHead(int p, int head) {
        table[p + META] = (table[p + META] & 0xffffffff00000000L) | (head & 0xffffffffL);
    }

    private int lineNumber(int p) {
        return (int) (table[p + META] >>> 32);
    }

    /** Counts one access; may move entries (check {@link #generation()} afterwards). */
    void increment(int p, int cpu, int kind) {
        if (cpu >= capacity) {
            if (cpu >= MAX_DENSE_CPUS) {
                sparse.addToValue(key(lineNumber(p), cpu, kind), 1);
                return;
            }
            long line = table[p + KEY];
            grow(slots, Integer.highestOneBit(cpu) * 2);
            p = find(line);
        }
        int w = p + COUNTERS + cpu;
        if (kind == READ) {
            long v = table[w] + 1;
            if ((v & 0xffffffffL) == 0) { // carry out of the low counter: keep it out of the high one
                v -= 1L << 32;
                carries.addToValue(key(lineNumber(p), cpu, kind), 1);
            }
            table[w] = v;
        } else {
            long v = table[w] + (1L << 32);
            if (v >>> 32 == 0) {
                carries.addToValue(key(lineNumber(p), cpu, kind), 1);
            }
            table[w] = v;
        }
    }

    long count(int p, int cpu, int kind) {
        if (cpu >= capacity) {
            return cpu >= MAX_DENSE_CPUS ? sparse.get(key(lineNumber(p), cpu, kind)) : 0;
        }
        long word = table[p + COUNTERS + cpu];
        long low = kind == READ ? word & 0xffffffffL : word >>> 32;
        return carries.isEmpty() ? low : carries.get(key(lineNumber(p), cpu, kind)) << 32 | low;
    }

    /** Line addresses present, in table order. */
    long[] lines() {
        long[] out = new long[size];
        int n = 0;
        for (int s = 0; s < slots; s++) {
            long k = table[s * entryWords + KEY];
            if (k != EMPTY) {
                out[n++] = k;
            }
        }
        return out;
    }

    private void grow(int newSlots, int newCapacity) {
        long[] old = table;
        int oldWords = entryWords;
        int oldSlots = slots;
        int newWords = COUNTERS + newCapacity;
        if ((long) newSlots * newWords > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many cache lines for the line table");
        }
        table = newTable(newSlots, newWords);
        slots = newSlots;
        entryWords = newWords;
        capacity = newCapacity;
        int mask = newSlots - 1;
        for (int s = 0; s < oldSlots; s++) {
            int from = s * oldWords;
            long k = old[from + KEY];
            if (k == EMPTY) {
                continue;
            }
            int t = spread(k) & mask;
            while (table[t * newWords + KEY] != EMPTY) {
                t = (t + 1) & mask;
            }
            System.arraycopy(old, from, table, t * newWords, oldWords);
        }
        generation++;
    }

    private static long[] newTable(int slots, int words) {
        long[] t = new long[slots * words];
        for (int s = 0; s < slots; s++) {
            t[s * words + KEY] = EMPTY;
        }
        return t;
    }

    private static int spread(long line) {
        long h = (line >>> 6) * 0x9e3779b97f4a7c15L;
        return (int) (h >>> 32);
    }

    private static long key(int lineNumber, int cpu, int kind) {
        return (long) lineNumber << 17 | (long) cpu << 1 | kind;
    }
}
