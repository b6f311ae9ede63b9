package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Dense ids for pairs of longs (open addressing, linear probing): the composite keys of the line
 * core ({@code (line, packed key)}) without an object per key. Ids count up from 0 in order of
 * first appearance, so callers keep their per-key values in parallel primitive arrays.
 *
 * <p>Speed: a slot is three adjacent longs (first, second, id + 1) in one array, so a probe costs
 * one cache miss, not three; the table is half full at most.
 */
public final class PairIndex {
    private static final int STRIDE = 3;
    private long[] slots; // first, second, id + 1 (0 = empty)
    private int mask;     // slot count - 1
    private int size;
    private long[] byId = new long[32]; // first, second of each id

    public PairIndex() {
        slots = new long[64 * STRIDE];
        mask = 63;
    }

    /** The id of {@code (x, y)}, assigning the next one if the pair is new. */
    public int idOf(long x, long y) {
        long[] s = slots;
        int i = hash(x, y) & mask;
        while (true) {
            int at = i * STRIDE;
            long id = s[at + 2];
            if (id == 0) {
                return add(at, x, y);
            }
            if (s[at] == x && s[at + 1] == y) {
                return (int) id - 1;
            }
            i = (i + 1) & mask;
        }
    }

    private int add(int at, long x, long y) {
        int id = size++;
        slots[at] = x;
        slots[at + 1] = y;
        slots[at + 2] = id + 1;
        if (2 * id + 1 >= byId.length) {
            byId = Arrays.copyOf(byId, byId.length * 2);
        }
        byId[2 * id] = x;
        byId[2 * id + 1] = y;
        if (size * 2 > mask + 1) {
            grow();
        }
        return id;
    }

    /** The id of {@code (x, y)}, or -1 if it has none. */
    public int find(long x, long y) {
        for (int i = hash(x, y) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long id = slots[at + 2];
            if (id == 0) {
                return -1;
            }
            if (slots[at] == x && slots[at + 1] == y) {
                return (int) id - 1;
            }
        }
    }

    public int size() {
        return size;
    }

    /** First half of the pair with this id. */
    public long first(int id) {
        return byId[2 * id];
    }

    /** Second half of the pair with this id. */
    public long second(int id) {
        return byId[2 * id + 1];
    }

    /** Bytes held (for the engine's out-of-memory choice). */
    public long stateBytes() {
        return 8L * (slots.length + byId.length);
    }

    private void grow() {
        long[] old = slots;
        int n = (mask + 1) * 2;
        slots = new long[n * STRIDE];
        mask = n - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + 2] != 0) {
                int i = hash(old[at], old[at + 1]) & mask;
                while (slots[i * STRIDE + 2] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, at, slots, i * STRIDE, STRIDE);
            }
        }
    }

    /** The mixer of the line core's open-addressing tables (Interner uses it too). */
    public static int hash(long x, long y) {
        long h = (x * 0x9E3779B97F4A7C15L) ^ y;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }
}
