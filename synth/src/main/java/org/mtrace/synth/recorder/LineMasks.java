package org.mtrace.synth.recorder;

import java.util.Arrays;

/**
 * An open-addressing map from non-negative long keys to long values, made for
 * the movement filter's per-line CPU masks: one probe sequence serves both
 * the read and the update of a line ({@link #slot} then {@link #get}/
 * {@link #set}), which a general map's getIfAbsent + put cannot do. Keys are
 * never removed, only all cleared at once.
 */
final class LineMasks {
    private static final long EMPTY = -1L;
    private static final int INITIAL_CAPACITY = 1 << 12;

    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    LineMasks() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
        size = 0;
    }

    /**
     * The slot of {@code key}, inserting it with value {@code absent} if it is
     * not present. Valid until the next call of this method.
     */
    int slot(long key, long absent) {
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == EMPTY) {
                if (size + 1 > (mask + 1) >>> 1) {
                    grow();
                    return slot(key, absent);
                }
                keys[i] = key;
                values[i] = absent;
                size++;
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    long get(int slot) {
        return values[slot];
    }

    void set(int slot, long value) {
        values[slot] = value;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int s = slot(oldKeys[i], 0);
                values[s] = oldValues[i];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
