package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Dense ids for 64-bit values (PCs, line addresses), in order of first appearance, and back.
 *
 * <p>Open addressing with linear probing and a strong mixer: kernel PCs differ only in their low
 * bits, which Eclipse's LongIntHashMap spread into long collision chains (its slow probe path was
 * a tenth of the report's time on a 17 M-access log).
 *
 * <p>A slot holds only the id + 1 of the value placed there (0: empty), compared through the
 * values by id: 4 bytes a slot where a slot of value and id took 16, so the report's 1.7 M line
 * ids on a 28.5 M-access recording take 16 MB of lookup table instead of 64 MB during the pass, for
 * one more array read per probe step (ids are asked once per new line, and PCs and contexts
 * behind {@link LineCore}'s cache).
 */
public final class Interner {
    private int[] slots = new int[256]; // per slot: id + 1 (0 = empty)
    private int mask = 255;
    private long[] values = new long[64];
    private int size;

    /** The id of {@code value}, assigning the next one if it is new ({@link IllegalStateException} once {@link #freeze frozen}). */
    public int idOf(long value) {
        int[] s = slots;
        if (s == null) {
            throw new IllegalStateException("no new ids: the interner was frozen");
        }
        for (int i = PairIndex.hash(0, value) & mask; ; i = (i + 1) & mask) {
            int id = s[i];
            if (id == 0) {
                return add(i, value);
            }
            if (values[id - 1] == value) {
                return id - 1;
            }
        }
    }

    private int add(int slot, long value) {
        int id = size++;
        slots[slot] = id + 1;
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
     * Keeps the values by id and lets the lookup table go: for the
     * reading after a pass, which asks only {@link #value}.
     */
    public void freeze() {
        slots = null;
    }

    public long stateBytes() {
        return 4L * (slots == null ? 0 : slots.length) + 8L * values.length;
    }

    private void grow() {
        mask = 2 * mask + 1;
        int[] next = new int[mask + 1];
        for (int id = 1; id <= size; id++) { // every value is placed: re-place them in id order
            int i = PairIndex.hash(0, values[id - 1]) & mask;
            while (next[i] != 0) {
                i = (i + 1) & mask;
            }
            next[i] = id;
        }
        slots = next;
    }
}
