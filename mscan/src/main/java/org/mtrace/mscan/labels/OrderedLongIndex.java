package org.mtrace.mscan.labels;

import java.util.Arrays;

/**
 * An ordered map from unsigned 64-bit keys to objects, as a treap on primitive arrays (no boxed
 * keys, no node objects). Supports what the label maps need: insert-if-absent, exact lookup and
 * removal, ceiling and floor queries with in-order walking both ways. Nodes are ints; -1 = none.
 *
 * <p>Layout for speed: the fields read on the lookup hot path (key, a caller-defined auxiliary
 * value, in-order next/prev links, a reuse stamp) are packed in one {@code long[]} with four
 * slots per node, so a node costs one cache line instead of one per field. The in-order links
 * make walking upward from a ceiling one read per step. Keys are stored with the sign bit
 * flipped so that signed comparison gives unsigned order.
 *
 * <p>{@link #ceilingNodeNear} serves the engine's per-access queries: it remembers, per 64-byte
 * line, the ceiling node of the line's first byte and re-validates that hint in O(1) (the hint
 * is right iff the node was not freed since, its key is ≥ the line and its predecessor's key is
 * below the line), so repeated queries on hot lines skip the descent.
 */
public final class OrderedLongIndex<V> {
    private static final int NIL = -1;
    private static final int KEY = 0;
    private static final int AUX = 1;
    private static final int LINKS = 2; // next << 32 | prev (as unsigned 32 bits)
    private static final int STAMP = 3;
    private static final int HINT_BITS = 16;

    private long[] hot = new long[16 * 4];
    private Object[] values = new Object[16];
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int[] priority = new int[16];
    private int root = NIL;
    private int first = NIL;
    private int last = NIL;
    private int used;
    private int freeHead = NIL;
    private int size;
    private int seed = 0x2545F491;
    /** Results of {@link #split}: avoids allocating a pair. */
    private int splitLeft;
    private int splitRight;
    /**
     * Direct-mapped cache, two longs per slot: line, then (stamp << 32 | node) of the ceiling of
     * the line's first byte. A cache, not a map: colliding lines overwrite each other.
     */
    private final long[] hints = new long[2 << HINT_BITS];

    public OrderedLongIndex() {
        Arrays.fill(hints, -1L);
    }

    public int size() {
        return size;
    }

    /** Inserts unless {@code key} is present; returns whether it was inserted. */
    public boolean putIfAbsent(long key, V value) {
        long k = key ^ Long.MIN_VALUE;
        if (find(k) != NIL) {
            return false;
        }
        int succ = ceilingNode(key); // key is absent: the first greater key
        int pred = succ == NIL ? last : prev(succ);
        int n = newNode(k, value);
        setLinks(n, succ, pred);
        if (succ == NIL) {
            last = n;
        } else {
            setLinks(succ, next(succ), n);
        }
        if (pred == NIL) {
            first = n;
        } else {
            setLinks(pred, n, prev(pred));
        }
        split(root, k);
        int l = splitLeft;
        int r = splitRight;
        root = merge(merge(l, n), r);
        size++;
        return true;
    }

    /** The value at exactly {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int n = find(key ^ Long.MIN_VALUE);
        return n == NIL ? null : (V) values[n];
    }

    /** Removes {@code key}; returns the removed value or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        long k = key ^ Long.MIN_VALUE;
        int parent = NIL;
        int n = root;
        while (n != NIL && hot[n * 4 + KEY] != k) {
            parent = n;
            n = k < hot[n * 4 + KEY] ? left[n] : right[n];
        }
        if (n == NIL) {
            return null;
        }
        int joined = merge(left[n], right[n]);
        if (parent == NIL) {
            root = joined;
        } else if (left[parent] == n) {
            left[parent] = joined;
        } else {
            right[parent] = joined;
        }
        int succ = next(n);
        int pred = prev(n);
        if (succ == NIL) {
            last = pred;
        } else {
            setLinks(succ, next(succ), pred);
        }
        if (pred == NIL) {
            first = succ;
        } else {
            setLinks(pred, succ, prev(pred));
        }
        V v = (V) values[n];
        free(n);
        size--;
        return v;
    }

    /** Node with the smallest key ≥ {@code key} (unsigned), or -1. */
    public int ceilingNode(long key) {
        long k = key ^ Long.MIN_VALUE;
        int best = NIL;
        int n = root;
        while (n != NIL) {
            if (hot[n * 4 + KEY] >= k) {
                best = n;
                n = left[n];
            } else {
                n = right[n];
            }
        }
        return best;
    }

    /** Node with the greatest key ≤ {@code key} (unsigned), or -1. */
    public int floorNode(long key) {
        long k = key ^ Long.MIN_VALUE;
        int best = NIL;
        int n = root;
        while (n != NIL) {
            if (hot[n * 4 + KEY] <= k) {
                best = n;
                n = right[n];
            } else {
                n = left[n];
            }
        }
        return best;
    }

    /**
     * Same answer as {@link #ceilingNode(long)}, usually much faster for keys on lines queried
     * before (see the class comment).
     */
    public int ceilingNodeNear(long key) {
        long line = key & ~63L;
        long k = key ^ Long.MIN_VALUE;
        long lk = line ^ Long.MIN_VALUE;
        int slot = (int) ((line >>> 6) * 0x9E3779B97F4A7C15L >>> (64 - HINT_BITS)) * 2;
        long hint = hints[slot + 1];
        int n = (int) hint;
        if (hints[slot] != line || n == NIL || hot[n * 4 + STAMP] != (hint >>> 32) || hot[n * 4 + KEY] < lk
                || (prev(n) != NIL && hot[prev(n) * 4 + KEY] >= lk)) {
            n = ceilingNode(line);
            hints[slot] = line;
            hints[slot + 1] = n == NIL ? -1L : (hot[n * 4 + STAMP] << 32) | n;
        }
        while (n != NIL && hot[n * 4 + KEY] < k) { // keys ending inside the line before `key`
            n = next(n);
        }
        return n;
    }

    /** Node with the next greater key after {@code node}, or -1. */
    public int nextNode(int node) {
        return next(node);
    }

    /** Node with the next smaller key before {@code node}, or -1. */
    public int prevNode(int node) {
        return prev(node);
    }

    public long key(int node) {
        return hot[node * 4 + KEY] ^ Long.MIN_VALUE;
    }

    /** Stores a caller-defined value with the node of {@code key} (which must be present). */
    public void setAux(long key, long value) {
        hot[find(key ^ Long.MIN_VALUE) * 4 + AUX] = value;
    }

    public long aux(int node) {
        return hot[node * 4 + AUX];
    }

    @SuppressWarnings("unchecked")
    public V value(int node) {
        return (V) values[node];
    }

    private int next(int n) {
        return (int) (hot[n * 4 + LINKS] >> 32);
    }

    private int prev(int n) {
        return (int) hot[n * 4 + LINKS];
    }

    private void setLinks(int n, int next, int prev) {
        hot[n * 4 + LINKS] = ((long) next << 32) | (prev & 0xffffffffL);
    }

    private int find(long k) {
        int n = root;
        while (n != NIL) {
            long nk = hot[n * 4 + KEY];
            if (nk == k) {
                return n;
            }
            n = k < nk ? left[n] : right[n];
        }
        return NIL;
    }

    /** Splits {@code t} into keys < k ({@link #splitLeft}) and keys ≥ k ({@link #splitRight}). */
    private void split(int t, long k) {
        if (t == NIL) {
            splitLeft = NIL;
            splitRight = NIL;
        } else if (hot[t * 4 + KEY] < k) {
            split(right[t], k);
            right[t] = splitLeft;
            splitLeft = t;
        } else {
            split(left[t], k);
            left[t] = splitRight;
            splitRight = t;
        }
    }

    /** Joins two treaps where every key of {@code a} is below every key of {@code b}. */
    private int merge(int a, int b) {
        if (a == NIL) {
            return b;
        }
        if (b == NIL) {
            return a;
        }
        if (priority[a] > priority[b]) {
            right[a] = merge(right[a], b);
            return a;
        }
        left[b] = merge(a, left[b]);
        return b;
    }

    private int newNode(long k, V value) {
        int n;
        if (freeHead != NIL) {
            n = freeHead;
            freeHead = left[n];
        } else {
            if (used == values.length) {
                int cap = used * 2;
                hot = Arrays.copyOf(hot, cap * 4);
                values = Arrays.copyOf(values, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                priority = Arrays.copyOf(priority, cap);
            }
            n = used++;
        }
        hot[n * 4 + KEY] = k;
        hot[n * 4 + AUX] = 0;
        values[n] = value;
        left[n] = NIL;
        right[n] = NIL;
        // xorshift: deterministic priorities keep runs reproducible
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        priority[n] = seed;
        return n;
    }

    private void free(int n) {
        values[n] = null;
        hot[n * 4 + STAMP] = (hot[n * 4 + STAMP] + 1) & 0x7fffffffL; // invalidates line hints naming n
        left[n] = freeHead;
        freeHead = n;
    }
}
