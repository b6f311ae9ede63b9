package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Dense ids for 64-bit values (PCs, line addresses), in order of first appearance, and back.
 *
 * <p>Open addressing with linear probing and a strong mixer: kernel PCs differ only in their low
 * bits, which Eclipse's LongIntHashMap spread into long collision chains (its slow probe path was
 * a tenth of the report's time on a 17 M-access log).
 */
public final class Interner {
    private long[] slots = new long[2 * 256]; // per slot: value, id + 1 (0 = empty)
    private int mask = 255;
    private long[] values = new long[64];
    private int size;

    /** The id of {@code value}, assigning the next one if it is new ({@link IllegalStateException} once {@link #freeze frozen}). */
    public int idOf(long value) {
        long[] s = slots;
        if (s == null) {
            throw new IllegalStateException("no new ids: the interner was frozen");
        }
        for (int i = PairIndex.hash(0, value) & mask; ; i = (i + 1) & mask) {
            long id = s[2 * i + 1];
            if (id == 0) {
                return add(i, value);
            }
            if (s[2 * i] == value) {
                return (int) id - 1;
            }
        }
    }

    /** The id of {@code value}, or -1 if it has none (a lookup that adds nothing; not once frozen). */
    public int find(long value) {
        long[] s = slots;
        for (int i = PairIndex.hash(0, value) & mask; ; i = (i + 1) & mask) {
            long id = s[2 * i + 1];
            if (id == 0) {
                return -1;
            }
            if (s[2 * i] == value) {
                return (int) id - 1;
            }
        }
    }

    private int add(int slot, long value) {
        int id = size++;
        slots[2 * slot] = value;
        slots[2 * slot + 1] = id + 1;
        if (id == values.length) {
            values = Arrays.copyOf(values, id * 2);
        }
        values[id] = value;
        if (size * 2 > mask + 1) {
            grow();
        }
        return id;
    }

    public long value(int id) {
        if (id >= size) {
            throw new IndexOutOfBoundsException("no id " + id + " among " + size);
        }
        return values[id];
    }

    public int size() {
        return size;
    }

    /**
     * Keeps the values by id and lets the lookup table go (two thirds of the memory): for the
     * reading after a pass, which asks only {@link #value}.
     */
    public void freeze() {
        slots = null;
    }

    public long stateBytes() {
        return 8L * ((slots == null ? 0 : slots.length) + values.length);
    }

    private void grow() {
        mask = 2 * mask + 1;
        slots = rehash(slots, mask);
    }

    /**
     * A table of slots of two longs (value, nonzero word; a zero word is an empty slot) placed by
     * the value's hash with linear probing, re-placed into {@code newMask + 1} slots (TransferModel
     * keeps its masks the same way).
     */
    static long[] rehash(long[] old, int newMask) {
        long[] slots = new long[2 * (newMask + 1)];
        for (int at = 0; at < old.length; at += 2) {
            if (old[at + 1] != 0) {
                int i = PairIndex.hash(0, old[at]) & newMask;
                while (slots[2 * i + 1] != 0) {
                    i = (i + 1) & newMask;
                }
                slots[2 * i] = old[at];
                slots[2 * i + 1] = old[at + 1];
            }
        }
        return slots;
    }
}
