package org.mtrace.mscan.report;

import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;

/**
 * A set of line ids (0 up to a known bound), for "on how many lines": a hash set while it is small,
 * a bitmap once the bitmap is smaller. Why: the report adds to one set per function, system call
 * and type for each of millions of keys, and a hot function's set of a million lines made a hash
 * table of 8 MB probed at random (a cache miss per key); its bitmap over 1.7 M lines is 212 KB.
 */
final class LineIdSet {
    private final int lines;
    private IntHashSet small = new IntHashSet();
    private long[] bits;
    private int size;

    /** A set of ids below {@code lines}. */
    LineIdSet(int lines) {
        this.lines = lines;
    }

    void add(int line) {
        if (bits != null) {
            long old = bits[line >>> 6];
            long now = old | 1L << line;
            if (now != old) {
                bits[line >>> 6] = now;
                size++;
            }
            return;
        }
        if (small.add(line) && small.size() > lines / 64) { // 8+ bytes an id in the table, 1/8 in a bitmap
            bits = new long[(lines + 63) >>> 6];
            small.forEach(l -> bits[l >>> 6] |= 1L << l);
            size = small.size();
            small = null;
        }
    }

    boolean contains(int line) {
        return bits != null ? (bits[line >>> 6] & 1L << line) != 0 : small.contains(line);
    }

    int size() {
        return bits != null ? size : small.size();
    }
}
