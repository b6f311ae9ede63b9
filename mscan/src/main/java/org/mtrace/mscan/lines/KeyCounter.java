package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Counts the line core's keys, pairs of a line id (an int) and a packed key (a long), and gives
 * them back in order of first appearance with their counts.
 *
 * <p>Why not one hash table: on large logs the keys (hundreds of thousands to millions) outgrow the
 * CPU caches, so a probe per transfer was a cache miss nearly every time (40% of the report's
 * time). Here a key costs an append to a buffer; a full buffer is split by hash into
 * {@value #PARTS} parts in one sequential pass, and each part is then counted in its own small
 * table, which stays in the cache while its share of the buffer is probed.
 *
 * <p>In front of the buffer, a small direct-mapped table of recent keys: a key seen again since
 * its last append (most transfers repeat a key of the last few thousand) adds to that append's
 * count instead of appending, which keeps the buffer and the splitting passes several times
 * smaller. After counting, the keys are kept in order of first appearance in three flat arrays,
 * so reading them streams through memory instead of hopping between the parts.
 */
final class KeyCounter {
    private static final int PART_BITS = 12;
    private static final int PARTS = 1 << PART_BITS;
    private static final int MAX_BATCH = 1 << 23;
    private static final int RECENT_BITS = 14;

    /** Per slot: key, line << 32 | (batch index + 1), 0 = empty; cleared with each batch. */
    private final long[] recent = new long[2 << RECENT_BITS];

    private final int minBatch;
    private final Part[] parts = new Part[PARTS];

    // the batch: keys in order of appearance since the last count; split: the same by part
    private int[] batchLine;
    private long[] batchKey;
    private int[] batchCount;
    private int[] splitLine;
    private long[] splitKey;
    private int[] splitCount;
    private int[] splitAt; // index in the batch
    private final int[] partStart = new int[PARTS + 1];
    private int batched;
    private long counted; // appends counted before the batch: the appearance number of its first
    private int size;
    /** The parts were emptied into the ordered arrays after the pass ({@link #thaw}). */
    private boolean partsReleased;

    // every key by first appearance (null while stale)
    private int[] orderedLine;
    private long[] orderedKey;
    private long[] orderedCount;

    KeyCounter() {
        this(1 << 18);
    }

    /**
     * A counter whose buffer holds at least {@code minBatch} keys (small ones in tests) and at least
     * half as many as the keys counted: a part's table is then probed about as often as it has
     * cache lines, so it is loaded into the cache once per batch, not once per probe (half, not
     * all: the buffer takes 36 bytes a key, and with the recent keys folded it fills slowly).
     */
    KeyCounter(int minBatch) {
        this.minBatch = minBatch;
        allocate(minBatch);
        for (int p = 0; p < PARTS; p++) {
            parts[p] = new Part();
        }
    }

    /** Counts one of {@code (line, key)}. */
    void add(int lineId, long packed) {
        int slot = 2 * (PairIndex.hash(lineId, packed) & ((1 << RECENT_BITS) - 1));
        long tag = recent[slot + 1];
        if (tag != 0 && recent[slot] == packed && (int) (tag >>> 32) == lineId) {
            // (no stale order to drop: the table is empty from counting until the next append)
            if (++batchCount[(int) tag - 1] == Integer.MAX_VALUE) {
                countBatch();
            }
            return;
        }
        if (partsReleased) {
            thaw();
        }
        if (batched == batchKey.length) {
            countBatch();
            if (size > 2L * batchKey.length && batchKey.length < MAX_BATCH) {
                allocate(batchKey.length * 2);
            }
        }
        batchLine[batched] = lineId;
        batchKey[batched] = packed;
        batchCount[batched] = 1;
        batched++;
        recent[slot] = packed;
        recent[slot + 1] = (long) lineId << 32 | batched;
        orderedKey = null;
    }

    private void allocate(int n) {
        batchLine = new int[n];
        batchKey = new long[n];
        batchCount = new int[n];
        splitLine = new int[n];
        splitKey = new long[n];
        splitCount = new int[n];
        splitAt = new int[n];
    }

    /** The number of distinct keys. */
    int size() {
        countBatch();
        return size;
    }

    /** Receives a counted key. */
    @FunctionalInterface
    interface Visitor {
        void visit(int line, long packed, long count);
    }

    /** Visits every distinct key with its count, in order of first appearance. */
    void forEach(Visitor visitor) {
        if (orderedKey == null) {
            countBatch();
            if (batchKey.length > minBatch) { // the pass is over: its large buffer is not needed for reading
                allocate(minBatch);
            }
            order();
        }
        for (int i = 0; i < size; i++) {
            visitor.visit(orderedLine[i], orderedKey[i], orderedCount[i]);
        }
    }

    long stateBytes() {
        long b = 36L * batchKey.length + 8L * recent.length + (orderedKey == null ? 0 : 20L * orderedKey.length);
        for (Part p : parts) {
            b += p.stateBytes();
        }
        return b;
    }

    /** Fills the ordered arrays: every key, by first appearance (unique per key). */
    private void order() {
        int n = size;
        long[] firsts = new long[n];
        int[] ride = new int[n]; // the key's place in the parts, taken in order
        for (int p = 0, g = 0; p < PARTS; p++) {
            Part part = parts[p];
            for (int k = 0; k < part.size; k++, g++) {
                firsts[g] = part.first[k];
                ride[g] = g;
            }
        }
        int[] rank = new int[n];
        PairSort.sort(firsts, ride, n, new long[n], rank);
        firsts = null; // before the ordered arrays are allocated
        for (int i = 0; i < n; i++) {
            rank[ride[i]] = i;
        }
        ride = null;
        orderedLine = new int[n];
        orderedKey = new long[n];
        orderedCount = new long[n];
        for (int p = 0, g = 0; p < PARTS; p++) {
            Part part = parts[p];
            for (int k = 0; k < part.size; k++, g++) {
                int r = rank[g];
                orderedLine[r] = part.line[k];
                orderedKey[r] = part.key[k];
                orderedCount[r] = part.count[k];
            }
            parts[p] = new Part(); // the ordered arrays hold it all now (see thaw)
        }
        partsReleased = true;
    }

    /**
     * Puts the ordered keys back into the parts before counting more (reading in the middle of a
     * pass, as tests do): their ranks serve as appearance numbers, all below {@link #counted}.
     */
    private void thaw() {
        partsReleased = false;
        for (int i = 0; i < size; i++) {
            int l = orderedLine[i];
            long k = orderedKey[i];
            parts[PairIndex.hash(l, k) >>> (32 - PART_BITS)].add(l, k, orderedCount[i], i);
        }
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
            int h = PairIndex.hash(batchLine[i], batchKey[i]);
            start[(h >>> (32 - PART_BITS)) + 1]++;
        }
        for (int p = 0; p < PARTS; p++) {
            start[p + 1] += start[p];
        }
        for (int i = 0; i < n; i++) {
            int l = batchLine[i];
            long k = batchKey[i];
            int to = start[PairIndex.hash(l, k) >>> (32 - PART_BITS)]++;
            splitLine[to] = l;
            splitKey[to] = k;
            splitCount[to] = batchCount[i];
            splitAt[to] = i;
        }
        // start[p] is now the end of part p, which is where part p + 1 begins
        int from = 0;
        for (int p = 0; p < PARTS; p++) {
            Part part = parts[p];
            int before = part.size;
            for (int i = from, end = start[p]; i < end; i++) {
                part.add(splitLine[i], splitKey[i], splitCount[i], counted + splitAt[i]);
            }
            size += part.size - before;
            from = start[p];
        }
        counted += n;
        batched = 0;
    }

    /**
     * One part's keys: columns by id (in order of first appearance within the part) and an open-
     * addressing table of ids + 1 with linear probing over the hash's low bits (the high bits chose
     * the part). Why ids and not the keys in the table: a slot of 4 bytes instead of 16 keeps the
     * table a fifth of the part's size (a part is probed while it is in the cache, so reading the
     * key from its column costs no miss), and the columns grow by half, not double: on a
     * 28 M-access recording with 20 M keys the parts went from 116 to about 40 bytes a key.
     */
    private static final class Part {
        int[] slots = new int[16];
        int mask = 15;
        int size;
        int[] line = new int[8];
        long[] key = new long[8];
        long[] count = new long[8];
        long[] first = new long[8];

        void add(int l, long k, long c, long at) {
            int[] s = slots;
            for (int i = PairIndex.hash(l, k) & mask; ; i = (i + 1) & mask) {
                int id = s[i] - 1;
                if (id < 0) {
                    insert(i, l, k, c, at);
                    return;
                }
                if (key[id] == k && line[id] == l) {
                    count[id] += c;
                    return;
                }
            }
        }

        private void insert(int slot, int l, long k, long c, long at) {
            int id = size++;
            if (id == key.length) {
                int n = id + (id >> 1);
                line = Arrays.copyOf(line, n);
                key = Arrays.copyOf(key, n);
                count = Arrays.copyOf(count, n);
                first = Arrays.copyOf(first, n);
            }
            line[id] = l;
            key[id] = k;
            count[id] = c;
            first[id] = at;
            slots[slot] = id + 1;
            if (size * 2 > mask + 1) {
                grow();
            }
        }

        private void grow() {
            int n = (mask + 1) * 2;
            slots = new int[n];
            mask = n - 1;
            for (int id = 0; id < size; id++) {
                int i = PairIndex.hash(line[id], key[id]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = id + 1;
            }
        }

        long stateBytes() {
            return 4L * slots.length + 28L * key.length;
        }
    }
}
