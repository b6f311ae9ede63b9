package org.mtrace.analyses.testcases;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An ordered map from unsigned {@code long} keys to values, for {@link AccessSet}: sorted chunks of
 * at most {@value #CHUNK} primitive keys (with their values beside them), found by binary search
 * over the chunks' first keys, then within the chunk. Replaces a {@code TreeMap<Long, V>}: no
 * boxing, no node per entry, and the predecessor query of an insertion touches two short arrays.
 *
 * <p>Keys are stored with the sign bit flipped, so signed comparison gives unsigned order.
 */
final class ChunkedLongMap<V> implements Iterable<V> {
    private static final int CHUNK = 128;
    private static final int FIRST_CAPACITY = 4;

    private long[][] keys = new long[4][];
    private Object[][] values = new Object[4][];
    private int[] counts = new int[4];
    /** First key of each chunk (flipped), for the chunk search. */
    private long[] firsts = new long[4];
    private int chunks;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value of the greatest key strictly below {@code key} (unsigned), or null. */
    @SuppressWarnings("unchecked")
    V lowerValue(long key) {
        long k = key ^ Long.MIN_VALUE;
        int c = k == Long.MIN_VALUE ? -1 : lastChunkAtOrBelow(k - 1); // first key < k
        if (c < 0) {
            return null;
        }
        int i = search(c, k);
        return (V) values[c][i >= 0 ? i - 1 : -i - 2]; // the greatest key < k (exists: firsts[c] < k)
    }

    /** Associates {@code value} with {@code key}, replacing an existing value. */
    void put(long key, V value) {
        long k = key ^ Long.MIN_VALUE;
        if (chunks == 0) {
            insertChunk(0, FIRST_CAPACITY);
        }
        int c = Math.max(lastChunkAtOrBelow(k), 0);
        int i = search(c, k);
        if (i >= 0) {
            values[c][i] = value;
            return;
        }
        int pos = -i - 1;
        if (counts[c] == CHUNK) { // split in halves, then insert into the half that holds pos
            insertChunk(c + 1, CHUNK);
            int half = CHUNK / 2;
            System.arraycopy(keys[c], half, keys[c + 1], 0, CHUNK - half);
            System.arraycopy(values[c], half, values[c + 1], 0, CHUNK - half);
            Arrays.fill(values[c], half, CHUNK, null);
            counts[c] = half;
            counts[c + 1] = CHUNK - half;
            firsts[c + 1] = keys[c + 1][0];
            if (pos > half) {
                c++;
                pos -= half;
            }
        }
        int n = counts[c];
        if (n == keys[c].length) { // a chunk starts small (most access sets are small) and grows to CHUNK
            keys[c] = Arrays.copyOf(keys[c], Math.min(2 * n, CHUNK));
            values[c] = Arrays.copyOf(values[c], keys[c].length);
        }
        System.arraycopy(keys[c], pos, keys[c], pos + 1, n - pos);
        System.arraycopy(values[c], pos, values[c], pos + 1, n - pos);
        keys[c][pos] = k;
        values[c][pos] = value;
        counts[c] = n + 1;
        firsts[c] = keys[c][0];
        size++;
    }

    /** Removes the key; returns whether it was present. */
    boolean remove(long key) {
        long k = key ^ Long.MIN_VALUE;
        int c = lastChunkAtOrBelow(k);
        int i = c < 0 ? -1 : search(c, k);
        if (i < 0) {
            return false;
        }
        int n = counts[c] - 1;
        System.arraycopy(keys[c], i + 1, keys[c], i, n - i);
        System.arraycopy(values[c], i + 1, values[c], i, n - i);
        values[c][n] = null;
        counts[c] = n;
        size--;
        if (n == 0) {
            removeChunk(c);
        } else {
            firsts[c] = keys[c][0];
        }
        return true;
    }

    /** Values in ascending (unsigned) key order. */
    @Override
    public Iterator<V> iterator() {
        return new Iterator<>() {
            private int c;
            private int i;

            @Override
            public boolean hasNext() {
                return c < chunks;
            }

            @Override
            @SuppressWarnings("unchecked")
            public V next() {
                if (c >= chunks) {
                    throw new NoSuchElementException();
                }
                V v = (V) values[c][i];
                if (++i == counts[c]) {
                    c++;
                    i = 0;
                }
                return v;
            }
        };
    }

    /** Position of k (flipped) in chunk c, or {@code -(insertion point) - 1}. */
    private int search(int c, long k) {
        return Arrays.binarySearch(keys[c], 0, counts[c], k);
    }

    /** Index of the last chunk whose first key is <= k (flipped), or -1. */
    private int lastChunkAtOrBelow(long k) {
        int lo = 0;
        int hi = chunks - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firsts[mid] <= k) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    /** Opens an empty chunk at index {@code c} with room for {@code capacity} keys. */
    private void insertChunk(int c, int capacity) {
        if (chunks == keys.length) {
            int n = chunks * 2;
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
            counts = Arrays.copyOf(counts, n);
            firsts = Arrays.copyOf(firsts, n);
        }
        int move = chunks - c;
        System.arraycopy(keys, c, keys, c + 1, move);
        System.arraycopy(values, c, values, c + 1, move);
        System.arraycopy(counts, c, counts, c + 1, move);
        System.arraycopy(firsts, c, firsts, c + 1, move);
        keys[c] = new long[capacity];
        values[c] = new Object[capacity];
        counts[c] = 0;
        chunks++;
    }

    private void removeChunk(int c) {
        int move = chunks - c - 1;
        System.arraycopy(keys, c + 1, keys, c, move);
        System.arraycopy(values, c + 1, values, c, move);
        System.arraycopy(counts, c + 1, counts, c, move);
        System.arraycopy(firsts, c + 1, firsts, c, move);
        chunks--;
        keys[chunks] = null;
        values[chunks] = null;
    }
}
