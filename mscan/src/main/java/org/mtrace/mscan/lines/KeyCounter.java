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
 */
final class KeyCounter {
    private static final int PART_BITS = 12;
    private static final int PARTS = 1 << PART_BITS;
    private static final int MAX_BATCH = 1 << 23;

    private final int minBatch;
    private final Part[] parts = new Part[PARTS];

    // the batch: keys in order of appearance since the last count; split: the same by part
    private int[] batchLine;
    private long[] batchKey;
    private int[] splitLine;
    private long[] splitKey;
    private int[] splitAt; // index in the batch
    private final int[] partStart = new int[PARTS + 1];
    private int batched;
    private long counted; // keys counted before the batch: the appearance number of its first key
    private int size;

    private long[] orderSlots; // (part << 32 | index) by first appearance, null while stale

    KeyCounter() {
        this(1 << 18);
    }

    /**
     * A counter whose buffer holds at least {@code minBatch} keys (small ones in tests) and at least
     * as many as the keys counted: a part's table is then probed more often than it has cache
     * lines, so it is loaded into the cache once per batch, not once per probe.
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
        if (batched == batchKey.length) {
            countBatch();
            if (size > batchKey.length && batchKey.length < MAX_BATCH) {
                allocate(batchKey.length * 2);
            }
        }
        batchLine[batched] = lineId;
        batchKey[batched] = packed;
        batched++;
        orderSlots = null;
    }

    private void allocate(int n) {
        batchLine = new int[n];
        batchKey = new long[n];
        splitLine = new int[n];
        splitKey = new long[n];
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
        countBatch();
        if (orderSlots == null) {
            orderSlots = byFirstAppearance();
        }
        for (int i = 0; i < size; i++) {
            long ref = orderSlots[i];
            Part part = parts[(int) (ref >>> 32)];
            int k = (int) ref;
            visitor.visit(part.line[k], part.key[k], part.count[k]);
        }
    }

    long stateBytes() {
        long b = 32L * batchKey.length + (orderSlots == null ? 0 : 8L * orderSlots.length);
        for (Part p : parts) {
            b += p.stateBytes();
        }
        return b;
    }

    /** References (part << 32 | index) to every key, ordered by first appearance (unique per key). */
    private long[] byFirstAppearance() {
        int[] partOf = new int[size];
        long[] firsts = new long[size];
        int[] index = new int[size];
        int n = 0;
        for (int p = 0; p < PARTS; p++) {
            Part part = parts[p];
            for (int k = 0; k < part.size; k++) {
                partOf[n] = p;
                firsts[n] = part.first[k];
                index[n] = k;
                n++;
            }
        }
        // the sort orders by (part, first): give every record part 0 and let the part ride
        int[] zero = new int[n];
        int[] ride = new int[n];
        for (int i = 0; i < n; i++) {
            ride[i] = i;
        }
        PairSort.sort(zero, firsts, ride, n, new int[n], new long[n], new int[n]);
        long[] refs = new long[n];
        for (int i = 0; i < n; i++) {
            refs[i] = (long) partOf[ride[i]] << 32 | index[ride[i]];
        }
        return refs;
    }

    /** Splits the batch by hash into the parts and counts each part's keys in its table. */
    private void countBatch() {
        int n = batched;
        if (n == 0) {
            return;
        }
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
            splitAt[to] = i;
        }
        // start[p] is now the end of part p, which is where part p + 1 begins
        int from = 0;
        for (int p = 0; p < PARTS; p++) {
            Part part = parts[p];
            int before = part.size;
            for (int i = from, end = start[p]; i < end; i++) {
                part.add(splitLine[i], splitKey[i], counted + splitAt[i]);
            }
            size += part.size - before;
            from = start[p];
        }
        counted += n;
        batched = 0;
    }

    /**
     * One part's keys: open addressing with linear probing over the hash's low bits (the high
     * bits chose the part), slots of the packed key and line << 32 | index + 1.
     */
    private static final class Part {
        long[] slots = new long[2 * 16];
        int mask = 15;
        int size;
        int[] line = new int[8];
        long[] key = new long[8];
        long[] count = new long[8];
        long[] first = new long[8];

        void add(int l, long k, long at) {
            long tag = (long) l << 32;
            long[] s = slots;
            for (int i = PairIndex.hash(l, k) & mask; ; i = (i + 1) & mask) {
                long word = s[2 * i + 1];
                if (word == 0) {
                    insert(i, l, k, at);
                    return;
                }
                if ((word & 0xffffffff00000000L) == tag && s[2 * i] == k) {
                    count[(int) word - 1]++;
                    return;
                }
            }
        }

        private void insert(int slot, int l, long k, long at) {
            int id = size++;
            if (id == key.length) {
                int n = id * 2;
                line = Arrays.copyOf(line, n);
                key = Arrays.copyOf(key, n);
                count = Arrays.copyOf(count, n);
                first = Arrays.copyOf(first, n);
            }
            line[id] = l;
            key[id] = k;
            count[id] = 1;
            first[id] = at;
            slots[2 * slot] = k;
            slots[2 * slot + 1] = (long) l << 32 | (id + 1);
            if (size * 2 > mask + 1) {
                grow();
            }
        }

        private void grow() {
            int n = (mask + 1) * 2;
            slots = new long[2 * n];
            mask = n - 1;
            for (int id = 0; id < size; id++) {
                int i = PairIndex.hash(line[id], key[id]) & mask;
                while (slots[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                slots[2 * i] = key[id];
                slots[2 * i + 1] = (long) line[id] << 32 | (id + 1);
            }
        }

        long stateBytes() {
            return 8L * slots.length + 28L * key.length;
        }
    }
}
