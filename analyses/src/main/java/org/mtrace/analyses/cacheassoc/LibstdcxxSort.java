package org.mtrace.analyses.cacheassoc;

/**
 * Emulation of libstdc++'s {@code std::sort} (GCC 4.9 and later: introsort with median-of-three
 * pivot, heap-sort fallback, final insertion sort) over an int array with a strict weak order, as
 * described in MSCAN.md Appendix D. Reproduces the order the original produces for equal
 * elements, which the standard's unstable sort leaves unspecified.
 */
final class LibstdcxxSort {
    private static final int THRESHOLD = 16;

    /** A strict weak ordering on int elements. */
    interface Less {
        boolean less(int x, int y);
    }

    private final int[] s;
    private final Less less;

    private LibstdcxxSort(int[] s, Less less) {
        this.s = s;
        this.less = less;
    }

    /** Sorts {@code s} in place exactly as {@code std::sort(s, s + n, less)} would. */
    static void sort(int[] s, Less less) {
        int n = s.length;
        if (n == 0) {
            return;
        }
        LibstdcxxSort sorter = new LibstdcxxSort(s, less);
        sorter.loop(0, n, 2 * (31 - Integer.numberOfLeadingZeros(n)));
        sorter.finalInsertionSort(n);
    }

    private void loop(int lo, int hi, int depth) {
        while (hi - lo > THRESHOLD) {
            if (depth == 0) {
                heapSort(lo, hi);
                return;
            }
            depth--;
            int cut = partitionPivot(lo, hi);
            loop(cut, hi, depth);
            hi = cut;
        }
    }

    private int partitionPivot(int lo, int hi) {
        moveMedianToFirst(lo, lo + 1, lo + (hi - lo) / 2, hi - 1);
        int i = lo + 1;
        int j = hi;
        while (true) {
            while (less.less(s[i], s[lo])) {
                i++;
            }
            j--;
            while (less.less(s[lo], s[j])) {
                j--;
            }
            if (i >= j) {
                return i;
            }
            swap(i, j);
            i++;
        }
    }

    private void moveMedianToFirst(int result, int a, int b, int c) {
        if (less.less(s[a], s[b])) {
            if (less.less(s[b], s[c])) {
                swap(result, b);
            } else if (less.less(s[a], s[c])) {
                swap(result, c);
            } else {
                swap(result, a);
            }
        } else if (less.less(s[a], s[c])) {
            swap(result, a);
        } else if (less.less(s[b], s[c])) {
            swap(result, c);
        } else {
            swap(result, b);
        }
    }

    private void finalInsertionSort(int n) {
        if (n > THRESHOLD) {
            insertionSort(0, THRESHOLD);
            for (int k = THRESHOLD; k < n; k++) {
                unguardedLinearInsert(k);
            }
        } else {
            insertionSort(0, n);
        }
    }

    private void insertionSort(int first, int last) {
        for (int k = first + 1; k < last; k++) {
            int v = s[k];
            if (less.less(v, s[first])) {
                System.arraycopy(s, first, s, first + 1, k - first);
                s[first] = v;
            } else {
                unguardedLinearInsert(k);
            }
        }
    }

    private void unguardedLinearInsert(int k) {
        int v = s[k];
        int j = k - 1;
        while (less.less(v, s[j])) {
            s[j + 1] = s[j];
            j--;
        }
        s[j + 1] = v;
    }

    // heap sort as std::partial_sort(lo, hi, hi): make_heap then sort_heap

    private void heapSort(int lo, int hi) {
        int len = hi - lo;
        if (len >= 2) {
            for (int parent = (len - 2) / 2; ; parent--) {
                adjustHeap(lo, parent, len, s[lo + parent]);
                if (parent == 0) {
                    break;
                }
            }
        }
        for (int last = hi - 1; last - lo > 0; last--) {
            int v = s[last];
            s[last] = s[lo];
            adjustHeap(lo, 0, last - lo, v);
        }
    }

    private void adjustHeap(int base, int hole, int len, int value) {
        int top = hole;
        int child = hole;
        while (child < (len - 1) / 2) {
            child = 2 * (child + 1);
            if (less.less(s[base + child], s[base + child - 1])) {
                child--;
            }
            s[base + hole] = s[base + child];
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2) {
            child = 2 * (child + 1);
            s[base + hole] = s[base + child - 1];
            hole = child - 1;
        }
        // push_heap
        int parent = (hole - 1) / 2;
        while (hole > top && less.less(s[base + parent], value)) {
            s[base + hole] = s[base + parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        s[base + hole] = value;
    }

    private void swap(int i, int j) {
        int t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
}
