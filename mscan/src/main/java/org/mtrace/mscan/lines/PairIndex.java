package org.mtrace.mscan.lines;

/**
 * Dense ids for pairs of longs (open addressing, linear probing): the composite keys of the line
 * core ({@code (line, packed key)}) without an object per key. Ids count up from 0 in order of
 * first appearance, so callers keep their per-key values in parallel primitive arrays.
 */
public final class PairIndex {
    private long[] a;
    private long[] b;
    private int[] ids; // id + 1; 0 = empty slot
    private int size;
    private long[] firstA = new long[16];
    private long[] firstB = new long[16];

    public PairIndex() {
        a = new long[64];
        b = new long[64];
        ids = new int[64];
    }

    /** The id of {@code (x, y)}, assigning the next one if the pair is new. */
    public int idOf(long x, long y) {
        int m = ids.length - 1;
        int i = hash(x, y) & m;
        while (true) {
            int id = ids[i];
            if (id == 0) {
                break;
            }
            if (a[i] == x && b[i] == y) {
                return id - 1;
            }
            i = (i + 1) & m;
        }
        int id = size++;
        a[i] = x;
        b[i] = y;
        ids[i] = id + 1;
        if (id == firstA.length) {
            firstA = java.util.Arrays.copyOf(firstA, id * 2);
            firstB = java.util.Arrays.copyOf(firstB, id * 2);
        }
        firstA[id] = x;
        firstB[id] = y;
        if (size * 2 > ids.length) {
            grow();
        }
        return id;
    }

    /** The id of {@code (x, y)}, or -1 if it has none. */
    public int find(long x, long y) {
        int m = ids.length - 1;
        for (int i = hash(x, y) & m; ids[i] != 0; i = (i + 1) & m) {
            if (a[i] == x && b[i] == y) {
                return ids[i] - 1;
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }

    /** First half of the pair with this id. */
    public long first(int id) {
        return firstA[id];
    }

    /** Second half of the pair with this id. */
    public long second(int id) {
        return firstB[id];
    }

    /** Bytes held (for the engine's out-of-memory choice). */
    public long stateBytes() {
        return 20L * ids.length + 16L * firstA.length;
    }

    private void grow() {
        int n = ids.length * 2;
        long[] na = new long[n];
        long[] nb = new long[n];
        int[] nid = new int[n];
        int m = n - 1;
        for (int j = 0; j < ids.length; j++) {
            if (ids[j] != 0) {
                int i = hash(a[j], b[j]) & m;
                while (nid[i] != 0) {
                    i = (i + 1) & m;
                }
                na[i] = a[j];
                nb[i] = b[j];
                nid[i] = ids[j];
            }
        }
        a = na;
        b = nb;
        ids = nid;
    }

    private static int hash(long x, long y) {
        long h = x * 0x9E3779B97F4A7C15L + y;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
