package org.mtrace.mscan.labels;

import java.util.Arrays;

/**
 * An ordered map from unsigned 64-bit keys to objects, as a treap on parallel primitive arrays
 * (no boxed keys, no node objects). Supports what the label maps need: insert-if-absent, exact
 * lookup and removal, and ceiling queries with in-order walking. Nodes are ints; -1 = none.
 * Nodes are also threaded in key order (next/prev links), so walking upward from a ceiling
 * costs one array read per step instead of a descent from the root.
 *
 * <p>Keys are stored with the sign bit flipped so that signed comparison gives unsigned order.
 */
public final class OrderedLongIndex<V> {
    private static final int NIL = -1;

    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int[] priority = new int[16];
    private int[] next = new int[16];
    private int[] prev = new int[16];
    private int root = NIL;
    private int last = NIL;
    private int used;
    private int freeHead = NIL;
    private int size;
    private int seed = 0x2545F491;
    /** Results of {@link #split}: avoids allocating a pair. */
    private int splitLeft;
    private int splitRight;

    public int size() {
        return size;
    }

    /** Inserts unless {@code key} is present; returns whether it was inserted. */
    public boolean putIfAbsent(long key, V value) {
        long k = key ^ Long.MIN_VALUE;
        if (find(k) != NIL) {
            return false;
        }
        int n = newNode(k, value);
        int succ = ceilingNode(key); // key is absent: the first greater key
        int pred = succ == NIL ? last : prev[succ];
        next[n] = succ;
        prev[n] = pred;
        if (succ == NIL) {
            last = n;
        } else {
            prev[succ] = n;
        }
        if (pred != NIL) {
            next[pred] = n;
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
        while (n != NIL && keys[n] != k) {
            parent = n;
            n = k < keys[n] ? left[n] : right[n];
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
        int succ = next[n];
        int pred = prev[n];
        if (succ == NIL) {
            last = pred;
        } else {
            prev[succ] = pred;
        }
        if (pred != NIL) {
            next[pred] = succ;
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
            if (keys[n] >= k) {
                best = n;
                n = left[n];
            } else {
                n = right[n];
            }
        }
        return best;
    }

    /** Node with the smallest key strictly greater than {@code node}'s key, or -1. */
    public int nextNode(int node) {
        return next[node];
    }

    public long key(int node) {
        return keys[node] ^ Long.MIN_VALUE;
    }

    @SuppressWarnings("unchecked")
    public V value(int node) {
        return (V) values[node];
    }

    private int find(long k) {
        int n = root;
        while (n != NIL) {
            long nk = keys[n];
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
        } else if (keys[t] < k) {
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
            if (used == keys.length) {
                int cap = used * 2;
                keys = Arrays.copyOf(keys, cap);
                values = Arrays.copyOf(values, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                priority = Arrays.copyOf(priority, cap);
                next = Arrays.copyOf(next, cap);
                prev = Arrays.copyOf(prev, cap);
            }
            n = used++;
        }
        keys[n] = k;
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
        left[n] = freeHead;
        freeHead = n;
    }
}
