package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Counts the line core's keys, pairs of longs ({@link Key}'s place and data), and gives them back
 * in order of first appearance with their counts and the payload (an int) given with their first
 * appearance.
 *
 * <p>Why not one hash table: on large logs the keys (hundreds of thousands to millions) outgrow the
 * CPU caches, so a probe per transfer was a cache miss nearly every time (40% of the report's
 * time). Here a key costs an append to a buffer; a full buffer is split by hash into
 * {@value #PARTS} parts in one sequential pass, and each part is then counted in its own small
 * table, which stays in the cache while its share of the buffer is probed. The table is read
 * from start to end first (the CPU streams a sequential read ahead), when its share is large
 * enough: on a real recording nearly every transfer is a key of its own (8.7 M keys for 26.1 M
 * transfers, exim on Debian's 6.1 kernel), the parts' tables do not stay in the caches from one
 * buffer to the next, and probed cold each probe waited for memory (a fifth less time in the
 * splitting passes read first).
 *
 * <p>In front of the buffer, a small direct-mapped table of recent keys: a key seen again since
 * its last append (most transfers repeat a key of the last few thousand) adds to that append's
 * count instead of appending, which keeps the buffer and the splitting passes several times
 * smaller.
 *
 * <p>Order of first appearance without appearance numbers: within a part, keys get their ids in
 * the order they first appear (the split keeps the buffer's order), so the global order is fixed
 * by which part each new key went to. That sequence of part numbers (two bytes a key) is all that
 * is kept; reading walks it with a cursor per part, a chunk of it at a time ({@link #forEach}),
 * and nothing is sorted or copied in full after the pass (a sort by appearance number and flat
 * copies of the keys took another 44 bytes a key at the end: 880 MB for 20 M keys).
 */
final class KeyCounter {
    private static final int PART_BITS = 12;
    private static final int PARTS = 1 << PART_BITS;
    /**
     * The buffer's limit, 1 M keys (58 MB): a larger one saved little time and held 300 MB on large
     * recordings, and 2 M (116 MB) was no faster on exim60-6.1 (the report 19.3 and 20.8 s against
     * 17.1 and 19.3 s with 1 M, alternating runs) while a tenth of a 1 GiB heap.
     */
    private static final int MAX_BATCH = 1 << 20;
    private static final int RECENT_BITS = 14;
    /** What {@link Part#touchIfWorth} read, kept so that the reads are not optimised away. */
    private long touched;
    /** Keys per chunk of {@link #forEach}: 28 bytes a key of scratch, in the CPU's second-level cache. */
    private static final int READ_CHUNK = 1 << 15;

    /** Per slot: place, data, batch index + 1 (0 = empty); cleared with each batch. */
    private final long[] recent = new long[3 << RECENT_BITS];

    private final int minBatch;
    /** Keys read per chunk by {@link #forEach}. */
    private final int readChunk;
    private final Part[] parts = new Part[PARTS];

    // the batch: keys in order of appearance since the last count, two longs each (place, data),
    // their payloads and counts (columns of their own: a recent key's count is added to at a
    // random place, in 4 bytes a key rather than 24); split: the same by part, four longs each
    // (place, data, payload << 32 | count, index in the batch). One array, not a column
    // per field: splitting writes to 4,096 places at once, and with a column per field those were
    // five times as many cache lines as the CPU's caches hold.
    private long[] batch;
    private int[] batchPayload;
    private int[] batchCount;
    private long[] split;
    private short[] newIn;  // per batch index: the part whose new key first appeared there, or -1
    private final int[] partStart = new int[PARTS + 1];
    private int batched;
    private boolean frozen;
    private int size;
    /** Per key, in order of first appearance: the part that holds it. */
    private short[] partOfKey = new short[1024];

    KeyCounter() {
        this(1 << 18);
    }

    KeyCounter(int minBatch) {
        this(minBatch, READ_CHUNK);
    }

    /**
     * A counter whose buffer holds at least {@code minBatch} keys (small ones in tests) and at least
     * half as many as the keys counted: a part's table is then probed about as often as it has
     * cache lines, so it is loaded into the cache once per batch, not once per probe (half, not
     * all: the buffer takes 58 bytes a key, and with the recent keys folded it fills slowly), and
     * whose reading takes {@code readChunk} keys at a time (small ones in tests).
     */
    KeyCounter(int minBatch, int readChunk) {
        this.minBatch = minBatch;
        this.readChunk = readChunk;
        allocate(minBatch);
        for (int p = 0; p < PARTS; p++) {
            parts[p] = new Part();
        }
    }

    /** Counts one of {@code (place, data)}; {@code payload} is kept if the key is new. */
    void add(long place, long packed, int payload) {
        if (frozen) {
            throw new IllegalStateException("no new keys: the counter was frozen");
        }
        int slot = 3 * (PairIndex.hash(place, packed) & ((1 << RECENT_BITS) - 1));
        long at = recent[slot + 2];
        if (at != 0 && recent[slot + 1] == packed && recent[slot] == place) {
            // (no stale order to drop: the table is empty from counting until the next append)
            if (++batchCount[(int) at - 1] == Integer.MAX_VALUE) {
                countBatch();
            }
            return;
        }
        if (batched == capacity()) {
            countBatch();
            if (size > 2L * capacity() && capacity() < MAX_BATCH) {
                allocate(capacity() * 2);
            }
        }
        batch[2 * batched] = place;
        batch[2 * batched + 1] = packed;
        batchPayload[batched] = payload;
        batchCount[batched] = 1;
        batched++;
        recent[slot] = place;
        recent[slot + 1] = packed;
        recent[slot + 2] = batched;
    }

    /** Keys the batch holds. */
    private int capacity() {
        return newIn.length;
    }

    private void allocate(int n) {
        batch = new long[2 * n];
        batchPayload = new int[n];
        batchCount = new int[n];
        split = new long[4 * n];
        newIn = new short[n];
    }

    /** The number of distinct keys. */
    int size() {
        countBatch();
        return size;
    }

    /** Receives a counted key. */
    @FunctionalInterface
    interface Visitor {
        void visit(long place, long packed, int payload, long count);
    }

    /**
     * Counting is over: lets the buffers and the parts' lookup tables go (about a third of the
     * memory) and trims the parts' entries to their keys, keeping the keys for {@link #forEach}.
     */
    void freeze() {
        countBatch();
        frozen = true;
        allocate(0);
        for (Part p : parts) {
            p.slots = null;
            // entries grow by half: a fifth of them empty on average (60 MB of 10 M keys), for the rest of the report
            p.entries = Arrays.copyOf(p.entries, 3 * p.size);
        }
    }

    /**
     * Visits every distinct key with its count, in order of first appearance. Reading is
     * thread-safe once the counter is frozen (each call has its own cursors).
     *
     * <p>Why in chunks: the keys in order of first appearance hop between the 4,096 parts, and
     * once the visitor's own tables had pushed the parts' current cache lines out, nearly every key
     * was a cache miss (a third of the report's time after the pass on a 28.5 M-access recording).
     * A chunk of the order is read part by part instead, each part's share of the chunk a run of
     * consecutive entries, into small arrays in order of appearance, which the visitor then
     * reads in sequence.
     */
    void forEach(Visitor visitor) {
        countBatch();
        if (!frozen && capacity() > minBatch) { // reading: the pass is over and its large buffer not needed
            allocate(minBatch);
        }
        int chunk = Math.min(readChunk, Math.max(size, 1));
        int[] cursor = new int[PARTS];
        int[] end = new int[PARTS + 1];
        int[] byPart = new int[chunk]; // the chunk's positions, by part
        long[] place = new long[chunk];
        long[] data = new long[chunk];
        long[] rest = new long[chunk]; // payload << 32 | count, as a part's entry
        for (int from = 0; from < size; from += chunk) {
            int n = Math.min(chunk, size - from);
            Arrays.fill(end, 0);
            for (int i = 0; i < n; i++) {
                end[partOfKey[from + i] + 1]++;
            }
            for (int p = 0; p < PARTS; p++) {
                end[p + 1] += end[p];
            }
            for (int i = 0; i < n; i++) {
                byPart[end[partOfKey[from + i]]++] = i;
            }
            // end[p] is now the end of part p's positions, where part p + 1's begin
            int j = 0;
            for (int p = 0; p < PARTS; p++) {
                long[] e = parts[p].entries;
                int at = 3 * cursor[p];
                cursor[p] += end[p] - j;
                for (int last = end[p]; j < last; j++, at += 3) {
                    int i = byPart[j];
                    place[i] = e[at];
                    data[i] = e[at + 1];
                    rest[i] = e[at + 2];
                }
            }
            for (int i = 0; i < n; i++) {
                visitor.visit(place[i], data[i], Part.payload(rest[i]), Part.count(rest[i]));
            }
        }
    }

    /**
     * Visits every distinct key with its count, part by part: an order fixed by the keys' hashes, not
     * by their appearance, for readers that do not depend on the order. Each part's entries are read
     * in sequence, where {@link #forEach} hops between the parts (a cache miss or two per key).
     */
    void forEachInPartOrder(Visitor visitor) {
        countBatch();
        for (Part part : parts) {
            long[] e = part.entries;
            for (int at = 0, end = 3 * part.size; at < end; at += 3) {
                visitor.visit(e[at], e[at + 1], Part.payload(e[at + 2]), Part.count(e[at + 2]));
            }
        }
    }

    long stateBytes() {
        long b = 58L * capacity() + 8L * recent.length + 2L * partOfKey.length;
        for (Part p : parts) {
            b += p.stateBytes();
        }
        return b;
    }

    /** Splits the batch by hash into the parts and counts each part's keys in its table. */
    private void countBatch() {
        int n = batched;
        if (n == 0) {
            return;
        }
        Arrays.fill(recent, 0); // its slots point into this batch
        int[] start = partStart;
        Arrays.fill(start, 0);
        for (int i = 0; i < n; i++) {
            int h = PairIndex.hash(batch[2 * i], batch[2 * i + 1]);
            start[(h >>> (32 - PART_BITS)) + 1]++;
        }
        for (int p = 0; p < PARTS; p++) {
            start[p + 1] += start[p];
        }
        for (int i = 0; i < n; i++) {
            long l = batch[2 * i];
            long k = batch[2 * i + 1];
            int to = 4 * start[PairIndex.hash(l, k) >>> (32 - PART_BITS)]++;
            split[to] = l;
            split[to + 1] = k;
            split[to + 2] = (long) batchPayload[i] << 32 | batchCount[i];
            split[to + 3] = i;
        }
        // start[p] is now the end of part p, which is where part p + 1 begins
        Arrays.fill(newIn, 0, n, (short) -1);
        int from = 0;
        for (int p = 0; p < PARTS; p++) {
            Part part = parts[p];
            touched += part.touchIfWorth(start[p] - from);
            for (int i = from, end = start[p]; i < end; i++) {
                int at = 4 * i;
                long rest = split[at + 2];
                if (part.add(split[at], split[at + 1], Part.count(rest), Part.payload(rest))) {
                    newIn[(int) split[at + 3]] = (short) p;
                }
            }
            from = start[p];
        }
        for (int i = 0; i < n; i++) { // the new keys' parts, in the order the keys appeared
            if (newIn[i] >= 0) {
                if (size == partOfKey.length) {
                    partOfKey = Arrays.copyOf(partOfKey, size + (size >> 1));
                }
                partOfKey[size++] = newIn[i];
            }
        }
        batched = 0;
    }

    /**
     * One part's keys: entries by id (in order of first appearance within the part), three longs
     * each (place, data, payload << 32 | count), and an open-addressing table of ids + 1 with linear
     * probing over the hash's low bits (the high bits chose the part). Why ids and not the keys in
     * the table: a slot of 4 bytes instead of 24 keeps the table small beside the entries (a part is
     * probed while it is in the cache, so reading the key from its entry costs no miss), and the
     * entries grow by half, not double. Why entries and not a column per field: reading the keys
     * after the pass hops between the 4,096 parts, and a column per field made four cache misses of
     * a key where an entry makes one or two.
     */
    private static final class Part {
        private static final long COUNT = 0xffff_ffffL;
        int[] slots = new int[16];
        int mask = 15;
        int size;
        long[] entries = new long[3 * 8];

        /**
         * Reads the part's table from start to end, a cache line at a time, before {@code probes}
         * probes of it, when they are enough that a sequential read (which the CPU streams ahead)
         * costs less than the misses of probing it cold.
         */
        long touchIfWorth(int probes) {
            int[] s = slots;
            long[] e = entries;
            int lines = s.length / 16 + 3 * size / 8;
            if (probes * 4 < lines) {
                return 0;
            }
            long t = 0;
            for (int i = 0; i < s.length; i += 16) {
                t += s[i];
            }
            for (int i = 0, end = 3 * size; i < end; i += 8) {
                t += e[i];
            }
            return t;
        }

        /** Adds {@code c} to {@code (l, k)}, with payload {@code v} if new; whether the key is new. */
        boolean add(long l, long k, int c, int v) {
            int[] s = slots;
            long[] e = entries;
            for (int i = PairIndex.hash(l, k) & mask; ; i = (i + 1) & mask) {
                int id = s[i] - 1;
                if (id < 0) {
                    insert(i, l, k, c, v);
                    return true;
                }
                int at = 3 * id;
                if (e[at + 1] == k && e[at] == l) {
                    // a key's transfers: 2^31 - 1 at most (far beyond real logs; see KeyCounter.add)
                    if ((e[at + 2] & COUNT) + c > Integer.MAX_VALUE) {
                        throw new IllegalStateException("more than " + Integer.MAX_VALUE + " transfers under one key");
                    }
                    e[at + 2] += c;
                    return false;
                }
            }
        }

        private void insert(int slot, long l, long k, int c, int v) {
            int id = size++;
            if (3 * id == entries.length) {
                entries = Arrays.copyOf(entries, 3 * (id + (id >> 1)));
            }
            int at = 3 * id;
            entries[at] = l;
            entries[at + 1] = k;
            entries[at + 2] = (long) v << 32 | c;
            slots[slot] = id + 1;
            if (size * 4L > 3L * (mask + 1)) { // up to three quarters full: the probes stay in the part's cached lines
                grow();
            }
        }

        /** The payload of an entry's third long. */
        static int payload(long rest) {
            return (int) (rest >>> 32);
        }

        /** The count of an entry's third long. */
        static int count(long rest) {
            return (int) (rest & COUNT);
        }

        private void grow() {
            int n = (mask + 1) * 2;
            slots = new int[n];
            mask = n - 1;
            for (int id = 0; id < size; id++) {
                int i = PairIndex.hash(entries[3 * id], entries[3 * id + 1]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = id + 1;
            }
        }

        long stateBytes() {
            return 4L * (slots == null ? 0 : slots.length) + 8L * entries.length;
        }
    }
}
