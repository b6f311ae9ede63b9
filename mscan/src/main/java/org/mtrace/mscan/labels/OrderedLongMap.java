package org.mtrace.mscan.labels;

import java.util.Arrays;

/**
 * An ordered map from unsigned 64-bit keys to objects: an {@link OrderedLongIndex} whose nodes
 * carry one object each (a column indexed by node). For state with an object per key (check-gc's
 * objects); the label maps use the index directly, with primitive columns.
 */
public final class OrderedLongMap<V> {
    private final OrderedLongIndex index = new OrderedLongIndex();
    private Object[] values = new Object[0];

    public int size() {
        return index.size();
    }

    /** Tests: see {@link OrderedLongIndex#checkInvariants}. */
    void checkInvariants() {
        index.checkInvariants();
    }

    /** Inserts unless {@code key} is present; returns whether it was inserted. */
    public boolean putIfAbsent(long key, V value) {
        if (index.node(key) >= 0) {
            return false;
        }
        int n = index.allocate(key, 0, 0);
        if (values.length < index.capacity()) {
            values = Arrays.copyOf(values, index.capacity());
        }
        values[n] = value;
        index.link(n);
        return true;
    }

    /** The value at exactly {@code key}, or null. */
    public V get(long key) {
        int n = index.node(key);
        return n < 0 ? null : value(n);
    }

    /** Removes {@code key}; returns the removed value or null. */
    public V remove(long key) {
        int n = index.unlinkKey(key);
        if (n < 0) {
            return null;
        }
        V v = value(n);
        index.release(n);
        values[n] = null;
        return v;
    }

    /** Node with the smallest key ≥ {@code key} (unsigned), or -1. */
    public int ceilingNode(long key) {
        return index.ceilingNode(key);
    }

    /** Same answer as {@link #ceilingNode}, faster for keys on lines queried before. */
    public int ceilingNodeNear(long key) {
        return index.ceilingNodeNear(key);
    }

    /** Node with the greatest key ≤ {@code key} (unsigned), or -1. */
    public int floorNode(long key) {
        return index.floorNode(key);
    }

    public int nextNode(int node) {
        return index.nextNode(node);
    }

    public int prevNode(int node) {
        return index.prevNode(node);
    }

    public long key(int node) {
        return index.key(node);
    }

    @SuppressWarnings("unchecked")
    public V value(int node) {
        return (V) values[node];
    }
}
