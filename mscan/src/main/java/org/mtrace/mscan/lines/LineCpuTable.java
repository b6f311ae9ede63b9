package org.mtrace.mscan.lines;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * Lines by CPUs, the per-line state the line views share, in one open-addressing hash table on a
 * {@code long[]}: per cache line (under one {@link LineSize}) an entry with the line address, a
 * dense line number (in order of first access), the words a view keeps per line, per CPU one
 * word with two unsigned 32-bit counters (loads low, stores high) and, for views that ask for
 * them, per CPU the masks of the bytes loaded and stored ({@link LineSize#byteMask}). A view is
 * what it stores in its words (all-sharing: where its per-address records are; the report: the
 * transfer model's CPUs per line) and how it reads the counters, not another table of lines.
 *
 * <p>An entry's words: {@code [key, line number << 32 | field, view words..., then per CPU 0 to
 * capacity - 1 its counters and (in a table with masks) its load mask and store mask]}. A view may key
 * entries by something else than a line address ({@link #findKey}): any value with the low three
 * bits of a line address free and bit 0 clear, e.g. a line address with bit 1 set for a second
 * key space in the same table.
 *
 * <p>Why entries and not dense ids with columns: finding a line, bumping its counter and reading
 * the view's words then touch one entry, so an access to a cold line costs about one cache miss.
 * A pair index on (line, CPU) with the counters and the view's words in columns by id cost three
 * (all-sharing 20% slower on a 5 M-entry kernel-profile log, docs/mscan.md).
 *
 * <p>The dense capacity starts at 8 CPUs (or as the view asks) and doubles up to
 * {@value #MAX_DENSE_CPUS} when a higher CPU appears ({@link #increment}) or the view asks
 * ({@link #reserveCpus}); higher CPUs and counts past 2^32 go to side maps (masks: dense CPUs only). Entry positions change when the
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
    /** Words per CPU: the counters, and the two masks if the table has them. */
    private final int cpuStride;
    /** The most entries the table holds per 100 slots before it grows by half. */
    private final int maxLoadPercent;
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
        this(lineSize, viewWords, false, 8, 50);
    }

    /**
     * A table whose entries carry {@code viewWords} words for the view, per CPU byte masks if
     * {@code masks}, and room for the counters of {@code cpus} CPUs (a power of two up to
     * {@value #MAX_DENSE_CPUS}) before the first widening; the table grows by half beyond
     * {@code maxLoadPercent} entries per 100 slots (50 keeps probe runs short; wide entries may
     * fill more, to spare memory, since a run's slots are adjacent).
     */
    public LineCpuTable(LineSize lineSize, int viewWords, boolean masks, int cpus, int maxLoadPercent) {
        if (cpus < 1 || cpus > MAX_DENSE_CPUS || Integer.bitCount(cpus) != 1) {
            throw new IllegalArgumentException("dense CPUs must be a power of two up to " + MAX_DENSE_CPUS);
        }
        if (maxLoadPercent < 10 || maxLoadPercent > 90) {
            throw new IllegalArgumentException("the load limit must be 10 to 90 entries per 100 slots");
        }
        this.lineSize = lineSize;
        this.hashShift = Integer.numberOfTrailingZeros(lineSize.bytes());
        this.viewWords = viewWords;
        this.counters = VIEW + viewWords;
        this.cpuStride = masks ? 3 : 1;
        this.maxLoadPercent = maxLoadPercent;
        this.capacity = cpus;
        this.entryWords = wordsPerEntry(cpus);
        this.table = newTable(slots, entryWords);
    }

    private int wordsPerEntry(int cpus) {
        return counters + cpuStride * cpus;
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
        return findKey(lineSize.lineOf(addr));
    }

    /**
     * Position of the entry keyed {@code key} (a line address, or a value of a view's own key
     * space: see the class comment), inserted (zero counters and words) if absent; may move
     * entries.
     */
    public int findKey(long key) {
        int p = lookupKey(key);
        return p >= 0 ? p : insertAt(key, -1 - p);
    }

    /**
     * Position of the entry keyed {@code key}; if there is none, {@code -1 - q} where {@code q} is
     * the free position {@link #insertAt} takes (nothing is inserted).
     */
    public int lookupKey(long key) {
        int s = home(key, slots);
        while (true) {
            int p = s * entryWords;
            long k = table[p + KEY];
            if (k == key) {
                return p;
            }
            if (k == EMPTY) {
                return -1 - p;
            }
            if (++s == slots) {
                s = 0;
            }
        }
    }

    /**
     * Inserts {@code key} (zero counters and words) at the free position {@code q} that
     * {@link #lookupKey} returned for it, with no change to the table since; returns the entry's
     * position (another one if the table grew: entries move).
     */
    public int insertAt(long key, int q) {
        if ((size + 1) * 100L > (long) maxLoadPercent * slots) {
            grow(slots + (slots >> 1), capacity);
            return findKey(key);
        }
        table[q + KEY] = key;
        table[q + META] = (long) size << 32;
        size++;
        return q;
    }

    /** Entries present. */
    public int size() {
        return size;
    }

    /** Receives the position of every entry, in table order. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(int p);
    }

    /** Visits every entry; the visitor must not insert entries or widen the table. */
    public void forEachEntry(EntryVisitor visitor) {
        for (int s = 0; s < slots; s++) {
            int p = s * entryWords;
            if (table[p + KEY] != EMPTY) {
                visitor.visit(p);
            }
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
            p = findKey(line);
        }
        bump(p, cpu, store);
    }

    /**
     * Counts one load or store by {@code cpu}, below {@link #cpuCapacity()}, and adds
     * {@code bytes} to its byte mask (a table with masks); never moves entries.
     */
    public void add(int p, int cpu, boolean store, long bytes) {
        if (cpu > maxCpu) {
            maxCpu = cpu;
        }
        bump(p, cpu, store);
        table[maskWord(p, cpu, store)] |= bytes;
    }

    /** The bytes {@code cpu} loaded ({@code store} false) or stored on the entry's line (a table with masks). */
    public long mask(int p, int cpu, boolean store) {
        return cpu >= capacity ? 0 : table[maskWord(p, cpu, store)];
    }

    private int maskWord(int p, int cpu, boolean store) {
        return p + counters + cpu * 3 + (store ? 2 : 1);
    }

    /** CPUs whose counters (and masks) an entry holds in place: {@link #add} takes only these. */
    public int cpuCapacity() {
        return capacity;
    }

    /** Widens every entry to hold CPUs 0 to {@code cpus - 1} in place (up to {@value #MAX_DENSE_CPUS}); moves entries. */
    public void reserveCpus(int cpus) {
        if (cpus > capacity) {
            grow(slots, Math.min(MAX_DENSE_CPUS, Integer.highestOneBit(cpus - 1) * 2));
        }
    }

    private void bump(int p, int cpu, boolean store) {
        int w = p + counters + cpu * cpuStride;
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
        long word = table[p + counters + cpu * cpuStride];
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
        int newWords = wordsPerEntry(newCapacity);
        if ((long) newSlots * newWords > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many cache lines for the line table");
        }
        table = newTable(newSlots, newWords);
        slots = newSlots;
        entryWords = newWords;
        capacity = newCapacity;
        for (int s = 0; s < oldSlots; s++) {
            int from = s * oldWords;
            long k = old[from + KEY];
            if (k == EMPTY) {
                continue;
            }
            int t = home(k, newSlots);
            while (table[t * newWords + KEY] != EMPTY) {
                if (++t == newSlots) {
                    t = 0;
                }
            }
            System.arraycopy(old, from, table, t * newWords, oldWords); // new CPUs' words follow, zero
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

    /**
     * The slot a key's probe starts at, of {@code slots}: the product's high 32 bits scaled to the
     * table (any size, so the table grows by half: a doubling table of wide entries is a quarter
     * to a half full, and holds old and new tables of three times the final size while it grows).
     */
    private int home(long key, int slots) {
        long h = (key >>> hashShift) * 0x9e3779b97f4a7c15L;
        return (int) ((h >>> 32) * slots >>> 32);
    }

    private static long key(int lineNumber, int cpu, boolean store) {
        return (long) lineNumber << 17 | (long) cpu << 1 | (store ? 1 : 0);
    }
}
