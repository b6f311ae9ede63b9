package org.mtrace.mscan.lines;

import java.util.Arrays;

/**
 * Dense ids for the line core's keys, pairs of a line id (an int) and a packed key (a long), by
 * open addressing with linear probing; ids count up from 0 in order of first appearance.
 *
 * <p>Why not {@link PairIndex}: this table is probed for most transfers and outgrows the caches on
 * large logs, so each probe is a cache miss. A slot here is two longs (the packed key; the line id
 * and id + 1), 16 bytes that never straddle a 64-byte cache line, against PairIndex's 24.
 */
final class KeyIndex {
    private long[] slots; // per slot: packed key, then line id << 32 | (id + 1) (0 = empty)
    private int mask;     // slot count - 1
    private int size;
    private int[] lineById = new int[64];
    private long[] keyById = new long[64];

    KeyIndex() {
        slots = new long[2 * 1024];
        mask = 1023;
    }

    /** The id of {@code (line, key)}, assigning the next one if the pair is new. */
    int idOf(int line, long key) {
        long[] s = slots;
        long tag = (long) line << 32;
        for (int i = PairIndex.hash(line, key) & mask; ; i = (i + 1) & mask) {
            long word = s[2 * i + 1];
            if (word == 0) {
                return add(i, line, key);
            }
            if ((word & 0xffffffff00000000L) == tag && s[2 * i] == key) {
                return (int) word - 1;
            }
        }
    }

    private int add(int slot, int line, long key) {
        int id = size++;
        slots[2 * slot] = key;
        slots[2 * slot + 1] = (long) line << 32 | (id + 1);
        if (id == keyById.length) {
            keyById = Arrays.copyOf(keyById, id * 2);
            lineById = Arrays.copyOf(lineById, id * 2);
        }
        keyById[id] = key;
        lineById[id] = line;
        if (size * 2 > mask + 1) {
            grow();
        }
        return id;
    }

    int size() {
        return size;
    }

    /** The line id of the key with this id. */
    int line(int id) {
        return lineById[id];
    }

    /** The packed key with this id. */
    long key(int id) {
        return keyById[id];
    }

    long stateBytes() {
        return 8L * slots.length + 12L * keyById.length;
    }

    private void grow() {
        long[] old = slots;
        int n = (mask + 1) * 2;
        slots = new long[2 * n];
        mask = n - 1;
        for (int at = 0; at < old.length; at += 2) {
            long word = old[at + 1];
            if (word != 0) {
                int i = PairIndex.hash((int) (word >>> 32), old[at]) & mask;
                while (slots[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                slots[2 * i] = old[at];
                slots[2 * i + 1] = word;
            }
        }
    }
}
