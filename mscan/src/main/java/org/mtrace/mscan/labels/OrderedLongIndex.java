package org.mtrace.mscan.labels;

import java.util.Arrays;

/**
 * An ordered index of unsigned 64-bit keys whose nodes are the caller's records: a treap on
 * primitive arrays (no boxed keys, no node objects). A node is allocated with its key and a
 * caller-defined auxiliary value and is then either linked into the tree (if no linked node has
 * its key) or left out of it; the caller numbers its own columns by node, so a node is a record
 * of the caller (the label maps: one label per node). Supports insert-if-absent, exact lookup,
 * unlinking, ceiling and floor queries with in-order walking both ways. Nodes are ints; -1 = none.
 *
 * <p>Layout for speed and size (a node is most of a label's memory): a node is four slots of one
 * {@code long[]}: key, both child links, auxiliary value, in-order next link. A descent reads a
 * key and a child link per level, side by side in one cache line (with the children in arrays of
 * their own, each level of a tree too big for the caches cost two misses, and descents are most
 * of what the label maps cost on a kernel-sized log); the walk along a line reads key, auxiliary
 * value and next link. The link word's other half carries a caller-defined {@code int}
 * ({@link #payload}) at no cost. The next links make walking upward from a ceiling one read per
 * step; there is no prev link (a predecessor is found by a descent, on insertion and removal
 * only). Keys are stored with the sign bit flipped so that signed comparison gives unsigned
 * order. Priorities are not stored: a node's priority is a mix of its number, which is as good as
 * random for balance (nodes are numbered in allocation order, keys by the caller).
 *
 * <p>{@link #ceilingNodeNear} serves the engine's per-access queries: it remembers, per 64-byte
 * line, the last node below the line (the greatest key &lt; the line's first byte) and
 * re-validates that hint in O(1) with next links alone: the hint is right iff the node is linked,
 * its key is below the line and its successor's is not, whatever happened to the node since (so
 * reused nodes need no stamp).
 */
public final class OrderedLongIndex {
    private static final int NIL = -1;
    private static final int KEY = 0;
    private static final int CHILDREN = 1; // left << 32 | right (as unsigned 32 bits); left: next free node when free
    private static final int AUX = 2;
    private static final int LINK = 3; // next << 32 | payload (as unsigned 32 bits)
    private static final int STRIDE = 4;
    /** The next link of a node that is not in the tree. */
    private static final int UNLINKED = -2;
    /** A line's hint when no key is below the line. */
    private static final int BEFORE_FIRST = -2;
    private static final int HINT_BITS = 16;

    private long[] hot = new long[16 * STRIDE];
    private int root = NIL;
    private int first = NIL;
    private int used;
    private int freeHead = NIL;
    private int size;
    /** See {@link #lastCeilingPrev}. */
    private int lastCeilingPrev = NIL;
    /** Results of {@link #split}: avoids allocating a pair. */
    private int splitLeft;
    private int splitRight;
    /**
     * Direct-mapped cache, two longs per slot: line, then the node with the greatest key below the
     * line's first byte ({@link #BEFORE_FIRST}: none). A cache, not a map: colliding lines
     * overwrite each other.
     */
    private final long[] hints = new long[2 << HINT_BITS];

    public OrderedLongIndex() {
        Arrays.fill(hints, -1L);
    }

    /** Number of linked nodes. */
    public int size() {
        return size;
    }

    /** Node numbers are below this; callers size their per-node columns by it. */
    public int capacity() {
        return hot.length / STRIDE;
    }

    /**
     * A new node (not linked) with {@code key}, {@code aux} and {@code payload}; may grow
     * {@link #capacity()}.
     */
    public int allocate(long key, long aux, int payload) {
        int n;
        if (freeHead != NIL) {
            n = freeHead;
            freeHead = left(n);
        } else {
            if (used == capacity()) {
                int cap = used + (used >> 2); // 1.25x: the columns are most of a label's cost
                hot = Arrays.copyOf(hot, cap * STRIDE);
            }
            n = used++;
        }
        hot[n * STRIDE + KEY] = key ^ Long.MIN_VALUE;
        hot[n * STRIDE + AUX] = aux;
        setLink(n, UNLINKED, payload);
        setLeft(n, NIL);
        setRight(n, NIL);
        return n;
    }

    /** Gives back an unlinked node; its number may be handed out again. */
    public void release(int n) {
        if (isLinked(n)) {
            throw new IllegalStateException("node " + n + " is linked");
        }
        setLeft(n, freeHead);
        freeHead = n;
    }

    public boolean isLinked(int n) {
        return next(n) != UNLINKED;
    }

    /** The caller's {@code int} given to {@link #allocate}. */
    public int payload(int n) {
        return (int) hot[n * STRIDE + LINK];
    }

    /**
     * Links {@code n} into the tree unless a linked node has its key; returns whether it did.
     *
     * <p>One descent finds an equal key, the predecessor (for the next links) and the place where
     * {@code n}'s priority puts it; only the subtree there is split. Labels come and go at a high
     * rate on a real kernel, and each descent misses the caches level by level (three descents and
     * a split of the whole path from the root before).
     */
    public boolean link(int n) {
        long k = hot[n * STRIDE + KEY];
        int prio = priority(n);
        int pred = NIL;
        int parent = NIL; // the node under which n goes, once a node of lower priority is reached
        boolean leftOfParent = false;
        int at = NIL; // the subtree n takes the place of
        int m = root;
        int p = NIL;
        boolean wentLeft = false;
        while (m != NIL) {
            long mk = hot[m * STRIDE + KEY];
            if (mk == k) {
                return false;
            }
            if (at == NIL && priority(m) < prio) {
                at = m;
                parent = p;
                leftOfParent = wentLeft;
            }
            p = m;
            if (k < mk) {
                wentLeft = true;
                m = left(m);
            } else {
                pred = m;
                wentLeft = false;
                m = right(m);
            }
        }
        if (at == NIL) { // every node on the path outranks n: it becomes a leaf under the last one
            parent = p;
            leftOfParent = wentLeft;
        }
        split(at, k);
        setLeft(n, splitLeft);
        setRight(n, splitRight);
        if (parent == NIL) {
            root = n;
        } else if (leftOfParent) {
            setLeft(parent, n);
        } else {
            setRight(parent, n);
        }
        if (pred == NIL) {
            setNext(n, first);
            first = n;
        } else {
            setNext(n, next(pred));
            setNext(pred, n);
        }
        size++;
        return true;
    }

    /** The linked node with exactly {@code key}, or -1. */
    public int node(long key) {
        return find(key ^ Long.MIN_VALUE);
    }

    /** Takes the linked node {@code n} out of the tree (it stays allocated). */
    public void unlink(int n) {
        unlinkStored(hot[n * STRIDE + KEY]);
    }

    /**
     * Takes the linked node with exactly {@code key} out of the tree (it stays allocated) and
     * returns it, or returns -1 if no linked node has that key: a lookup and an unlink in one
     * descent.
     */
    public int unlinkKey(long key) {
        return unlinkStored(key ^ Long.MIN_VALUE);
    }

    /**
     * The descent to the node with stored key {@code k} also finds its parent and its
     * predecessor: the last node it went right at, or the greatest key of its left subtree.
     */
    private int unlinkStored(long k) {
        int parent = NIL;
        int pred = NIL;
        int n = root;
        while (n != NIL) {
            long nk = hot[n * STRIDE + KEY];
            if (nk == k) {
                break;
            }
            parent = n;
            if (k < nk) {
                n = left(n);
            } else {
                pred = n;
                n = right(n);
            }
        }
        if (n == NIL) {
            return NIL;
        }
        for (int l = left(n); l != NIL; l = right(l)) {
            pred = l;
        }
        int joined = merge(left(n), right(n));
        if (parent == NIL) {
            root = joined;
        } else if (left(parent) == n) {
            setLeft(parent, joined);
        } else {
            setRight(parent, joined);
        }
        int succ = next(n);
        if (pred == NIL) {
            first = succ;
        } else {
            setNext(pred, succ);
        }
        setNext(n, UNLINKED);
        setLeft(n, NIL);
        setRight(n, NIL);
        size--;
        return n;
    }

    /** The number of nodes on the longest path from the root (tests: the priorities keep it logarithmic). */
    int height() {
        return height(root);
    }

    private int height(int n) {
        return n == NIL ? 0 : 1 + Math.max(height(left(n)), height(right(n)));
    }

    /** Linked node with the smallest key ≥ {@code key} (unsigned), or -1. */
    public int ceilingNode(long key) {
        long k = key ^ Long.MIN_VALUE;
        int best = NIL;
        int n = root;
        while (n != NIL) {
            if (hot[n * STRIDE + KEY] >= k) {
                best = n;
                n = left(n);
            } else {
                n = right(n);
            }
        }
        return best;
    }

    /** Linked node with the greatest key ≤ {@code key} (unsigned), or -1. */
    public int floorNode(long key) {
        long k = key ^ Long.MIN_VALUE;
        int best = NIL;
        int n = root;
        while (n != NIL) {
            if (hot[n * STRIDE + KEY] <= k) {
                best = n;
                n = right(n);
            } else {
                n = left(n);
            }
        }
        return best;
    }

    /**
     * Same answer as {@link #ceilingNode(long)}, usually much faster for keys on lines queried
     * before (see the class comment).
     */
    public int ceilingNodeNear(long key) {
        int prev = NIL;
        long line = key & ~63L;
        long k = key ^ Long.MIN_VALUE;
        long lk = line ^ Long.MIN_VALUE;
        int slot = (int) ((line >>> 6) * 0x9E3779B97F4A7C15L >>> (64 - HINT_BITS)) * 2;
        int p = (int) hints[slot + 1];
        int n;
        if (hints[slot] == line && p == BEFORE_FIRST && (first == NIL || hot[first * STRIDE + KEY] >= lk)) {
            n = first;
        } else if (hints[slot] == line && p >= 0 && isLinked(p) && hot[p * STRIDE + KEY] < lk
                && ((n = next(p)) == NIL || hot[n * STRIDE + KEY] >= lk)) {
            // p is still the last key below the line: its successor is the line's ceiling
            prev = p;
        } else {
            p = below(lk);
            hints[slot] = line;
            hints[slot + 1] = p == NIL ? BEFORE_FIRST : p;
            n = p == NIL ? first : next(p);
            prev = p;
        }
        while (n != NIL && hot[n * STRIDE + KEY] < k) { // keys ending inside the line before `key`
            prev = n;
            n = next(n);
        }
        lastCeilingPrev = prev;
        return n;
    }

    /**
     * The linked node just before the one the last {@link #ceilingNodeNear} returned (the greatest
     * key below the key asked for), or -1; found on the way at no extra cost.
     */
    public int lastCeilingPrev() {
        return lastCeilingPrev;
    }

    /** Linked node with the next greater key after the linked {@code node}, or -1. */
    public int nextNode(int node) {
        return next(node);
    }

    /** Linked node with the next smaller key before the linked {@code node}, or -1 (a descent). */
    public int prevNode(int node) {
        return below(hot[node * STRIDE + KEY]);
    }

    public long key(int node) {
        return hot[node * STRIDE + KEY] ^ Long.MIN_VALUE;
    }

    public long aux(int node) {
        return hot[node * STRIDE + AUX];
    }

    private int left(int n) {
        return (int) (hot[n * STRIDE + CHILDREN] >> 32);
    }

    private int right(int n) {
        return (int) hot[n * STRIDE + CHILDREN];
    }

    private void setLeft(int n, int child) {
        int i = n * STRIDE + CHILDREN;
        hot[i] = (long) child << 32 | (hot[i] & 0xffffffffL);
    }

    private void setRight(int n, int child) {
        int i = n * STRIDE + CHILDREN;
        hot[i] = (hot[i] & 0xffffffff00000000L) | (child & 0xffffffffL);
    }

    private int next(int n) {
        return (int) (hot[n * STRIDE + LINK] >> 32);
    }

    private void setNext(int n, int next) {
        setLink(n, next, payload(n));
    }

    private void setLink(int n, int next, int payload) {
        hot[n * STRIDE + LINK] = ((long) next << 32) | (payload & 0xffffffffL);
    }

    /** Linked node with the greatest stored key below the stored key {@code k}, or -1. */
    private int below(long k) {
        int best = NIL;
        int n = root;
        while (n != NIL) {
            if (hot[n * STRIDE + KEY] < k) {
                best = n;
                n = right(n);
            } else {
                n = left(n);
            }
        }
        return best;
    }

    private int find(long k) {
        int n = root;
        while (n != NIL) {
            long nk = hot[n * STRIDE + KEY];
            if (nk == k) {
                return n;
            }
            n = k < nk ? left(n) : right(n);
        }
        return NIL;
    }

    /** Splits {@code t} into keys < k ({@link #splitLeft}) and keys ≥ k ({@link #splitRight}). */
    private void split(int t, long k) {
        if (t == NIL) {
            splitLeft = NIL;
            splitRight = NIL;
        } else if (hot[t * STRIDE + KEY] < k) {
            split(right(t), k);
            setRight(t, splitLeft);
            splitLeft = t;
        } else {
            split(left(t), k);
            setLeft(t, splitRight);
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
        if (priority(a) > priority(b)) {
            setRight(a, merge(right(a), b));
            return a;
        }
        setLeft(b, merge(a, left(b)));
        return b;
    }

    /** A node's treap priority: its number mixed (murmur3's finaliser), deterministic for reproducible runs. */
    private static int priority(int n) {
        int h = n * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
