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
 * <p>Layout for speed and size (a node is most of a label's memory): a node is five slots of one
 * {@code long[]}: key, both child links, auxiliary value, in-order next link, parent link. A descent
 * reads a key and a child link per level, side by side in one cache line (with the children in
 * arrays of their own, each level of a tree too big for the caches cost two misses); the walk
 * along a line reads key, auxiliary value and next link. The link word's other half carries a
 * caller-defined {@code int} ({@link #payload}) at no cost. The next links make walking upward
 * from a ceiling one read per step; there is no prev link (a predecessor is found by a descent,
 * for {@link #prevNode} only). Keys are stored with the sign bit flipped so that signed comparison
 * gives unsigned order. Priorities are not stored: a node's priority is a mix of its number, which
 * is as good as random for balance (nodes are numbered in allocation order, keys by the caller).
 *
 * <p>Linking and unlinking do not descend from the root: labels come and go at a high rate on a
 * real kernel (one label entry per ten accesses), a descent missed the caches level by level, and
 * the label trackers' descents were a sixth of a pass. A new node's neighbours come from the line
 * hints below (a slab slot freed and allocated again finds its hint valid; a stale one costs one
 * descent, as every link did before); it is hung as a leaf beside them and rotated up while its
 * priority outranks its parent's (fewer than two rotations expected). An unlinked node is rotated
 * down until it has one child at most and spliced out, its predecessor found by the parent links
 * (a step or two on average: an in-order walk crosses each link twice). The shape is the treap's,
 * which keys and priorities alone decide.
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
    private static final int PARENT = 4;
    private static final int STRIDE = 5;
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
        setParent(n, NIL);
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

    /** Links {@code n} into the tree unless a linked node has its key; returns whether it did. */
    public boolean link(int n) {
        long k = hot[n * STRIDE + KEY];
        int succ = ceilingNodeNear(k ^ Long.MIN_VALUE);
        if (succ != NIL && hot[succ * STRIDE + KEY] == k) {
            return false;
        }
        int pred = lastCeilingPrev;
        // a leaf between its neighbours: the right child of its predecessor if that is free, else
        // the left child of its successor, which then lies in the predecessor's right subtree
        // (or is the first node) and has none
        if (pred != NIL && right(pred) == NIL) {
            setRight(pred, n);
            setParent(n, pred);
        } else if (succ != NIL) {
            setLeft(succ, n);
            setParent(n, succ);
        } else {
            root = n;
        }
        int prio = priority(n);
        for (int p = parent(n); p != NIL && priority(p) < prio; p = parent(n)) {
            rotateUp(n);
        }
        setNext(n, succ);
        if (pred == NIL) {
            first = n;
        } else {
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
        int pred = left(n);
        if (pred != NIL) { // the greatest key of the left subtree
            for (int r = right(pred); r != NIL; r = right(r)) {
                pred = r;
            }
        } else { // the nearest ancestor n lies right of
            int x = n;
            for (pred = parent(x); pred != NIL && left(pred) == x; pred = parent(pred)) {
                x = pred;
            }
        }
        while (left(n) != NIL && right(n) != NIL) { // the child of higher priority takes its place
            rotateUp(priority(left(n)) > priority(right(n)) ? left(n) : right(n));
        }
        replaceChild(parent(n), n, left(n) != NIL ? left(n) : right(n));
        int succ = next(n);
        if (pred == NIL) {
            first = succ;
        } else {
            setNext(pred, succ);
        }
        setNext(n, UNLINKED);
        setLeft(n, NIL);
        setRight(n, NIL);
        setParent(n, NIL);
        size--;
    }

    /**
     * Takes the linked node with exactly {@code key} out of the tree (it stays allocated) and
     * returns it, or returns -1 if no linked node has that key.
     */
    public int unlinkKey(long key) {
        int n = find(key ^ Long.MIN_VALUE);
        if (n != NIL) {
            unlink(n);
        }
        return n;
    }

    /** Puts {@code x} in its parent's place, the parent becoming its child (the order is kept). */
    private void rotateUp(int x) {
        int p = parent(x);
        int g = parent(p);
        if (left(p) == x) {
            int b = right(x);
            setLeft(p, b);
            setRight(x, p);
            if (b != NIL) {
                setParent(b, p);
            }
        } else {
            int b = left(x);
            setRight(p, b);
            setLeft(x, p);
            if (b != NIL) {
                setParent(b, p);
            }
        }
        setParent(p, x);
        replaceChild(g, p, x);
    }

    /** Hangs {@code replacement} (or nothing) where {@code old} hung under {@code parent} (none: the root). */
    private void replaceChild(int parent, int old, int replacement) {
        if (replacement != NIL) {
            setParent(replacement, parent);
        }
        if (parent == NIL) {
            root = replacement;
        } else if (left(parent) == old) {
            setLeft(parent, replacement);
        } else {
            setRight(parent, replacement);
        }
    }

    /** The number of nodes on the longest path from the root (tests: the priorities keep it logarithmic). */
    int height() {
        return height(root);
    }

    private int height(int n) {
        return n == NIL ? 0 : 1 + Math.max(height(left(n)), height(right(n)));
    }

    /**
     * Tests: checks the tree from scratch and throws an {@link IllegalStateException} naming the
     * first fault: keys in order, every parent of higher priority than its children, parent links
     * matching child links, next links and {@link #size()} matching an in-order walk.
     */
    void checkInvariants() {
        if (root != NIL && parent(root) != NIL) {
            throw new IllegalStateException("root " + root + " has a parent");
        }
        int[] order = new int[size + 1];
        int count = inOrder(root, order, 0);
        if (count != size) {
            throw new IllegalStateException(count + " nodes in the tree, size " + size);
        }
        int expected = first;
        for (int i = 0; i < count; i++, expected = next(expected)) {
            if (order[i] != expected) {
                throw new IllegalStateException("next links leave the key order at " + i);
            }
            if (i > 0 && hot[order[i - 1] * STRIDE + KEY] >= hot[order[i] * STRIDE + KEY]) {
                throw new IllegalStateException("keys out of order at " + i);
            }
        }
        if (expected != NIL) {
            throw new IllegalStateException("next links go past the last node");
        }
    }

    private int inOrder(int n, int[] out, int at) {
        if (n == NIL) {
            return at;
        }
        for (int c : new int[] {left(n), right(n)}) {
            if (c != NIL && (parent(c) != n || priority(c) > priority(n))) {
                throw new IllegalStateException("node " + c + ": parent link or priority wrong under " + n);
            }
        }
        at = inOrder(left(n), out, at);
        if (at >= out.length) {
            throw new IllegalStateException("more nodes in the tree than its size");
        }
        out[at++] = n;
        return inOrder(right(n), out, at);
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

    private int parent(int n) {
        return (int) hot[n * STRIDE + PARENT];
    }

    private void setParent(int n, int parent) {
        hot[n * STRIDE + PARENT] = parent;
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
