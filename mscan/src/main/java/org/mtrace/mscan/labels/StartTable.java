package org.mtrace.mscan.labels;

/**
 * The start-address index of one label map: an open-addressing hash set of node numbers of an
 * {@link OrderedLongIndex} whose auxiliary value is the start, so an entry is one {@code int}
 * (the start is read from the node, not stored twice). Fibonacci hashing, linear probing up to
 * 3/4 full, and deletion by shifting the rest of the probe run back (no tombstones: heap labels
 * come and go at a high rate, see {@link org.mtrace.mscan.util.LongMap}). An entry keeps two
 * more bits of its start's hash beside the node, so a probe past another start reads that node
 * only one time in four.
 */
final class StartTable {
    private final OrderedLongIndex nodes;
    private static final int NODE_PART = (1 << 30) - 1;

    /** hash bits << 30 | node + 1; 0 = empty. Nodes are below 2^29 ({@link LabelMap#NODE_BITS}). */
    private int[] table = new int[64];
    private int shift = 64 - 6;
    private int size;

    StartTable(OrderedLongIndex nodes) {
        this.nodes = nodes;
    }

    int size() {
        return size;
    }

    /** The node whose start is {@code start}, or -1. */
    int get(long start) {
        int mask = table.length - 1;
        int tag = tag(start);
        for (int i = index(start); ; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                return -1;
            }
            if ((e & ~NODE_PART) == tag && nodes.aux((e & NODE_PART) - 1) == start) {
                return (e & NODE_PART) - 1;
            }
        }
    }

    /** Adds {@code node}, whose start no node in the table has. */
    void add(int node) {
        if ((size + 1) * 4L > table.length * 3L) {
            grow();
        }
        insert(node);
        size++;
    }

    /** Removes {@code node}, which is in the table. */
    void remove(int node) {
        int mask = table.length - 1;
        int i = index(nodes.aux(node));
        while ((table[i] & NODE_PART) != node + 1) {
            i = (i + 1) & mask;
        }
        // backward shift: move later members of the run into the hole unless that would put
        // them before their home slot (cyclically), then continue from the new hole
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = index(nodes.aux((table[j] & NODE_PART) - 1));
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = 0;
        size--;
    }

    private void insert(int node) {
        long start = nodes.aux(node);
        int mask = table.length - 1;
        int i = index(start);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = tag(start) | node + 1;
    }

    private int index(long start) {
        return (int) ((start * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /**
     * Two bits of the hash the index does not use (bits 32 and 33: tables stay far below 2^30
     * entries; the lowest bits would not do, as they only mix the start's lowest bits), in the
     * entry's top bits.
     */
    private static int tag(long start) {
        return (int) ((start * 0x9E3779B97F4A7C15L) >>> 32) << 30;
    }

    private void grow() {
        int[] old = table;
        table = new int[old.length * 2];
        shift--;
        for (int e : old) {
            if (e != 0) {
                insert((e & NODE_PART) - 1);
            }
        }
    }
}
