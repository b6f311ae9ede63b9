package org.mtrace.dwarf.index;

import java.util.Arrays;

/**
 * Address ranges [lo, hi) with an int payload (a DIE offset or unit index), sorted by start address for
 * binary search. Ranges may nest (a unit contains functions); {@link #find} returns the innermost-starting
 * range that contains the address.
 */
public final class RangeTable {
    final long[] lo, hi;
    final int[] value;

    RangeTable(long[] lo, long[] hi, int[] value) {
        this.lo = lo;
        this.hi = hi;
        this.value = value;
    }

    /** Builds a table from unsorted parallel arrays of the given length (the arrays are not kept). */
    static RangeTable sorted(long[] lo, long[] hi, int[] value, int n) {
        int[] order = PrimitiveSort.orderByUnsigned(lo, n);
        long[] l = new long[n], h = new long[n];
        int[] v = new int[n];
        for (int i = 0; i < n; i++) { l[i] = lo[order[i]]; h[i] = hi[order[i]]; v[i] = value[order[i]]; }
        return new RangeTable(l, h, v);
    }

    static RangeTable empty() { return new RangeTable(new long[0], new long[0], new int[0]); }

    public int size() { return lo.length; }

    /** Payload of a range containing {@code addr}, preferring the one starting closest below it; -1 if none. */
    public int find(long addr) {
        int i = lastAtOrBelow(addr);
        // A few ranges may start between an enclosing range's start and addr; look back a bounded distance.
        for (int k = 0; i >= 0 && k < 64; i--, k++) {
            if (Long.compareUnsigned(addr, hi[i]) < 0) return value[i];
        }
        return -1;
    }

    /** Every payload whose range contains {@code addr} (nearest start first), up to {@code max}. */
    public int[] findAll(long addr, int max) {
        int[] out = new int[max];
        int n = 0;
        for (int i = lastAtOrBelow(addr), k = 0; i >= 0 && k < 256 && n < max; i--, k++) {
            if (Long.compareUnsigned(addr, hi[i]) < 0) out[n++] = value[i];
        }
        return Arrays.copyOf(out, n);
    }

    private int lastAtOrBelow(long addr) {
        return SortedSearch.lastAtOrBelow(lo, addr);
    }

    public long lo(int i) { return lo[i]; }
    public long hi(int i) { return hi[i]; }
    public int value(int i) { return value[i]; }
}
