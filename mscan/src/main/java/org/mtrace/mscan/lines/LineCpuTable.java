package org.mtrace.mscan.lines;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * Lines by CPUs, the per-line state the line views share, in one open-addressing hash table on a
 * {@code long[]}: per cache line (under one {@link LineSize}) an entry with the line address, a
 * dense line number (in order of first access), the words a view keeps per line, and per CPU one
 * word with two unsigned 32-bit counters (loads low, stores high). A view is what it stores in its
 * words (all-sharing: where its per-address records are) and how it reads the counters, not
 * another table of lines.
 *
 * <p>Why entries and not dense ids with columns: finding a line, bumping its counter and reading
 * the view's words then touch one entry, so an access to a cold line costs about one cache miss.
 * A pair index on (line, CPU) with the counters and the view's words in columns by id cost three
 * (all-sharing 20% slower on a 5 M-entry kernel-profile log, docs/mscan.md).
 *
 * <p>The dense capacity starts at 2 CPUs and doubles up to {@value #MAX_DENSE_CPUS} when a higher
 * CPU appears (the whole table made again, early in a log: each CPU appears soon; starting at 8, a
 * recording of 4 vCPUs kept four unused counters a slot, 128 MiB of all-sharing-movement's 621 MiB
 * on exim60-6.1); higher CPUs and counts past 2^32 go to side maps. Entry positions change when the
 * table grows: {@link #generation()} tells callers when positions they keep are stale.
 */
public final class LineCpuTable {
    static final int MAX_DENSE_CPUS = 64;
    /** No line address has its low bit set (lines are at least 8 bytes). */
    private static final long EMPTY = 1;
    private static final int KEY = 0;
    /** Line number (high half) and the view's 32-bit field (low half). */
    private static final int META = 1;
    private static final int VIEW = 2;

    private final LineSize lineSize;
    private final int hashShift;
    private final int viewWords;
    private final int counters; // first counter word of an entry
    private final boolean countsCpus;
    private int capacity;
    private int entryWords;
    private int slots = 1 << 12;
    private long[] table;
    private int size;
    private int generation;
    private int maxCpu = -1;
    /** (line number, cpu, store) → count / 2^32 for dense counters that wrapped. */
    private final LongLongHashMap carries = new LongLongHashMap();
    /** (line number, cpu, store) → count for CPUs ≥ MAX_DENSE_CPUS. */
    private final LongLongHashMap sparse = new LongLongHashMap();

    /** A table whose entries carry {@code viewWords} 64-bit words (and one 32-bit field) for the view. */
    public LineCpuTable(LineSize lineSize, int viewWords) {
        this(lineSize, viewWords, true);
    }

    private LineCpuTable(LineSize lineSize, int viewWords, boolean countsCpus) {
        this.lineSize = lineSize;
        this.hashShift = Integer.numberOfTrailingZeros(lineSize.bytes());
        this.viewWords = viewWords;
        this.counters = VIEW + viewWords;
        this.countsCpus = countsCpus;
        this.capacity = countsCpus ? 2 : 0;
        this.entryWords = counters + capacity;
        this.table = newTable(slots, entryWords);
    }

    /**
     * A table of the lines alone, for a view that counts per address rather than per (line, CPU)
     * (shared-addresses): entries carry the view's words and no counters ({@link #increment} is
     * refused), 16 bytes a slot less than the smallest counting table.
     */
    public static LineCpuTable withoutCounters(LineSize lineSize, int viewWords) {
        return new LineCpuTable(lineSize, viewWords, false);
    }

    public LineSize lineSize() {
        return lineSize;
    }

    /** Bytes held by the table (for the engine's out-of-memory choice). */
    public long stateBytes() {
        return 8L * table.length;
    }

    /** Position of the entry of {@code addr}'s line, inserted (zero counters and words) if absent; may move entries. */
    public int find(long addr) {
        long line = lineSize.lineOf(addr);
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
                table[p + META] = (long) size << 32;
                size++;
                return p;
            }
            s = (s + 1) & mask;
        }
    }

    /** Changes whenever entry positions change. */
    public int generation() {
        return generation;
    }

    /** The first byte of the entry's line. */
    public long address(int p) {
        return table[p + KEY];
    }

    /** The entry's dense line number, 0 up to the number of lines, in order of first access. */
    public int lineNumber(int p) {
        return (int) (table[p + META] >>> 32);
    }

    /** The view's 32-bit field of the entry. */
    public int field(int p) {
        return (int) table[p + META];
    }

    public void setField(int p, int value) {
        table[p + META] = (table[p + META] & 0xffffffff00000000L) | (value & 0xffffffffL);
    }

    /** Index in {@link #words()} of the entry's view word {@code i} (valid until entries move). */
    public int word(int p, int i) {
        return p + VIEW + i;
    }

    /** The array the view words live in (valid until entries move); see {@link #word}. */
    public long[] words() {
        return table;
    }

    /** Counts one load or store by {@code cpu}; may move entries (check {@link #generation()} afterwards). */
    public void increment(int p, int cpu, boolean store) {
        if (!countsCpus) {
            throw new IllegalStateException("a line table without counters counts nothing");
        }
        if (cpu > maxCpu) {
            maxCpu = cpu;
        }
        if (cpu >= capacity) {
            if (cpu >= MAX_DENSE_CPUS) {
                sparse.addToValue(key(lineNumber(p), cpu, store), 1);
                return;
            }
            long line = table[p + KEY];
            grow(slots, Integer.highestOneBit(cpu) * 2);
            p = find(line);
        }
        int w = p + counters + cpu;
        if (!store) {
            long v = table[w] + 1;
            if ((v & 0xffffffffL) == 0) { // carry out of the low counter: keep it out of the high one
                v -= 1L << 32;
                carries.addToValue(key(lineNumber(p), cpu, false), 1);
            }
            table[w] = v;
        } else {
            long v = table[w] + (1L << 32);
            if (v >>> 32 == 0) {
                carries.addToValue(key(lineNumber(p), cpu, true), 1);
            }
            table[w] = v;
        }
    }

    /** Loads ({@code store} false) or stores counted for {@code cpu} on the entry's line. */
    public long count(int p, int cpu, boolean store) {
        if (cpu >= capacity) {
            return cpu >= MAX_DENSE_CPUS ? sparse.get(key(lineNumber(p), cpu, store)) : 0;
        }
        long word = table[p + counters + cpu];
        long low = store ? word >>> 32 : word & 0xffffffffL;
        return carries.isEmpty() ? low : carries.get(key(lineNumber(p), cpu, store)) << 32 | low;
    }

    /** The highest CPU counted, -1 before the first. */
    public int maxCpu() {
        return maxCpu;
    }

    /** Line addresses present, in table order. */
    public long[] lines() {
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
        int newWords = counters + newCapacity;
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

    private int spread(long line) {
        long h = (line >>> hashShift) * 0x9e3779b97f4a7c15L;
        return (int) (h >>> 32);
    }

    private static long key(int lineNumber, int cpu, boolean store) {
        return (long) lineNumber << 17 | (long) cpu << 1 | (store ? 1 : 0);
    }
}
