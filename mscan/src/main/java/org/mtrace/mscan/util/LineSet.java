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
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift); ; i = (i + 1) & mask) {
            long k = s[i];
            if (k == key) {
                return false;
            }
            if (k == 0) {
                s[i] = key;
                if (++size * 2 > s.length) {
                    grow();
                }
                return true;
            }
        }
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

    /** Whether {@code line} (low six bits ignored) is in the set. */
    public boolean contains(long line) {
        long key = (line & ~63L) | 1;
        int mask = slots.length - 1;
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift); ; i = (i + 1) & mask) {
            long k = slots[i];
            if (k == key) {
                return true;
            }
            if (k == 0) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        shift--;
        int mask = slots.length - 1;
        for (long key : old) {
            if (key != 0) {
                int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }
}
