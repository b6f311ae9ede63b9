package org.mtrace.mscan.util;

import java.util.Arrays;

/**
 * A set of 64-byte cache-line addresses (low six bits zero) for per-access hot paths: open
 * addressing, Fibonacci hashing, linear probing. A line is stored as {@code line | 1}, so 0 marks
 * an empty slot and line 0 needs no special case (Eclipse Collections' LongHashSet spends
 * branches on its sentinel values 0 and 1 on every insertion).
 */
public final class LineSet {
    private static final int MIN_BITS = 4;
    private long[] slots = new long[1 << MIN_BITS];
    private int shift = 64 - MIN_BITS;
    private int size;

    /** Adds {@code line} (its low six bits are ignored); true if it was not present. */
    public boolean add(long line) {
        long key = (line & ~63L) | 1;
        int i = slotOf(key);
        if (slots[i] == key) {
            return false;
        }
        slots[i] = key;
        if (++size * 2 > slots.length) {
            grow();
        }
        return true;
    }

    /** Whether {@code line} (low six bits ignored) is in the set. */
    public boolean contains(long line) {
        long key = (line & ~63L) | 1;
        return slots[slotOf(key)] == key;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Empties the set, keeping its capacity (a set reused per system call allocates nothing). */
    public void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
        }
    }

    /** The slot holding {@code key}, or the empty slot where it belongs. */
    private int slotOf(long key) {
        long[] s = slots;
        int mask = s.length - 1;
        int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        while (s[i] != key && s[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        shift--;
        for (long key : old) {
            if (key != 0) {
                slots[slotOf(key)] = key;
            }
        }
    }
}
