package org.mtrace.mscan.util;

import java.util.Arrays;

/**
 * An open-addressing map from long keys to objects for per-PC, per-address and per-tag state on
 * hot paths: Fibonacci hashing (so keys that differ only in high or aligned bits spread well),
 * linear probing, no boxing.
 *
 * <p>Why not Eclipse Collections' maps here: they delete by leaving tombstones, so a map under
 * constant insert/remove churn (call stacks per system call, heap labels per allocation) probes
 * past ever more tombstones and rehashes periodically. This map deletes by shifting the
 * following entries of the probe run back, so a lookup costs the same after a billion removals
 * as after none.
 */
public final class LongMap<V> {
    private long[] keys = new long[64];
    private Object[] values = new Object[64];
    private int shift = 64 - 6;
    private int size;

    public int size() {
        return size;
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int mask = keys.length - 1;
        for (int i = index(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null || keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Associates {@code value} (non-null) with {@code key}, replacing any previous value. */
    public void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = index(key); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** Removes {@code key}; returns its value, or null if it was absent. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int mask = keys.length - 1;
        int i = index(key);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        Object removed = values[i];
        if (removed == null) {
            return null;
        }
        // backward shift: move later members of the run into the hole unless that would put
        // them before their home slot (cyclically), then continue from the new hole
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = index(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        keys[hole] = 0;
        size--;
        return (V) removed;
    }

    /** The keys, in unspecified order. */
    public long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    private int index(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        shift--;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "LongMap" + Arrays.toString(keys());
    }
}
