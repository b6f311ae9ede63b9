package org.mtrace.mscan.lines;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * Lines by CPUs, the per-line state the line views share: per cache line (under one
 * {@link LineSize}) an entry with the line address, a dense line number (in order of first
 * access), the words a view keeps per line, and per CPU one word with two unsigned 32-bit counters
 * (loads low, stores high). A view is what it stores in its words (all-sharing: where its
 * per-address records are) and how it reads the counters, not another table of lines.
 *
 * <p>Why entries and not dense ids with columns: finding a line, bumping its counter and reading
 * the view's words then touch one entry, so an access to a cold line costs about one cache miss.
 * A pair index on (line, CPU) with the counters and the view's words in columns by id cost three
 * (all-sharing 20% slower on a 5 M-entry kernel-profile log, docs/mscan.md).
 *
 * <p>The entries lie side by side in order of first access, one {@code long[]}, and a separate
 * open-addressing index finds them: per slot a 32-bit fingerprint of the line and the entry's
 * number, 8 bytes. Entries in the index's slots themselves (as until the twenty-eighth session)
 * left half to three quarters of a table of 96-byte slots empty: on a log of half a million lines
 * 192 MB, where the entries alone take 50 MB and the index 16 MB. The pass's CPU time did not
 * change; a process's did, by the time the kernel spent zeroing pages it no longer asks for
 * (docs/mscan-bench.md, twenty-eighth session). Entries never move when lines are added (the array
 * grows by copying, positions kept).
 *
 * <p>The dense capacity starts at 2 CPUs and doubles up to {@value #MAX_DENSE_CPUS} when a higher
 * CPU appears (every entry made again, early in a log: each CPU appears soon; starting at 8, a
 * recording of 4 vCPUs kept four unused counters a slot, 128 MiB of all-sharing-movement's 621 MiB
 * on exim60-6.1); higher CPUs and counts past 2^32 go to side maps. Entry positions change only
 * then: {@link #generation()} tells callers when positions they keep are stale.
 */
public final class LineCpuTable {
    static final int MAX_DENSE_CPUS = 64;
    /** Index slots at first; the index doubles past half full. */
    private static final int FIRST_SLOTS = 1 << 12;
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
    /** Per slot: the line's fingerprint (high half) and its entry number + 1 (low half); 0 when empty. */
    private long[] index = new long[FIRST_SLOTS];
    /** The entries, {@link #entryWords} each, by entry (line) number. */
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
        this.table = new long[FIRST_SLOTS / 2 * entryWords];
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
        return 8L * (table.length + index.length);
    }

    /** Position of the entry of {@code addr}'s line, inserted (zero counters and words) if absent; moves no entry. */
    public int find(long addr) {
        long line = lineSize.lineOf(addr);
        long h = hash(line);
        int mask = index.length - 1;
        int s = slot(h);
        int fingerprint = (int) h;
        while (true) {
            long v = index[s];
            if (v == 0) {
                return insert(line, h, s);
            }
            if ((int) (v >>> 32) == fingerprint) {
                int p = ((int) v - 1) * entryWords;
                if (table[p + KEY] == line) {
                    return p;
                }
            }
            s = (s + 1) & mask;
        }
    }

    /** Adds {@code line} (hash {@code h}) as the next entry, at index slot {@code s} (its probe's end). */
    private int insert(long line, long h, int s) {
        if (size + 1 > index.length >> 1) {
            growIndex();
            return find(line);
        }
        if ((long) (size + 1) * entryWords > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many cache lines for the line table");
        }
        int p = size * entryWords;
        if (p + entryWords > table.length) {
            long more = Math.min(Integer.MAX_VALUE - 8, (long) table.length + (table.length >> 1) + entryWords);
            table = Arrays.copyOf(table, (int) more);
        }
        table[p + KEY] = line;
        table[p + META] = (long) size << 32;
        index[s] = indexWord(h, size);
        size++;
        return p;
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
            widen(Integer.highestOneBit(cpu) * 2);
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

    /** Line addresses present, in order of first access. */
    public long[] lines() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = table[i * entryWords + KEY];
        }
        return out;
    }

    /** Widens every entry to counters for {@code newCapacity} CPUs: entries move. */
    private void widen(int newCapacity) {
        int newWords = counters + newCapacity;
        if ((long) Math.max(size, 1) * newWords > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many cache lines for the line table");
        }
        long[] old = table;
        int oldWords = entryWords;
        table = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) Math.max(size, FIRST_SLOTS / 2) * newWords)];
        for (int i = 0; i < size; i++) {
            System.arraycopy(old, i * oldWords, table, i * newWords, oldWords);
        }
        entryWords = newWords;
        capacity = newCapacity;
        generation++;
    }

    /** Doubles the index; the entries stay where they are. */
    private void growIndex() {
        long[] bigger = new long[index.length * 2];
        int mask = bigger.length - 1;
        index = bigger;
        for (int i = 0; i < size; i++) {
            long h = hash(table[i * entryWords + KEY]);
            int s = slot(h);
            while (bigger[s] != 0) {
                s = (s + 1) & mask;
            }
            bigger[s] = indexWord(h, i);
        }
    }

    /** The line's 64-bit hash: its high bits choose the slot, its low half is the fingerprint. */
    private long hash(long line) {
        return (line >>> hashShift) * 0x9e3779b97f4a7c15L;
    }

    /** An index slot's word for entry {@code entry} of hash {@code h}: fingerprint, entry + 1 (0 is empty). */
    private static long indexWord(long h, int entry) {
        return (long) (int) h << 32 | (entry + 1);
    }

    private int slot(long h) {
        return (int) (h >>> (64 - Integer.numberOfTrailingZeros(index.length)));
    }

    private static long key(int lineNumber, int cpu, boolean store) {
        return (long) lineNumber << 17 | (long) cpu << 1 | (store ? 1 : 0);
    }
}
