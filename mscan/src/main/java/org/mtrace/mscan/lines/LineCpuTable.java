package org.mtrace.mscan.lines;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * Lines by CPUs, the per-line state the line views share, in one open-addressing hash table on a
 * {@code long[]}: per cache line (under one {@link LineSize}) an entry with the line address, a
 * dense line number (in order of first access), the words a view keeps per line, and its CPUs'
 * counters of loads and stores. A view is what it stores in its words (all-sharing: where its
 * per-address records are; the report: the transfer model's CPUs per line) and how it reads the
 * counters, not another table of lines.
 *
 * <p>Two layouts of the CPUs' part of an entry. <b>Dense</b> (all-sharing): per CPU 0 to
 * capacity - 1 one word with two unsigned 32-bit counters (loads low, stores high); the capacity
 * starts at 8 CPUs and doubles up to {@value #MAX_DENSE_CPUS} when a higher CPU appears
 * ({@link #increment}), higher CPUs and counts past 2^32 go to side maps. <b>Slotted</b> (the
 * report, which also keeps per CPU the masks of the bytes loaded and stored,
 * {@link LineSize#byteMask}): a few CPU slots of three words, {@code [CPU + 1 (7 bits) << 56 |
 * loads (28 bits) << 28 | stores (28 bits), load mask, store mask]}, taken in order of the CPUs'
 * first transfer; a line's further CPUs go to a continuation entry with as many slots (keyed by
 * the entry's key with bit 2 set, so it sits next to the entry), beyond that to a side table
 * ({@link CpuSpill}), counts past 2^28 to a side map. Lines average under two CPUs with transfers,
 * so the slots of 80-byte entries (two CPUs) hold most counts where room for every CPU took 128
 * bytes at 4 CPUs.
 *
 * <p>An entry's words: {@code [key, line number << 32 | field, view words..., CPU part]}. A view
 * may key entries by something else than a line address ({@link #findKey}): any value with the
 * low three bits of a line address free but bit 1, e.g. a line address with bit 1 set for a
 * second key space in the same table (bit 0 marks empty slots, bit 2 continuations).
 *
 * <p>Why entries and not dense ids with columns: finding a line, bumping its counter and reading
 * the view's words then touch one entry, so an access to a cold line costs about one cache miss.
 * A pair index on (line, CPU) with the counters and the view's words in columns by id cost three
 * (all-sharing 20% slower on a 5 M-entry kernel-profile log, docs/mscan.md).
 *
 * <p>The table is {@value #SHARDS} shards, each its own open-addressing array (linear probing)
 * that grows when it passes the load limit (dense: by half; slotted: by a quarter, so that its
 * wide entries fill 68-85 % of a shard at the report's limit), chosen by a key hash's top bits.
 * Why shards:
 * one array of a few hundred MB grew into a new one of half as much again while the old one was
 * still alive (two and a half times the table at once, in one contiguous block: the report ran out
 * of a 1 GiB heap growing it on a 28.5 M-access recording); a shard grows alone, so growing holds
 * the table and one shard's new array, and shards stay small enough (about 200 KB at 1.7 M lines)
 * for G1 to place them as ordinary objects, not region-sized "humongous" ones. A position is
 * {@code shard << }{@value #OFFSET_BITS}{@code  | word offset in the shard's array}; the view's
 * words are read in {@link #words}{@code (p)}. Entry positions change when a shard grows:
 * {@link #generation()} tells callers when positions they keep are stale.
 */
public final class LineCpuTable {
    static final int MAX_DENSE_CPUS = 64;
    /** No line address has its low bit set (lines are at least 8 bytes). */
    private static final long EMPTY = 1;
    private static final int KEY = 0;
    /** Line number (high half) and the view's 32-bit field (low half). */
    private static final int META = 1;
    private static final int VIEW = 2;
    /**
     * Key bit of a slotted entry's continuation: two more CPU slots for a line's third and fourth
     * CPUs, keyed by the entry's key with this bit set, which hashes to the same home slot, so it
     * sits in the next slot or so, usually in a cache line already fetched.
     */
    private static final long CONTINUATION = 4;
    private static final int SHARD_BITS = 10;
    static final int SHARDS = 1 << SHARD_BITS;
    /** Bits of a position that hold the word offset in its shard's array. */
    static final int OFFSET_BITS = 31 - SHARD_BITS;
    private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
    private static final int FIRST_SHARD_SLOTS = 8;
    // a slotted table's counter word: CPU + 1 (0: a free slot), loads, stores
    private static final int SLOT_WORDS = 3;
    private static final int COUNT_BITS = 28;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final int TAG_SHIFT = 2 * COUNT_BITS;
    private static final long TAG_MASK = 0x7fL << TAG_SHIFT;

    private final LineSize lineSize;
    private final int hashShift;
    private final int viewWords;
    private final int counters; // first counter word of an entry
    /** CPU slots per entry (a slotted table), 0 for a dense table. */
    private final int cpuSlots;
    /** The most entries a shard holds per 100 slots before it grows. */
    private final int maxLoadPercent;
    private int capacity; // a dense table's CPUs in place
    private int entryWords;
    private final long[][] shards = new long[SHARDS][];
    private final int[] shardSlots = new int[SHARDS];
    private final int[] shardSize = new int[SHARDS];
    private int size;
    private int generation;
    private int maxCpu = -1;
    /** (line number, cpu, store) → count / 2^32 (dense) or / 2^28 (slotted) for counters that wrapped. */
    private final LongLongHashMap carries = new LongLongHashMap();
    /** (line number, cpu, store) → count for CPUs ≥ MAX_DENSE_CPUS (dense). */
    private final LongLongHashMap sparse = new LongLongHashMap();
    /** A slotted table's CPUs beyond an entry's slots. */
    private final CpuSpill spill;

    /** A dense table whose entries carry {@code viewWords} 64-bit words (and one 32-bit field) for the view. */
    public LineCpuTable(LineSize lineSize, int viewWords) {
        this(lineSize, viewWords, 0, 8, 50);
    }

    /**
     * A slotted table (counters and byte masks, see the class comment) whose entries carry
     * {@code viewWords} words for the view and {@code cpuSlots} CPU slots; a shard grows by a
     * quarter beyond {@code maxLoadPercent} entries per 100 slots (50 keeps probe runs short; wide
     * entries may fill more, to spare memory, since a run's slots are adjacent).
     */
    public LineCpuTable(LineSize lineSize, int viewWords, int cpuSlots, int maxLoadPercent) {
        this(lineSize, viewWords, cpuSlots, 0, maxLoadPercent);
        if (cpuSlots < 1) {
            throw new IllegalArgumentException("a slotted table needs at least one CPU slot per entry");
        }
    }

    private LineCpuTable(LineSize lineSize, int viewWords, int cpuSlots, int denseCpus, int maxLoadPercent) {
        if (maxLoadPercent < 10 || maxLoadPercent > 90) {
            throw new IllegalArgumentException("the load limit must be 10 to 90 entries per 100 slots");
        }
        this.lineSize = lineSize;
        this.hashShift = Integer.numberOfTrailingZeros(lineSize.bytes());
        this.viewWords = viewWords;
        this.counters = VIEW + viewWords;
        this.cpuSlots = cpuSlots;
        this.spill = cpuSlots > 0 ? new CpuSpill() : null;
        this.maxLoadPercent = maxLoadPercent;
        this.capacity = denseCpus;
        this.entryWords = wordsPerEntry(denseCpus);
        for (int i = 0; i < SHARDS; i++) {
            shardSlots[i] = FIRST_SHARD_SLOTS;
            shards[i] = newTable(FIRST_SHARD_SLOTS, entryWords);
        }
    }

    private int wordsPerEntry(int denseCpus) {
        return counters + (cpuSlots > 0 ? SLOT_WORDS * cpuSlots : denseCpus);
    }

    public LineSize lineSize() {
        return lineSize;
    }

    /** Bytes held by the table (for the engine's out-of-memory choice). */
    public long stateBytes() {
        long words = 0;
        for (long[] t : shards) {
            words += t.length;
        }
        return 8 * words + (spill == null ? 0 : spill.stateBytes());
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
        long h = hash(key);
        int shard = (int) (h >>> (64 - SHARD_BITS));
        long[] t = shards[shard];
        int n = shardSlots[shard];
        int base = shard << OFFSET_BITS;
        for (int slot = home(h, n); ; ) {
            int p = slot * entryWords;
            long k = t[p + KEY];
            if (k == key) {
                return base | p;
            }
            if (k == EMPTY) {
                return -1 - (base | p);
            }
            if (++slot == n) {
                slot = 0;
            }
        }
    }

    /**
     * Inserts {@code key} (zero counters and words) at the free position {@code q} that
     * {@link #lookupKey} returned for it, with no change to the table since; returns the entry's
     * position (another one if its shard grew: entries move).
     */
    public int insertAt(long key, int q) {
        int shard = q >>> OFFSET_BITS;
        int n = shardSlots[shard];
        if ((shardSize[shard] + 1) * 100L > (long) maxLoadPercent * n) {
            growShard(shard, n + (n >> (cpuSlots > 0 ? 2 : 1)), entryWords);
            generation++;
            return findKey(key);
        }
        long[] t = shards[shard];
        int at = q & OFFSET_MASK;
        t[at + KEY] = key;
        t[at + META] = (long) size << 32;
        shardSize[shard]++;
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
        for (int shard = 0; shard < SHARDS; shard++) {
            long[] t = shards[shard];
            for (int p = 0; p < t.length; p += entryWords) {
                if (t[p + KEY] != EMPTY) {
                    visitor.visit(shard << OFFSET_BITS | p);
                }
            }
        }
    }

    /** Changes whenever entry positions change. */
    public int generation() {
        return generation;
    }

    /** The first byte of the entry's line. */
    public long address(int p) {
        return words(p)[(p & OFFSET_MASK) + KEY];
    }

    /** The entry's dense line number, 0 up to the number of lines, in order of first access. */
    public int lineNumber(int p) {
        return (int) (words(p)[(p & OFFSET_MASK) + META] >>> 32);
    }

    /** The view's 32-bit field of the entry. */
    public int field(int p) {
        return (int) words(p)[(p & OFFSET_MASK) + META];
    }

    public void setField(int p, int value) {
        long[] t = words(p);
        int at = (p & OFFSET_MASK) + META;
        t[at] = (t[at] & 0xffffffff00000000L) | (value & 0xffffffffL);
    }

    /** Index in {@link #words}{@code (p)} of the entry's view word {@code i} (valid until entries move). */
    public int word(int p, int i) {
        return (p & OFFSET_MASK) + VIEW + i;
    }

    /** The array entry {@code p}'s view words live in (valid until entries move); see {@link #word}. */
    public long[] words(int p) {
        return shards[p >>> OFFSET_BITS];
    }

    /** Counts one load or store by {@code cpu} (a dense table); may move entries (check {@link #generation()} afterwards). */
    public void increment(int p, int cpu, boolean store) {
        if (cpu > maxCpu) {
            maxCpu = cpu;
        }
        if (cpu >= capacity) {
            if (cpu >= MAX_DENSE_CPUS) {
                sparse.addToValue(key(lineNumber(p), cpu, store), 1);
                return;
            }
            long line = address(p);
            widen(Integer.highestOneBit(cpu) * 2);
            p = findKey(line);
        }
        long[] table = words(p);
        int w = (p & OFFSET_MASK) + counters + cpu;
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

    /**
     * Counts one load or store by {@code cpu} ({@code < }{@link TransferModel#MAX_CPUS}) and adds
     * {@code bytes} to its byte mask (a slotted table); may move entries (a line's continuation
     * entry, which takes the entry's field as it is then, is inserted when a CPU finds the entry's
     * slots taken: check {@link #generation()} afterwards).
     */
    public void add(int p, int cpu, boolean store, long bytes) {
        if (cpu > maxCpu) {
            maxCpu = cpu;
        }
        if (addInSlots(p, cpu, store, bytes)) {
            return;
        }
        int line = lineNumber(p);
        long key = address(p);
        if ((key & CONTINUATION) == 0) {
            int q = lookupKey(key | CONTINUATION);
            if (q < 0) {
                int field = field(p);
                q = insertAt(key | CONTINUATION, -1 - q);
                setField(q, field);
            }
            if (addInSlots(q, cpu, store, bytes)) {
                return;
            }
        }
        int at = spill.slotOf(line, cpu); // every slot of the entry and its continuation taken by other CPUs
        long[] s = spill.words();
        s[at + CpuSpill.COUNTERS] = bump(s[at + CpuSpill.COUNTERS], line, cpu, store);
        s[at + (store ? CpuSpill.STORE_MASK : CpuSpill.LOAD_MASK)] |= bytes;
    }

    /** Counts in {@code cpu}'s slot of entry {@code p}, taking a free one if it has none; false if all are taken. */
    private boolean addInSlots(int p, int cpu, boolean store, long bytes) {
        long tag = (long) (cpu + 1) << TAG_SHIFT;
        long[] t = words(p);
        int w = (p & OFFSET_MASK) + counters;
        for (int end = w + SLOT_WORDS * cpuSlots; w < end; w += SLOT_WORDS) {
            long v = t[w];
            if ((v & TAG_MASK) == tag || v == 0) {
                t[w] = bump(v | tag, lineNumber(p), cpu, store);
                t[w + (store ? 2 : 1)] |= bytes;
                return true;
            }
        }
        return false;
    }

    /** A slotted counter word {@code v} with one more load or store (past 2^28 - 1 the rest goes to the carries). */
    private long bump(long v, int lineNumber, int cpu, boolean store) {
        long unit = store ? 1 : 1L << COUNT_BITS;
        long next = v + unit;
        if (((next >>> (store ? 0 : COUNT_BITS)) & COUNT_MASK) == 0) { // the counter wrapped into the bits above
            next -= unit << COUNT_BITS;
            carries.addToValue(key(lineNumber, cpu, store), 1);
        }
        return next;
    }

    /** The bytes {@code cpu} loaded ({@code store} false) or stored on the entry's line (a slotted table). */
    public long mask(int p, int cpu, boolean store) {
        int q = holder(p, cpu);
        if (q >= 0) {
            return words(q)[slotted(q, cpu) + (store ? 2 : 1)];
        }
        int at = spill.find(lineNumber(p), cpu);
        return at < 0 ? 0 : spill.words()[at + (store ? CpuSpill.STORE_MASK : CpuSpill.LOAD_MASK)];
    }

    /** Entry {@code p} or its continuation if one holds a slot of {@code cpu} (a slotted table), else -1. */
    private int holder(int p, int cpu) {
        if (slotted(p, cpu) >= 0) {
            return p;
        }
        int q = (address(p) & CONTINUATION) == 0 ? lookupKey(address(p) | CONTINUATION) : -1;
        return q >= 0 && slotted(q, cpu) >= 0 ? q : -1;
    }

    /** The word of {@code cpu}'s slot in entry {@code p} of a slotted table, -1 if the entry has none. */
    private int slotted(int p, int cpu) {
        long tag = (long) (cpu + 1) << TAG_SHIFT;
        long[] table = words(p);
        for (int i = 0, w = (p & OFFSET_MASK) + counters; i < cpuSlots; i++, w += SLOT_WORDS) {
            if ((table[w] & TAG_MASK) == tag) {
                return w;
            }
        }
        return -1;
    }

    /** Loads ({@code store} false) or stores counted for {@code cpu} on the entry's line. */
    public long count(int p, int cpu, boolean store) {
        long low;
        if (cpuSlots > 0) {
            int q = holder(p, cpu);
            if (q >= 0) {
                return slottedCount(words(q)[slotted(q, cpu)], lineNumber(q), cpu, store);
            }
            int at = spill.find(lineNumber(p), cpu);
            return at < 0 ? 0 : slottedCount(spill.words()[at + CpuSpill.COUNTERS], lineNumber(p), cpu, store);
        }
        if (cpu >= capacity) {
            return cpu >= MAX_DENSE_CPUS ? sparse.get(key(lineNumber(p), cpu, store)) : 0;
        }
        long word = words(p)[(p & OFFSET_MASK) + counters + cpu];
        low = store ? word >>> 32 : word & 0xffffffffL;
        return carries.isEmpty() ? low : carries.get(key(lineNumber(p), cpu, store)) << 32 | low;
    }

    /** Loads or stores of a slotted counter word {@code v}, with what carried past its 28 bits. */
    private long slottedCount(long v, int lineNumber, int cpu, boolean store) {
        long low = (v >>> (store ? 0 : COUNT_BITS)) & COUNT_MASK;
        return carries.isEmpty() ? low : carries.get(key(lineNumber, cpu, store)) << COUNT_BITS | low;
    }

    /** Receives one CPU of one entry of a slotted table: the entry's field, its counts and byte masks. */
    @FunctionalInterface
    public interface CpuVisitor {
        void visit(int field, int cpu, long loads, long stores, long loadMask, long storeMask);
    }

    /**
     * Visits every (entry, CPU) of a slotted table with a load or store counted, entries
     * (continuations too, with their entry's field) in table order with their CPUs in slot order,
     * then the CPUs spilled beyond their entry's slots.
     */
    public void forEachCpu(CpuVisitor visitor) {
        visitCpus(visitor, false);
    }

    /**
     * {@link #forEachCpu}, letting each shard's array go once visited, so that what the visitor
     * builds from the table replaces it rather than adding to it; the table is unusable afterwards.
     */
    public void drainCpus(CpuVisitor visitor) {
        visitCpus(visitor, true);
    }

    private void visitCpus(CpuVisitor visitor, boolean release) {
        int[] fields = spill.size() == 0 ? null : new int[size]; // by line number, for the spilled CPUs
        for (int shard = 0; shard < SHARDS; shard++) {
            long[] t = shards[shard];
            for (int at = 0; at < t.length; at += entryWords) {
                if (t[at + KEY] == EMPTY) {
                    continue;
                }
                int line = (int) (t[at + META] >>> 32);
                int field = (int) t[at + META];
                if (fields != null) {
                    fields[line] = field;
                }
                for (int i = 0, w = at + counters; i < cpuSlots && t[w] != 0; i++, w += SLOT_WORDS) {
                    int cpu = (int) ((t[w] & TAG_MASK) >>> TAG_SHIFT) - 1;
                    visitor.visit(field, cpu, slottedCount(t[w], line, cpu, false), slottedCount(t[w], line, cpu, true),
                            t[w + 1], t[w + 2]);
                }
            }
            if (release) {
                shards[shard] = null;
            }
        }
        if (fields != null) {
            long[] s = spill.words();
            spill.forEach((line, cpu, at) -> visitor.visit(fields[line], cpu,
                    slottedCount(s[at + CpuSpill.COUNTERS], line, cpu, false),
                    slottedCount(s[at + CpuSpill.COUNTERS], line, cpu, true),
                    s[at + CpuSpill.LOAD_MASK], s[at + CpuSpill.STORE_MASK]));
        }
    }

    /** The highest CPU counted, -1 before the first. */
    public int maxCpu() {
        return maxCpu;
    }

    /** Line addresses present, in table order. */
    public long[] lines() {
        long[] out = new long[size];
        int[] n = {0};
        forEachEntry(p -> out[n[0]++] = address(p));
        return out;
    }

    /** Gives every entry room for the counters of CPUs 0 to {@code newCapacity - 1} (a dense table); moves entries. */
    private void widen(int newCapacity) {
        capacity = newCapacity;
        int newWords = wordsPerEntry(newCapacity);
        for (int shard = 0; shard < SHARDS; shard++) {
            growShard(shard, shardSlots[shard], newWords);
        }
        entryWords = newWords;
        generation++;
    }

    /** Moves a shard's entries into a new array of {@code newSlots} entries of {@code newWords} words (new CPUs' words zero). */
    private void growShard(int shard, int newSlots, int newWords) {
        if ((long) newSlots * newWords > OFFSET_MASK) {
            throw new AnalysisException("too many cache lines for the line table");
        }
        long[] old = shards[shard];
        long[] table = newTable(newSlots, newWords);
        int oldWords = entryWords;
        for (int from = 0; from < old.length; from += oldWords) {
            long k = old[from + KEY];
            if (k == EMPTY) {
                continue;
            }
            int t = home(hash(k), newSlots);
            while (table[t * newWords + KEY] != EMPTY) {
                if (++t == newSlots) {
                    t = 0;
                }
            }
            System.arraycopy(old, from, table, t * newWords, oldWords);
        }
        shards[shard] = table;
        shardSlots[shard] = newSlots;
    }

    private static long[] newTable(int slots, int words) {
        long[] t = new long[slots * words];
        for (int s = 0; s < slots; s++) {
            t[s * words + KEY] = EMPTY;
        }
        return t;
    }

    private long hash(long key) {
        return (key >>> hashShift) * 0x9e3779b97f4a7c15L;
    }

    /**
     * The slot a probe for hash {@code h} starts at in a shard of {@code slots}: 32 bits of the
     * product below the shard's bits, scaled to the shard (any size, so a shard grows by a fraction).
     */
    private static int home(long h, int slots) {
        return (int) ((h >>> (32 - SHARD_BITS) & 0xffffffffL) * slots >>> 32);
    }

    private static long key(int lineNumber, int cpu, boolean store) {
        return (long) lineNumber << 17 | (long) cpu << 1 | (store ? 1 : 0);
    }
}
