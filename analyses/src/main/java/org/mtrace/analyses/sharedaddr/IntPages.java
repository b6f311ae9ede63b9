package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;

/**
 * A growable column of ints in fixed pages of 16 Ki values. Why not one array grown by copying:
 * a column of millions of values would need its old and its doubled copy at once, in one piece of
 * one heap generation (the parallel collector's old generation is two thirds of {@code -Xmx});
 * pages grow without copying, waste at most one page and fit wherever the collector has room.
 */
final class IntPages {
    static final int SHIFT = 14;
    private static final int MASK = (1 << SHIFT) - 1;
    private int[][] pages = new int[0][];
    private int size;

    /** A column of {@code n} copies of {@code value}. */
    static IntPages filled(int n, int value) {
        IntPages column = new IntPages();
        int full = (int) (((long) n + MASK) >>> SHIFT);
        column.pages = new int[full][];
        for (int p = 0; p < full; p++) {
            column.pages[p] = new int[1 << SHIFT];
            Arrays.fill(column.pages[p], value);
        }
        column.size = n;
        return column;
    }

    int get(int i) {
        return pages[i >>> SHIFT][i & MASK];
    }

    void set(int i, int value) {
        pages[i >>> SHIFT][i & MASK] = value;
    }

    /** Adds 1 to value {@code i} and returns the new value. */
    int increment(int i) {
        return ++pages[i >>> SHIFT][i & MASK];
    }

    /** Appends {@code value}; returns its index. */
    int add(int value) {
        int p = size >>> SHIFT;
        if (p == pages.length) {
            pages = Arrays.copyOf(pages, p + 1);
            pages[p] = new int[1 << SHIFT];
        }
        pages[p][size & MASK] = value;
        return size++;
    }

    int size() {
        return size;
    }

    /** Bytes of the pages held. */
    long bytes() {
        return 4L * pages.length << SHIFT;
    }
}
