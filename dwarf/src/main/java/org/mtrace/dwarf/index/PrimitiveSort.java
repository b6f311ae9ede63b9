package org.mtrace.dwarf.index;

/** Sorting helpers over primitive arrays (no boxing), used when building indexes. */
public final class PrimitiveSort {
    private PrimitiveSort() {}

    /** A permutation of 0..n-1 that orders {@code keys} as unsigned values; stable. */
    public static int[] orderByUnsigned(long[] keys, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return reorderByUnsigned(keys, idx);
    }

    /**
     * Sorts the permutation {@code order} (indexes into {@code keys}) by its keys as unsigned values, keeping
     * the present order of equal keys: after sorting by a minor key, this sorts by a major one. Returns it.
     */
    public static int[] reorderByUnsigned(long[] keys, int[] order) {
        mergeSort(keys, order, new int[order.length], 0, order.length);
        return order;
    }

    private static void mergeSort(long[] keys, int[] idx, int[] tmp, int from, int to) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int v = idx[i];
                int j = i - 1;
                while (j >= from && Long.compareUnsigned(keys[idx[j]], keys[v]) > 0) { idx[j + 1] = idx[j]; j--; }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(keys, idx, tmp, from, mid);
        mergeSort(keys, idx, tmp, mid, to);
        if (Long.compareUnsigned(keys[idx[mid - 1]], keys[idx[mid]]) <= 0) return;
        System.arraycopy(idx, from, tmp, from, to - from);
        int a = from, b = mid, o = from;
        while (a < mid && b < to) idx[o++] = Long.compareUnsigned(keys[tmp[b]], keys[tmp[a]]) < 0 ? tmp[b++] : tmp[a++];
        while (a < mid) idx[o++] = tmp[a++];
        while (b < to) idx[o++] = tmp[b++];
    }
}
