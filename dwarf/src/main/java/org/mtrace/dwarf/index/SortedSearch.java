package org.mtrace.dwarf.index;

/** Binary search used by every address-sorted table: the last entry whose key is at or below a value. */
public final class SortedSearch {
    private SortedSearch() {}

    /** Index of the last element of {@code sorted} (ascending as unsigned values) that is <= key, or -1. */
    public static int lastAtOrBelow(long[] sorted, long key) {
        int a = 0, b = sorted.length - 1, found = -1;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (Long.compareUnsigned(sorted[mid], key) <= 0) { found = mid; a = mid + 1; }
            else b = mid - 1;
        }
        return found;
    }
}
