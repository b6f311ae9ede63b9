package org.mtrace.analyses.testcases;

import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * The conflicting record pairs between two CPUs' access sets (MSCAN.md §8.10), as positions in
 * the sets, in ascending key order (first address, second address), with a cursor for merging
 * the pairs of all CPU pairs. Keeping positions, not records, means a pair that another CPU pair
 * already found costs no objects.
 */
final class PairConflicts {
    final AccessSet first;
    final AccessSet second;
    /** Found before the other CPU pairs with a greater order: wins ties of equal keys. */
    final int order;
    private final LongArrayList firstPositions = new LongArrayList();
    private final LongArrayList secondPositions = new LongArrayList();
    private int cursor;

    /**
     * Walks both sets in address order with two cursors; the one whose record ends first advances.
     * Each step moves one cursor to a greater start, so the pairs come out in strictly ascending
     * key order.
     */
    PairConflicts(AccessSet first, AccessSet second, int order) {
        this.first = first;
        this.second = second;
        this.order = order;
        RangeColumns a = first.columns();
        RangeColumns b = second.columns();
        long x = a.first();
        long y = b.first();
        while (x != RangeColumns.NONE && y != RangeColumns.NONE) {
            if (conflict(a, x, b, y)) {
                firstPositions.add(x);
                secondPositions.add(y);
            }
            if (Long.compareUnsigned(a.end(x), b.end(y)) > 0) {
                y = b.next(y);
            } else {
                x = a.next(x);
            }
        }
    }

    /** Strictly overlapping ranges, at least one a write. */
    private static boolean conflict(RangeColumns a, long x, RangeColumns b, long y) {
        return (AccessSet.isWrite(a.tag(x)) || AccessSet.isWrite(b.tag(y)))
                && Long.compareUnsigned(a.start(x), b.end(y)) < 0 && Long.compareUnsigned(b.start(y), a.end(x)) < 0;
    }

    boolean exhausted() {
        return cursor == firstPositions.size();
    }

    void advance() {
        cursor++;
    }

    /** The current pair's first record's position in {@link #first}. */
    long firstPosition() {
        return firstPositions.get(cursor);
    }

    long secondPosition() {
        return secondPositions.get(cursor);
    }

    long firstAddress() {
        return first.columns().start(firstPosition());
    }

    long secondAddress() {
        return second.columns().start(secondPosition());
    }

    /** Orders the current pairs of two cursors by key, then by {@link #order}. */
    static int compareCurrent(PairConflicts p, PairConflicts q) {
        int c = Long.compareUnsigned(p.firstAddress(), q.firstAddress());
        if (c == 0) {
            c = Long.compareUnsigned(p.secondAddress(), q.secondAddress());
        }
        return c != 0 ? c : Integer.compare(p.order, q.order);
    }
}
